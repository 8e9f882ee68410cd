"""Peak memory of a process and every process it started, as the benchmark reports it.

RSS counts shared pages once per process, and a forked worker's RSS includes all it
inherited: summed, it counts the same pages many times over. USS (the pages only that
process holds) summed over the tree is what the tree costs the machine; PSS (shared pages
split between their holders) is printed beside it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import psutil

SAMPLE_SECONDS = 0.25


@dataclass
class PeakMemory:
    uss_mb: float = 0.0
    pss_mb: float = 0.0
    processes: int = 0  # in the tree at the peak of USS


def tree_memory_mb(root: psutil.Process) -> tuple[float, float, int]:
    """Summed USS and PSS of `root` and its descendants now (a process that ends while it is
    read is left out)."""
    uss = pss = 0
    processes = 0
    for process in [root, *root.children(recursive=True)]:
        try:
            info = process.memory_full_info()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        uss += info.uss
        pss += getattr(info, "pss", 0)
        processes += 1
    return uss / 2**20, pss / 2**20, processes


class PeakSampler:
    """Samples the tree of this process every SAMPLE_SECONDS while the block runs."""

    def __init__(self, interval: float = SAMPLE_SECONDS) -> None:
        self.interval = interval
        self.peak = PeakMemory()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._root = psutil.Process()

    def _sample(self) -> None:
        uss, pss, processes = tree_memory_mb(self._root)
        if uss > self.peak.uss_mb:
            self.peak.uss_mb, self.peak.processes = uss, processes
        self.peak.pss_mb = max(self.peak.pss_mb, pss)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self) -> PeakSampler:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()
