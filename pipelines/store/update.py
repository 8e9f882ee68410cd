"""The parsed store: every report's records, parsed once, kept as Parquet between runs.

    <parsed_dir>/files.parquet            which file holds which report, parsed in which part
    <parsed_dir>/<kind>/<part>.parquet    the records of the reports one run parsed

A run stats every file in RAW_DIR and reads only those whose size or modification time
changed; of those it parses only the ones whose bytes (sha256) or the parser version
changed. Removed files leave the manifest, and with it the warehouse. The manifest is
written last and atomically, so a run killed half-way leaves the store as the last run left
it (its new parts are orphans, removed by the next run). Its footer holds a digest of what
that comparison reads (each file's size and times, each refused entry's record, the parser's
version): a run whose walk gives the same digest, and finds no part the manifest does not
list, changes nothing, and knows it without reading the rows. Only _write_manifest writes
that footer, with the rows it covers; a manifest rewritten by other means must drop it
(pyarrow keeps a table's schema metadata from read_table to write_table), or runs trust it.

Identical files are one report: files with the same bytes are parsed once, from the first of
them by name (with that file's sidecar), and every one of them points at that parse, so
dim_report keeps one row per report_id whatever the sidecars say.

One file never stops a run: an entry of RAW_DIR that cannot be read as a report (a FIFO, a
dangling symlink, a folder that cannot be listed, a file that cannot be read) is recorded as
`failed`; every file is parsed under a time budget (store/parsing.py: in this process, a pool
of local workers or a Dask cluster) and one that takes longer, or kills its worker, is
recorded as `failed` with the reason while the run goes on.
"""

from __future__ import annotations

import ctypes
import fcntl
import hashlib
import os
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.atomic import replacing, write_parquet_atomically
from pipelines.collector import collector_paused
from pipelines.extract.source import (
    SIDECAR_SUFFIX,
    file_sha256,
    os_reason,
    refused_report,
    sidecar_path,
)
from pipelines.pause_points import reached
from pipelines.store.files import Refused, Scan, scan_raw_dir
from pipelines.store.parsing import Task, batch_parser, failed_rows
from pipelines.store.rows import SCHEMAS, STORED_BY, StoredRows, storable

MANIFEST = "files.parquet"
MANIFEST_SCHEMA = pa.schema(
    [
        ("source_file", pa.string()),
        ("size", pa.int64()),
        ("mtime_ns", pa.int64()),
        ("source_sha256", pa.string()),
        ("report_id", pa.string()),
        # rows.STORED_BY: the parser's version and the version of the rows' shaping.
        ("parser_version", pa.string()),
        ("part", pa.string()),
        ("parse_status", pa.string()),
        ("sidecar_mtime_ns", pa.int64()),
        # The file whose bytes and sidecar the report was parsed from, and that sidecar's time;
        # NULL and 0 where the parse depended on the bytes alone (no sidecar).
        ("parsed_from", pa.string()),
        ("parsed_sidecar_mtime_ns", pa.int64()),
    ]
)
# The key, in the manifest's Parquet footer, of _states_digest over the rows below it.
STATES_DIGEST_KEY = b"states_sha256"
# More small parts than this (fewer live reports than COMPACT_BELOW each) and they are
# merged into one.
MAX_PARTS = 32
COMPACT_BELOW = 200
# Reports parsed and written per part: bounds the memory a run holds.
BATCH_SIZE = 1000


@dataclass
class StoreUpdate:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    problems: dict[str, str] = field(default_factory=dict)  # source_file -> status: errors
    compacted: bool = False
    # What the store holds after the update: how many files have each parse_status.
    statuses: Counter[str] = field(default_factory=Counter)
    # The files under RAW_DIR that are no report (a crawler's index, a MANIFEST), by name, as
    # the update's walk found them: a run names them without walking the folder again.
    other: list[str] = field(default_factory=list)


@contextmanager
def exclusive(lock_path: Path, shared: bool = False) -> Iterator[None]:
    """One writer at a time: a second run waits here instead of racing the first. A shared
    hold (a build reading the store) keeps writers out but not other readers."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def store_lock(parsed_dir: Path) -> Path:
    """The lock of the parsed store: a run holds it alone while it changes the store, a build
    shares it while it reads the store, so no part is removed while a build may read it."""
    parsed_dir = Path(parsed_dir)
    return parsed_dir.with_name(parsed_dir.name + ".lock")


def read_manifest(parsed_dir: Path) -> dict[str, dict]:
    path = Path(parsed_dir) / MANIFEST
    if not path.exists():
        return {}
    # ParquetFile, not read_table: read_table imports pyarrow.dataset (0.35 s a run).
    rows = {row["source_file"]: row for row in pq.ParquetFile(path).read().to_pylist()}
    for row in rows.values():  # a manifest written before parsed_from was kept
        if "parsed_from" not in row:
            row["parsed_from"] = row["source_file"] if row["sidecar_mtime_ns"] else None
            row["parsed_sidecar_mtime_ns"] = row["sidecar_mtime_ns"] or 0
    return rows


def part_path(parsed_dir: Path, kind: str, part: str) -> Path:
    return Path(parsed_dir) / kind / f"{part}.parquet"


def update_store(
    raw_dir: Path, parsed_dir: Path, on_report: Callable[[int, int, str, str], None] | None = None
) -> StoreUpdate:
    """Bring the store up to date with raw_dir; `on_report(done, total, file, status)` is
    told of every report parsed."""
    parsed_dir = Path(parsed_dir)
    with exclusive(store_lock(parsed_dir)):
        update = _update(Path(raw_dir).resolve(), parsed_dir, on_report)
    _give_back_memory()
    return update


def _give_back_memory() -> None:
    """Give the system what the parse's rows and tables left free, for the build that follows
    in this process: Arrow's allocator (mimalloc) keeps the pages of the parts' tables for
    tables to come (150 MB at 10 000 reports), glibc the free stretches of its heap."""
    pa.default_memory_pool().release_unused()
    try:
        malloc_trim = ctypes.CDLL(None).malloc_trim  # glibc's; other C libraries lack it
    except (OSError, AttributeError):
        return
    malloc_trim(0)


def _origin(name: str, sidecar: int) -> tuple[str | None, int]:
    """What a parse of this file depends on besides its bytes: its own name and sidecar time
    where it has a sidecar (or a name too long for one, which is noted on the report)."""
    if sidecar or _sidecar_name_too_long(name):
        return name, sidecar
    return None, 0


def _sidecar_name_too_long(name: str) -> bool:
    """sidecar_path says (of the file's name under RAW_DIR: its last part is the file's). A
    name that could not be too long in any encoding (four bytes a character at most), whole,
    is not asked: 100 000 files make no Path and split no path for it."""
    if 4 * (len(name) + len(SIDECAR_SUFFIX)) <= 255:  # its byte limit
        return False
    return sidecar_path(Path(name)) is None


# A file as found: its path, its stat, its sidecar's time and the sha256 of its bytes.
_Found = tuple[str, os.stat_result, int, str]


@dataclass
class _Plan:
    tasks: list[Task] = field(default_factory=list)  # what must be parsed
    members: dict[str, tuple[tuple | None, list[str]]] = field(default_factory=dict)
    new: dict[str, dict] = field(default_factory=dict)  # the manifest rows known already


def _update(root: Path, parsed_dir: Path, on_report) -> StoreUpdate:
    """Bring the store up to date with `root` in three stages: find what changed (_found),
    plan what must be parsed (_plan), parse it into new parts (_parse_into_parts); then
    write the manifest that makes the new parts live, and remove what no manifest lists."""
    update = StoreUpdate()
    with collector_paused():
        scan = scan_raw_dir(root)
        update.other = scan.other
        if _unchanged_by_digest(parsed_dir, scan, update):
            return update
        old = read_manifest(parsed_dir)
        present, refusals = _found(scan, old, update)
        if _as_before(old, present, refusals, update) and not _orphan_parts(parsed_dir, old):
            return _holding(update, old)
        plan = _plan(old, present, refusals, update)
    _parse_into_parts(parsed_dir, plan, present, refusals, update, on_report)
    new = plan.new
    update.removed = sorted(set(old) - set(new))
    if new == old and not _orphan_parts(parsed_dir, new):
        return _holding(update, new)
    reached("parts_written")
    compacted = _compact(parsed_dir, new, _run_id(_now()) + "-compacted")
    if compacted is not None:
        new, update.compacted = compacted, True
    _write_manifest(parsed_dir, new)
    reached("manifest_written")
    _remove_orphans(parsed_dir, new)
    return _holding(update, new)


def _holding(update: StoreUpdate, manifest: dict[str, dict]) -> StoreUpdate:
    """The update, with the parse statuses of the manifest the store now holds (a run reports
    them without reading the manifest again: 0.5-0.7 s over 101 000 files)."""
    update.statuses = Counter(row["parse_status"] for row in manifest.values())
    return update


def _as_before(
    old: dict[str, dict],
    present: dict[str, _Found],
    refusals: dict[str, Refused],
    update: StoreUpdate,
) -> bool:
    """No file is new, changed or gone and every refused entry is refused as before: the plan
    would remake the manifest row for row (2 s over 100 000 files), so it is not made."""
    if update.added or update.changed or len(present) + len(refusals) != len(old):
        return False
    if not all(_refused_as_before(old.get(name), refused) for name, refused in refusals.items()):
        return False
    update.unchanged += len(refusals)
    return True


def _refused_as_before(known: dict | None, refused: Refused) -> bool:
    """The manifest already records this entry as refused, for the same reason."""
    return bool(
        known
        and known["parser_version"] == STORED_BY
        and not known["source_sha256"]
        and known["report_id"] == _refused_id(refused)
    )


def _refused_id(refused: Refused) -> str:
    """The report_id the manifest records for this refusal: made of its name and reason."""
    return refused_report(refused.name, refused.reason).report_id


def _now() -> datetime:
    return datetime.now(UTC)


def _run_id(now: datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%S%fZ") + f"-{os.getpid()}"


def _found(
    scan: Scan, old: dict[str, dict], update: StoreUpdate
) -> tuple[dict[str, _Found], dict[str, Refused]]:
    """The report files of the scan (a file unchanged since the manifest, by size, time and
    parser version, is not read again) and the entries refused."""
    refusals = {refused.name: refused for refused in scan.refused}
    present: dict[str, _Found] = {}
    for candidate in scan.reports:
        file, name, sidecar = candidate.file, candidate.name, candidate.sidecar_mtime_ns
        try:
            stat = candidate.stat()
        except OSError as error:
            refusals[name] = Refused(name, f"file cannot be read ({os_reason(error)})")
            continue
        known = old.get(name)
        if (
            known
            and known["parser_version"] == STORED_BY
            and known["source_sha256"]
            and (known["size"], known["mtime_ns"], known["sidecar_mtime_ns"])
            == (stat.st_size, stat.st_mtime_ns, sidecar)
        ):
            present[name] = (file, stat, sidecar, known["source_sha256"])
            update.unchanged += 1
            continue
        try:
            digest = file_sha256(Path(file))
        except OSError as error:
            refusals[name] = Refused(name, f"file cannot be read ({os_reason(error)})")
            continue
        (update.changed if name in old else update.added).append(name)
        present[name] = (file, stat, sidecar, digest)
    return present, refusals


def _plan(
    old: dict[str, dict],
    present: dict[str, _Found],
    refusals: dict[str, Refused],
    update: StoreUpdate,
) -> _Plan:
    """What must be parsed: one task per report not parsed before (files of the same bytes
    are one report, parsed from the first by name, as the build names it) and per refused
    entry not recorded before."""
    plan = _Plan()
    kept = _kept_rows(old, present, update)
    plan.new.update(kept)
    groups: dict[str, list[str]] = {}
    for name in sorted(present.keys() - kept.keys()):
        groups.setdefault(present[name][3], []).append(name)
    # A parse is known by the bytes it read and what else it depended on (_origin).
    parses: dict[tuple, dict] = {}
    for row in old.values():
        if row["source_sha256"] in groups and row["parser_version"] == STORED_BY:
            key = (row["source_sha256"], row["parsed_from"], row["parsed_sidecar_mtime_ns"] or 0)
            parses.setdefault(key, row)
    for digest, names in groups.items():
        first = names[0]
        file, _, sidecar, _ = present[first]
        key = (digest, *_origin(first, sidecar))
        parse = parses.get(key)
        if parse is not None:
            for name in names:
                plan.new[name] = _row(name, present[name], key, parse)
        else:
            plan.tasks.append(Task(first, path=Path(file), digest=digest))
            plan.members[first] = (key, names)
    for name, refused in sorted(refusals.items()):
        known = old.get(name)
        if _refused_as_before(known, refused):
            plan.new[name] = known
            update.unchanged += 1
            continue
        (update.changed if name in old else update.added).append(name)
        plan.tasks.append(Task(name, refusal=refused.reason))
        plan.members[name] = (None, [name])
    update.added.sort()
    update.changed.sort()
    return plan


def _kept_rows(old: dict[str, dict], present: dict[str, _Found], update: StoreUpdate) -> dict:
    """The manifest rows that stay as they are: those of the files found unchanged that are
    the only file of their bytes, now and in the manifest, and whose row records the parse
    their own name and sidecar call for. The plan would find that very row's parse for each
    and make the row again field for field (a night of 1 000 new files on 100 000 remade
    100 000 rows); every other file is planned in full, with every file of its bytes."""
    fresh = set(update.added) | set(update.changed)
    copies = Counter(found[3] for found in present.values())
    # The bytes of the files new, changed or gone, before and now (a file gone or changed may
    # have been another's first file, or shared its parse's key in the manifest).
    moved = {old[name]["source_sha256"] for name in old.keys() - (present.keys() - fresh)}
    moved.update(present[name][3] for name in fresh)
    planned = moved | {digest for digest, files in copies.items() if files > 1}
    kept = {}
    for name, (_, _, sidecar, digest) in present.items():
        if digest in planned:
            continue
        row = old[name]
        if (row["parsed_from"], row["parsed_sidecar_mtime_ns"]) == _origin(name, sidecar):
            kept[name] = row
    return kept


def _parse_into_parts(
    parsed_dir: Path,
    plan: _Plan,
    present: dict[str, _Found],
    refusals: dict[str, Refused],
    update: StoreUpdate,
    on_report,
) -> None:
    """Parse the plan's tasks, every BATCH_SIZE reports written as one part; each report's
    manifest rows go into plan.new. The tasks are parsed in one go, so the parse's workers
    never stop between parts, and each part is written in a thread while the next is
    parsed: no more than two parts' rows are held."""
    if not plan.tasks:
        return
    parsed_at = _now()
    run = _run_id(parsed_at)
    total = len(plan.tasks)
    with (
        batch_parser() as parse_tasks,
        ThreadPoolExecutor(max_workers=1) as writer,
        # (closed however the loop ends, so the parse's workers stop with it)
        closing(parse_tasks(plan.tasks, parsed_at)) as parsed,
    ):
        writing: Future[None] | None = None
        results: list[tuple[Task, StoredRows]] = []
        for done, (task, rows) in enumerate(zip(plan.tasks, parsed, strict=True), start=1):
            if writing is not None and writing.done():
                writing.result()  # a part that could not be written stops the run now
                writing = None
            if on_report:
                on_report(done, total, task.name, rows.report["parse_status"])
            results.append((task, rows))
            if len(results) == BATCH_SIZE or done == total:
                if writing is not None:
                    writing.result()  # (raises what the writing of the last part raised)
                part = f"{run}-{(done - 1) // BATCH_SIZE:05d}"
                writing = writer.submit(
                    _record_part,
                    parsed_dir,
                    part,
                    results,
                    parsed_at,
                    plan,
                    present,
                    refusals,
                    update,
                )
                results = []
        if writing is not None:
            writing.result()


def _record_part(
    parsed_dir: Path,
    part: str,
    results: list[tuple[Task, StoredRows]],
    parsed_at: datetime,
    plan: _Plan,
    present: dict[str, _Found],
    refusals: dict[str, Refused],
    update: StoreUpdate,
) -> None:
    """Write one part and put its reports' manifest rows into plan.new."""
    for task, rows in _write_part(parsed_dir, part, results, parsed_at):
        report = rows.report
        key, names = plan.members[task.name]
        if report["parse_status"] != "ok":
            update.problems[task.name] = f"{report['parse_status']}: {report['parse_errors']}"
        parse = {
            "report_id": report["report_id"],
            "part": part,
            "parse_status": report["parse_status"],
        }
        if key is None:  # a refused entry
            refused = refusals[task.name]
            plan.new[task.name] = {
                "source_file": task.name,
                "size": refused.size,
                "mtime_ns": refused.mtime_ns,
                "source_sha256": None,
                "parser_version": STORED_BY,
                "sidecar_mtime_ns": 0,
                "parsed_from": task.name,
                "parsed_sidecar_mtime_ns": 0,
                **parse,
            }
            continue
        for name in names:
            plan.new[name] = _row(name, present[name], key, parse)


def _row(name: str, file: _Found, key: tuple, parse: dict) -> dict:
    _, stat, sidecar, digest = file
    return {
        "source_file": name,
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "source_sha256": digest,
        "report_id": parse["report_id"],
        "parser_version": STORED_BY,
        "part": parse["part"],
        "parse_status": parse["parse_status"],
        "sidecar_mtime_ns": sidecar,
        "parsed_from": key[1],
        "parsed_sidecar_mtime_ns": key[2],
    }


def _write_part(
    parsed_dir: Path, part: str, results: list[tuple[Task, dict]], parsed_at: datetime
) -> list[tuple[Task, dict]]:
    """Write one part; the results as written. Should a report's rows still not fit the
    schemas (store/rows.py holds them to its ranges, so this is a last line), that report alone is
    recorded `failed` with the reason instead of failing the run."""
    try:
        tables = _part_tables(part, results)
    except Exception:  # noqa: BLE001 - find the report(s) at fault and record them
        checked = []
        for task, rows in results:
            try:
                _part_tables(part, [(task, rows)])
            except Exception as error:  # noqa: BLE001
                rows = failed_rows(
                    task,
                    f"its records could not be stored "
                    f"({type(error).__name__}: {storable(str(error))[:200]})",
                    parsed_at,
                )
            checked.append((task, rows))
        results = checked
        tables = _part_tables(part, results)
    for kind, table in tables.items():
        path = part_path(parsed_dir, kind, part)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_parquet_atomically(table, path)
    return results


def _part_tables(part: str, results: list[tuple[Task, StoredRows]]) -> dict[str, pa.Table]:
    tables = {}
    for kind, schema in SCHEMAS.items():
        columns: list[list] = [[] for _ in schema.names]
        for _, report in results:
            for column, values in zip(columns, report.columns[kind], strict=True):
                column += values
        # (the part as a column of its own, not copied into each row: twice as fast)
        columns.append([part] * len(columns[0]))
        tables[kind] = pa.Table.from_arrays(columns, schema=_with_part(schema))
    return tables


def _with_part(schema: pa.Schema) -> pa.Schema:
    return schema.append(pa.field("part", pa.string()))


def _live_parts(manifest: dict[str, dict]) -> set[str]:
    return {row["part"] for row in manifest.values()}


def _orphan_parts(parsed_dir: Path, manifest: dict[str, dict]) -> bool:
    return _orphans_beside(parsed_dir, _live_parts(manifest))


def _orphans_beside(parsed_dir: Path, live: set[str]) -> bool:
    return any(path.stem not in live for path in parsed_dir.glob("*/*.parquet"))


def _remove_orphans(parsed_dir: Path, manifest: dict[str, dict]) -> None:
    live = _live_parts(manifest)
    for path in parsed_dir.glob("*/*.parquet"):
        if path.stem not in live:
            path.unlink(missing_ok=True)


def _columns(rows: list[dict], schema: pa.Schema) -> list[list]:
    """The rows' values column by column, a key a row lacks as NULL, as Table.from_pylist
    takes them but faster (0.19-0.20 s over a manifest of 101 000 rows, where it took
    0.25-0.87)."""
    return [[row.get(name) for row in rows] for name in schema.names]


def _write_manifest(parsed_dir: Path, manifest: dict[str, dict]) -> None:
    columns = _columns([manifest[name] for name in sorted(manifest)], MANIFEST_SCHEMA)
    digest = _manifest_states_digest(manifest)
    schema = MANIFEST_SCHEMA
    if digest is not None:
        schema = schema.with_metadata({STATES_DIGEST_KEY: digest})
    parsed_dir.mkdir(parents=True, exist_ok=True)
    write_parquet_atomically(pa.Table.from_arrays(columns, schema=schema), parsed_dir / MANIFEST)


# What _found and _as_before compare, one line an entry: a file's size, time and sidecar's
# time; a refused entry's record, whose id is made of its reason. No name holds a NUL and
# what follows a name is numbers, or `refused` and a hex id, never a newline: the joined
# lines read one way only, though a name may hold a newline, and the two forms cannot be
# taken for each other.
def _file_state(name: str, size: int, mtime_ns: int, sidecar_mtime_ns: int) -> str:
    return f"{name}\0{size}\0{mtime_ns}\0{sidecar_mtime_ns}"


def _refused_state(name: str, report_id: str) -> str:
    return f"{name}\0refused\0{report_id}"


def _states_digest(states: list[str]) -> bytes:
    """Of the entries' states and of the parser's version, which every row must hold for a
    file not to be parsed again."""
    states.sort()
    text = "\n".join([STORED_BY, *states])
    return hashlib.sha256(text.encode("utf-8", "backslashreplace")).hexdigest().encode()


def _manifest_states_digest(manifest: dict[str, dict]) -> bytes | None:
    """The digest a walk finds when every file and refusal is as the manifest records it;
    None where a row is of another parser's version (the next run parses it again)."""
    states = []
    for name, row in manifest.items():
        if row["parser_version"] != STORED_BY:
            return None
        if row["source_sha256"]:
            states.append(_file_state(name, row["size"], row["mtime_ns"], row["sidecar_mtime_ns"]))
        else:
            states.append(_refused_state(name, row["report_id"]))
    return _states_digest(states)


def _scan_states_digest(scan: Scan) -> bytes | None:
    """The same digest, of what the walk found; None where a file's stat fails (the run
    records why)."""
    states = []
    for candidate in scan.reports:
        try:
            status = candidate.stat()
        except OSError:
            return None
        states.append(
            _file_state(
                candidate.name, status.st_size, status.st_mtime_ns, candidate.sidecar_mtime_ns
            )
        )
    for refused in scan.refused:
        states.append(_refused_state(refused.name, _refused_id(refused)))
    return _states_digest(states)


def _unchanged_by_digest(parsed_dir: Path, scan: Scan, update: StoreUpdate) -> bool:
    """True only where _found and _as_before would find every file and refusal as the
    manifest records them, and the store holds no orphan part: they say so after reading
    every row of the manifest (0.5 s over 100 000 files, where the digest takes 0.06). Then
    the update holds what they would have told it. False where it cannot tell (no digest, a
    file that cannot be stat'ed or read, another count of entries): the run compares rows."""
    manifest_path = parsed_dir / MANIFEST
    if not manifest_path.exists():
        return False
    with pq.ParquetFile(manifest_path) as manifest:
        expected = (manifest.schema_arrow.metadata or {}).get(STATES_DIGEST_KEY)
        entries = manifest.metadata.num_rows
        # A night that adds or removes files is told by the count, without a digest.
        if expected is None or entries != len(scan.reports) + len(scan.refused):
            return False
        if _scan_states_digest(scan) != expected:
            return False
        columns = manifest.read(columns=["part", "parse_status"])
    if _orphans_beside(parsed_dir, set(columns.column("part").to_pylist())):
        return False
    update.unchanged = entries
    update.statuses = Counter(columns.column("parse_status").to_pylist())
    return True


def _compact(parsed_dir: Path, manifest: dict[str, dict], part: str) -> dict[str, dict] | None:
    """Merge the small parts (nightly runs leave one each) into one, streaming through
    DuckDB so no part is held in memory; None when there are not enough of them yet."""
    live_reports: dict[str, set[str]] = {}
    for row in manifest.values():
        live_reports.setdefault(row["part"], set()).add(row["report_id"])
    small = sorted(p for p, reports in live_reports.items() if len(reports) < COMPACT_BELOW)
    if len(small) <= MAX_PARTS:
        return None
    pairs = pa.table(
        {
            "report_id": [r for p in small for r in sorted(live_reports[p])],
            "part": [p for p in small for _ in live_reports[p]],
        }
    )
    with duckdb.connect(config={"memory_limit": "1GB"}) as db:
        db.execute("set enable_progress_bar = false")
        db.register("live_pairs", pairs)
        for kind in SCHEMAS:
            paths = [str(part_path(parsed_dir, kind, p)) for p in small]
            with replacing(part_path(parsed_dir, kind, part)) as temporary:
                literal = str(temporary).replace("'", "''")
                db.execute(
                    f"copy (select records.* replace ($part as part) "
                    f"from read_parquet($paths) as records semi join live_pairs "
                    f"using (report_id, part)) to '{literal}' (format parquet)",
                    {"paths": paths, "part": part},
                )
    merged = set(small)
    return {
        name: {**row, "part": part} if row["part"] in merged else row
        for name, row in manifest.items()
    }
