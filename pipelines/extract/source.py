"""A report's file as the run finds it, before anything is parsed: its sidecar's name and
time, its bytes' sha256, what an entry that is no regular file is, and the record of a file
that is refused unread.

Apart from the parser (report.py), so that a run that finds nothing to parse, and the sensor
that watches RAW_DIR, never import it (0.26 s and 19 MB of modules a process).
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat as stat_module
from pathlib import Path
from typing import BinaryIO

from pipelines.extract.records import ParsedReport

SIDECAR_SUFFIX = ".meta.json"


class NotRegularFile(OSError):
    """A path that is a FIFO, a device, a socket or a folder: reading it could block forever
    or never end."""


def open_regular(path: Path) -> tuple[BinaryIO, os.stat_result]:
    """An open binary handle on path and its stat, only when path is a regular file. Opened
    non-blocking, so a FIFO put in a report's place cannot hang the run."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(path, flags)
    try:
        status = os.fstat(descriptor)
        if not stat_module.S_ISREG(status.st_mode):
            raise NotRegularFile(errno.EINVAL, f"not a regular file ({file_kind(status.st_mode)})")
        return os.fdopen(descriptor, "rb"), status
    except BaseException:
        os.close(descriptor)
        raise


def file_kind(mode: int) -> str:
    """What an entry that is not a regular file is, for the reason it is refused."""
    for test, kind in (
        (stat_module.S_ISFIFO, "a FIFO"),
        (stat_module.S_ISCHR, "a character device"),
        (stat_module.S_ISBLK, "a block device"),
        (stat_module.S_ISSOCK, "a socket"),
        (stat_module.S_ISDIR, "a folder"),
    ):
        if test(mode):
            return kind
    return "not a file"


def os_reason(error: OSError) -> str:
    """An OS error as a reader says it: `Permission denied`."""
    return error.strerror or type(error).__name__


def sha256_of(handle: BinaryIO) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: handle.read(1 << 20), b""):
        digest.update(block)
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    """sha256 of a file, read in blocks (a report may be far larger than memory allows).
    Raises OSError (NotRegularFile for a FIFO or a device) instead of blocking on one."""
    handle, _ = open_regular(path)
    with handle:
        return sha256_of(handle)


def sidecar_path(path: Path) -> Path | None:
    """Where a report's sidecar would be; None when that name cannot exist (over 255 bytes)."""
    name = path.name + SIDECAR_SUFFIX
    if len(os.fsencode(name)) > 255:
        return None
    return path.with_name(name)


def sidecar_mtime_ns(path: Path) -> int:
    """The sidecar's modification time (0 when there is none); a change re-parses the report.
    Never raises: a sidecar that cannot be looked at is reported when the report is read."""
    sidecar = sidecar_path(path)
    if sidecar is None:
        return 0
    for look in (os.stat, os.lstat):  # lstat: a dangling link or a loop still has a time
        try:
            return look(sidecar).st_mtime_ns
        except (OSError, ValueError):
            continue
    return 0


def refused_report(source_file: str, reason: str) -> ParsedReport:
    """The record of a file that was never read (so it has no sha256): `failed` with the
    reason, under an id made from its name and the reason."""
    key = hashlib.sha256(f"refused\0{source_file}\0{reason}".encode("utf-8", "backslashreplace"))
    return ParsedReport(
        report_id=key.hexdigest()[:16],
        source_file=source_file,
        source_sha256=None,
        parse_status="failed",
        parse_errors=[reason],
    )
