"""Progress lines for long runs: done / total, rate and time left."""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class Progress:
    what: str
    every_seconds: float = 2.0
    started: float = field(default_factory=time.monotonic)
    _last: float | None = None  # the first line is always due

    def line(self, done: int, total: int) -> str | None:
        """A progress line when one is due (every few seconds, and at the end), else None."""
        now = time.monotonic()
        if done < total and self._last is not None and now - self._last < self.every_seconds:
            return None
        self._last = now
        elapsed = max(now - self.started, 1e-9)
        rate = done / elapsed
        left = (total - done) / rate if rate else float("inf")
        return (
            f"progress: {self.what} {done}/{total} ({100 * done / max(total, 1):.0f}%), "
            f"{rate:.0f}/s, {elapsed:.0f} s elapsed, about {left:.0f} s left"
        )
