"""Which files in RAW_DIR are reports, and parsing them all."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from pipelines.extract.records import ParsedReport
from pipelines.extract.report import SIDECAR_SUFFIX, parse_report

REPORT_SUFFIXES = (".txt", ".html", ".htm")


def report_files(raw_dir: Path) -> list[Path]:
    """Report files under raw_dir, sorted. Hidden files, sidecars and anything that resolves
    outside raw_dir (a symlink planted by a scraper) are not reports."""
    root = Path(raw_dir).resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"RAW_DIR {raw_dir} is not a folder")
    found = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.name.endswith(SIDECAR_SUFFIX) or path.suffix.lower() not in REPORT_SUFFIXES:
            continue
        if not path.resolve().is_relative_to(root) or not path.is_file():
            continue
        found.append(path)
    return found


def parse_folder(raw_dir: Path,
                 on_report: Callable[[int, int, ParsedReport], None] | None = None
                 ) -> Iterator[ParsedReport]:
    """Parse every report file in raw_dir, telling `on_report(done, total, report)` as it goes."""
    root = Path(raw_dir).resolve()
    files = report_files(root)
    for done, path in enumerate(files, start=1):
        report = parse_report(path, source_file=path.relative_to(root).as_posix())
        if on_report:
            on_report(done, len(files), report)
        yield report
