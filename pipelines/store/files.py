"""Which files in RAW_DIR are reports, and which entries that look like reports are refused.

RAW_DIR is whatever scrapers left, so the folder is walked entry by entry and nothing in it
is trusted: an entry named like a report (`.txt`, `.html`, `.htm`) that cannot be one (a FIFO,
a device, a dangling symlink, a symlink loop or one pointing outside RAW_DIR, a name that is
not UTF-8) and a folder that cannot be listed are *refused*: each is recorded in dim_report
as `failed` with the reason, never skipped in silence and never allowed to stop the run.
A report in a format that is not read (a PDF, a Word or WPS document, an OFD file, a
spreadsheet, an image: NOT_READ) is refused the same way, as `format not read: PDF` and so on,
so every report a crawler saved is accounted for. Hidden entries (a name starting with `.`)
and sidecars are skipped on purpose; any other file (a crawler's links.tsv, a MANIFEST) is
not a report, and is counted and named as such (Scan.other) but not recorded.
"""

from __future__ import annotations

import errno
import hashlib
import operator
import os
import stat as stat_module
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from pipelines.collector import collector_paused
from pipelines.extract.source import SIDECAR_SUFFIX, file_kind, os_reason, sidecar_mtime_ns

REPORT_SUFFIXES = (".txt", ".html", ".htm")
_SIDECAR_FOLDED = SIDECAR_SUFFIX.casefold()
_NAME = operator.attrgetter("name")
# Formats a report is often published in that are not read: recorded as `failed` with
# "format not read: <kind>".
NOT_READ = {
    ".pdf": "PDF",
    ".doc": "Word (.doc)",
    ".docx": "Word (.docx)",
    ".rtf": "RTF",
    ".wps": "WPS (.wps)",
    ".ofd": "OFD (.ofd)",
    ".xls": "spreadsheet (.xls)",
    ".xlsx": "spreadsheet (.xlsx)",
    ".et": "spreadsheet (.et)",
    **{
        suffix: f"image ({suffix})"
        for suffix in (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp")
    },
}


class Candidate(NamedTuple):
    """A file to read as a report: `name` is its path under RAW_DIR (POSIX separators), `file`
    the path the walk listed. The walk keeps what it learnt of a regular file (its stat, its
    sidecar's time), so a run over 100 000 unchanged files makes one system call per file,
    not five, and no Path (making one costs more than the system call); a tuple, made in
    0.4-0.7 µs where a frozen dataclass takes 1.6."""

    file: str
    name: str
    status: os.stat_result | None  # None for a link, which the walk does not follow
    sidecar_mtime_ns: int  # 0: no sidecar

    @property
    def path(self) -> Path:
        return Path(self.file)

    def stat(self) -> os.stat_result:
        """The walk's stat of a regular file, else the file's through its link."""
        return self.status or os.stat(self.file)


@dataclass(frozen=True)
class Refused:
    """An entry named like a report (or a folder) that cannot be read as one, and why."""

    name: str
    reason: str
    size: int = 0
    mtime_ns: int = 0


@dataclass
class Scan:
    reports: list[Candidate] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    other: list[str] = field(default_factory=list)  # files that are no report, by name


def display_name(relative: str) -> str:
    """A name as stored: file-name bytes that are not UTF-8 are shown as \\xNN escapes (a
    string with undecodable bytes cannot be written to Parquet or DuckDB)."""
    if relative.isascii():  # most names, and the test is a tenth of encoding's cost
        return relative
    try:
        relative.encode("utf-8")
        return relative
    except UnicodeEncodeError:
        return os.fsencode(relative).decode("utf-8", errors="backslashreplace")


def scan_raw_dir(raw_dir: Path) -> Scan:
    """Every entry of raw_dir that is, or claims to be, a report, in name order."""
    root = Path(raw_dir).resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"RAW_DIR {raw_dir} is not a folder")
    scan = Scan()
    _walk(root, scan)
    scan.refused = _told_apart(scan.reports, scan.refused)
    scan.refused.sort(key=lambda refused: refused.name)
    scan.other.sort()
    return scan


def _told_apart(reports: list[Candidate], refused: list[Refused]) -> list[Refused]:
    """The refusals, each under a name no other entry has. A name shown with \\x escapes may
    be another file's real name (c\\xff.txt beside c<0xff>.txt) or another escaped one's; the
    store keys an entry by its name, so one of the two would be lost and the other parsed
    again every run. The refusal after the first of a name (in walk order) takes a number."""
    taken = {candidate.name for candidate in reports}
    distinct = []
    for entry in refused:
        name, number = entry.name, 1
        while name in taken:
            number += 1
            name = f"{entry.name} ({number})"
        taken.add(name)
        distinct.append(entry if name == entry.name else replace(entry, name=name))
    return distinct


def _walk(root: Path, scan: Scan) -> None:
    """Depth-first, each folder's entries in name order and a folder's files where its name
    falls among them, so the reports come out in the order their paths sort (sorting 100 000
    paths by their parts took a quarter of the walk); without recursion, as a folder may be
    nested thousands deep."""
    pending = [_listing(root, root, "", scan)]
    while pending:
        entries, sidecars, prefix = pending[-1]
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            relative = prefix + name
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False
            if is_folder:
                listing = _listing(root, Path(entry.path), relative + "/", scan)
                if listing is not None:
                    pending.append(listing)
                    break  # into the folder; this one goes on from its next entry after
                continue
            _consider(root, entry, relative, sidecars, scan)
        else:
            pending.pop()


def _listing(
    root: Path, folder: Path, prefix: str, scan: Scan
) -> tuple[Iterator[os.DirEntry], set[str], str] | None:
    """A folder's entries in name order, the names of its sidecars casefolded (on a
    case-insensitive file system 报告.TXT.meta.json is its sidecar) and the prefix of its
    entries' names; None, with the folder refused, if it cannot be listed (RAW_DIR itself
    raises)."""
    try:
        with os.scandir(folder) as iterator:
            entries = sorted(iterator, key=_NAME)
    except OSError as error:
        if folder == root:
            raise
        scan.refused.append(
            _refusal(
                display_name(prefix),
                f"folder cannot be listed ({os_reason(error)}): the reports in it are not read",
                folder,
            )
        )
        return None
    folded = (entry.name.casefold() for entry in entries)
    return iter(entries), {name for name in folded if name.endswith(_SIDECAR_FOLDED)}, prefix


def _consider(
    root: Path, entry: os.DirEntry, relative: str, sidecars: set[str], scan: Scan
) -> None:
    file_name = entry.name
    if file_name.endswith(SIDECAR_SUFFIX):
        return
    # os.path.splitext's suffix (no entry starting with a dot comes here), without its cost
    # over 100 000 files
    dot = file_name.rfind(".")
    suffix = file_name[dot:].lower() if dot > 0 else ""
    # (display_name's and _kind_problem's first tests are made here for the common case, a
    # plain report with an ASCII name, without the calls: 100 000 files make them)
    name = relative if relative.isascii() else display_name(relative)
    if suffix in NOT_READ:
        scan.refused.append(
            _refusal(
                name,
                f"format not read: {NOT_READ[suffix]}; only text "
                f"and HTML are read (save the report as .txt or "
                f".html beside it to load it)",
                Path(entry.path),
            )
        )
        return
    if suffix not in REPORT_SUFFIXES:
        scan.other.append(name)
        return
    if name != relative:
        scan.refused.append(
            _refusal(
                name,
                "file name is not valid UTF-8 (shown with \\x escapes): rename the file to load it",
                Path(entry.path),
            )
        )
        return
    status = None
    if entry.is_symlink():  # known from the listing, no system call
        problem = _not_a_report_file(root, Path(entry.path))
    else:
        try:
            status = entry.stat(follow_symlinks=False)
            problem = None if stat_module.S_ISREG(status.st_mode) else _kind_problem(status.st_mode)
        except OSError as error:
            problem = f"cannot be read ({os_reason(error)})"
    if problem:
        scan.refused.append(_refusal(name, problem, Path(entry.path)))
        return
    # A sidecar is looked at only where the folder lists one.
    listed = bool(sidecars) and (file_name + SIDECAR_SUFFIX).casefold() in sidecars
    sidecar = sidecar_mtime_ns(Path(entry.path)) if listed else 0
    scan.reports.append(Candidate(entry.path, name, status, sidecar))


def _not_a_report_file(root: Path, path: Path) -> str | None:
    """Why path (named like a report) cannot be read as one, or None."""
    try:
        if path.is_symlink():
            try:
                target = path.resolve(strict=True)
            except FileNotFoundError:
                return f"dangling symlink (to {_target(path)}): nothing to read"
            except (RuntimeError, OSError) as error:  # a loop: RuntimeError or ELOOP
                if isinstance(error, RuntimeError) or getattr(error, "errno", None) == errno.ELOOP:
                    return "symlink loop: nothing to read"
                return f"symlink cannot be followed ({os_reason(error)})"
            if not target.is_relative_to(root):
                return (
                    "symlink pointing outside RAW_DIR: refused (a report must be a file "
                    "inside RAW_DIR)"
                )
        mode = path.stat().st_mode
    except OSError as error:
        return f"cannot be read ({os_reason(error)})"
    return _kind_problem(mode)


def _kind_problem(mode: int) -> str | None:
    if not stat_module.S_ISREG(mode):
        return f"not a regular file ({file_kind(mode)}): nothing to read"
    return None


def _refusal(name: str, reason: str, path: Path) -> Refused:
    try:
        status = os.lstat(path)
        return Refused(name, reason, status.st_size, status.st_mtime_ns)
    except OSError:
        return Refused(name, reason)


def _target(path: Path) -> str:
    try:
        return display_name(os.readlink(path))
    except OSError:
        return "?"


def report_files(raw_dir: Path) -> list[Path]:
    """Report files under raw_dir, sorted (the entries scan_raw_dir accepts)."""
    return [candidate.path for candidate in scan_raw_dir(raw_dir).reports]


def folder_signature(raw_dir: Path) -> str:
    """Changes when a report file (or its sidecar) is added, changed or removed, or an entry
    is refused or stops being refused. What the walk learnt of a file (its stat, its sidecar's
    time) is used as it is, not asked of the system again: the sensor's look at 100 000 files
    took 3.4-3.5 s, now 1.1 s (three alternated rounds in a process holding the project's
    Dagster definitions), the signature the same."""
    root = Path(raw_dir).resolve()
    with collector_paused():
        scan = scan_raw_dir(root)
        digest = hashlib.sha256()
        for candidate in scan.reports:
            digest.update(
                f"{candidate.name}\0{_state(candidate)}\0{candidate.sidecar_mtime_ns}\n".encode()
            )
        for refused in scan.refused:
            digest.update(
                f"{refused.name}\0{refused.reason}\0{refused.size}\0{refused.mtime_ns}\n".encode()
            )
    return digest.hexdigest()


def _state(candidate: Candidate) -> str:
    try:
        status = candidate.stat()
        return f"{status.st_size}\0{status.st_mtime_ns}"
    except OSError as error:
        return f"error {error.errno}"
