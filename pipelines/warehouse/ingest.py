"""Which files in RAW_DIR are reports."""

from __future__ import annotations

from pathlib import Path

from pipelines.extract.report import SIDECAR_SUFFIX

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
