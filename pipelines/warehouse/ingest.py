"""Which files in RAW_DIR are reports."""

from __future__ import annotations

import hashlib
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


def folder_signature(raw_dir: Path) -> str:
    """Changes when a report file (or its sidecar) is added, changed or removed."""
    root = Path(raw_dir).resolve()
    digest = hashlib.sha256()
    for path in report_files(root):
        for member in (path, path.with_name(path.name + SIDECAR_SUFFIX)):
            if member.exists():
                stat = member.stat()
                digest.update(f"{member.relative_to(root)}\0{stat.st_size}\0{stat.st_mtime_ns}\n"
                              .encode())
    return digest.hexdigest()
