"""The parsed store: every report's records, parsed once, kept as Parquet between runs.

    <parsed_dir>/files.parquet            which file holds which report, parsed in which part
    <parsed_dir>/<kind>/<part>.parquet    the records of the reports one run parsed

A run stats every file in RAW_DIR and reads only those whose size or modification time
changed; of those it parses only the ones whose bytes (sha256) or the parser version
changed. Removed files leave the manifest, and with it the warehouse. The manifest is
written last and atomically, so a run killed half-way leaves the store as the last run left
it (its new parts are orphans, removed by the next run). Identical files are one report.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.extract.records import PARSER_VERSION
from pipelines.extract.report import SIDECAR_SUFFIX, file_sha256, parse_report
from pipelines.warehouse.ingest import report_files
from pipelines.warehouse.parsed import SCHEMAS, report_rows, write_parquet_atomically

MANIFEST = "files.parquet"
MANIFEST_SCHEMA = pa.schema([
    ("source_file", pa.string()), ("size", pa.int64()), ("mtime_ns", pa.int64()),
    ("source_sha256", pa.string()), ("report_id", pa.string()), ("parser_version", pa.string()),
    ("part", pa.string()), ("parse_status", pa.string()), ("sidecar_mtime_ns", pa.int64()),
])
# More small parts than this (fewer live reports than COMPACT_BELOW each) and they are
# merged into one.
MAX_PARTS = 32
COMPACT_BELOW = 200
# Reports parsed and written per part: bounds the memory a run holds.
BATCH_SIZE = 1000
# Fewer files than this are parsed in-process: worker start-up would cost more.
MIN_PARALLEL_BATCH = 64


@dataclass
class StoreUpdate:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    problems: dict[str, str] = field(default_factory=dict)  # source_file -> status: errors
    compacted: bool = False

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed or self.removed or self.compacted)


@contextmanager
def exclusive(lock_path: Path) -> Iterator[None]:
    """One writer at a time: a second run waits here instead of racing the first."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read_manifest(parsed_dir: Path) -> dict[str, dict]:
    path = Path(parsed_dir) / MANIFEST
    if not path.exists():
        return {}
    return {row["source_file"]: row for row in pq.read_table(path).to_pylist()}


def part_path(parsed_dir: Path, kind: str, part: str) -> Path:
    return Path(parsed_dir) / kind / f"{part}.parquet"


def update_store(raw_dir: Path, parsed_dir: Path,
                 on_report: Callable[[int, int, str, str], None] | None = None) -> StoreUpdate:
    """Bring the store up to date with raw_dir; `on_report(done, total, file, status)` is
    told of every report parsed."""
    parsed_dir = Path(parsed_dir)
    with exclusive(parsed_dir.with_name(parsed_dir.name + ".lock")):
        return _update(Path(raw_dir).resolve(), parsed_dir, on_report)


def _update(root: Path, parsed_dir: Path, on_report) -> StoreUpdate:
    update = StoreUpdate()
    old = read_manifest(parsed_dir)
    new: dict[str, dict] = {}
    by_content = {(row["source_sha256"], row["parser_version"]): row for row in old.values()}
    to_parse: list[tuple[Path, str, os.stat_result]] = []
    for path in report_files(root):
        name = path.relative_to(root).as_posix()
        stat = path.stat()
        sidecar = _sidecar_mtime_ns(path)
        known = old.get(name)
        if known and known["parser_version"] == PARSER_VERSION and \
                (known["size"], known["mtime_ns"], known["sidecar_mtime_ns"]) == \
                (stat.st_size, stat.st_mtime_ns, sidecar):
            new[name] = known
            update.unchanged += 1
            continue
        to_parse.append((path, name, stat))
    run = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ") + f"-{os.getpid()}"
    parsed_at = datetime.now(timezone.utc)
    pending: list[tuple[Path, str, os.stat_result, str, int]] = []
    copies: list[tuple[str, os.stat_result, str]] = []  # same bytes as a file parsed this run
    queued: set[str] = set()
    for path, name, stat in to_parse:
        digest = file_sha256(path)
        sidecar = _sidecar_mtime_ns(path)
        (update.changed if name in old else update.added).append(name)
        same = by_content.get((digest, PARSER_VERSION))
        if not sidecar and same is not None and not same["sidecar_mtime_ns"]:
            # Same bytes as a report already parsed (touched, renamed or copied): reuse it.
            new[name] = {**same, "source_file": name, "size": stat.st_size,
                         "mtime_ns": stat.st_mtime_ns}
        elif not sidecar and digest in queued:
            copies.append((name, stat, digest))
        else:
            pending.append((path, name, stat, digest, sidecar))
            queued.add(digest)
    done = 0
    for index in range(0, len(pending), BATCH_SIZE):
        batch = pending[index:index + BATCH_SIZE]
        part = f"{run}-{index // BATCH_SIZE:05d}"
        records: dict[str, list[dict]] = {kind: [] for kind in SCHEMAS}
        for (path, name, stat, digest, sidecar), parsed in zip(batch, _parse_all(batch, parsed_at)):
            report_rows_by_kind, report_id, status, problem = parsed
            done += 1
            if on_report:
                on_report(done, len(pending), name, status)
            for kind, rows in report_rows_by_kind.items():
                for row in rows:
                    row["part"] = part
                records[kind].extend(rows)
            row = {"source_file": name, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
                   "source_sha256": digest, "report_id": report_id,
                   "parser_version": PARSER_VERSION, "part": part, "parse_status": status,
                   "sidecar_mtime_ns": sidecar}
            new[name] = row
            if not sidecar:
                by_content[(digest, PARSER_VERSION)] = row
            if problem:
                update.problems[name] = problem
        _write_part(parsed_dir, part, records)
    for name, stat, digest in copies:
        new[name] = {**by_content[(digest, PARSER_VERSION)], "source_file": name,
                     "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    update.removed = sorted(set(old) - set(new))
    content_changed = bool(update.added or update.changed or update.removed)
    if not content_changed and not _orphan_parts(parsed_dir, new):
        return update
    compacted = _compact(parsed_dir, new, run + "-compacted")
    if compacted is not None:
        new, update.compacted = compacted, True
    _write_manifest(parsed_dir, new)
    _remove_orphans(parsed_dir, new)
    return update


def _parse_one(item: tuple[Path, str, datetime]) -> tuple[dict, str, str, str | None]:
    """Parse one file into its record rows (runs in a worker process for big batches)."""
    path, name, parsed_at = item
    report = parse_report(path, source_file=name)
    problem = None if report.parse_status == "ok" else \
        f"{report.parse_status}: {'; '.join(report.parse_errors)}"
    return report_rows(report, parsed_at), report.report_id, report.parse_status, problem


def _parse_all(batch, parsed_at: datetime) -> Iterator[tuple[dict, str, str, str | None]]:
    """Results in the batch's order; on both cores when the batch is big enough to pay for
    starting worker processes."""
    items = [(path, name, parsed_at) for path, name, _, _, _ in batch]
    workers = int(os.environ.get("PARSE_WORKERS", os.cpu_count() or 1))
    if workers < 2 or len(items) < MIN_PARALLEL_BATCH:
        yield from map(_parse_one, items)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_parse_one, items, chunksize=16)


def _write_part(parsed_dir: Path, part: str, records: dict[str, list[dict]]) -> None:
    for kind, schema in SCHEMAS.items():
        path = part_path(parsed_dir, kind, part)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_parquet_atomically(pa.Table.from_pylist(records[kind], schema=_with_part(schema)),
                                 path)


def _with_part(schema: pa.Schema) -> pa.Schema:
    return schema.append(pa.field("part", pa.string()))


def _live_parts(manifest: dict[str, dict]) -> set[str]:
    return {row["part"] for row in manifest.values()}


def _orphan_parts(parsed_dir: Path, manifest: dict[str, dict]) -> bool:
    live = _live_parts(manifest)
    return any(path.stem not in live for path in parsed_dir.glob("*/*.parquet"))


def _remove_orphans(parsed_dir: Path, manifest: dict[str, dict]) -> None:
    live = _live_parts(manifest)
    for path in parsed_dir.glob("*/*.parquet"):
        if path.stem not in live:
            path.unlink(missing_ok=True)


def _write_manifest(parsed_dir: Path, manifest: dict[str, dict]) -> None:
    rows = [manifest[name] for name in sorted(manifest)]
    parsed_dir.mkdir(parents=True, exist_ok=True)
    write_parquet_atomically(pa.Table.from_pylist(rows, schema=MANIFEST_SCHEMA),
                             parsed_dir / MANIFEST)


def _compact(parsed_dir: Path, manifest: dict[str, dict], part: str) -> dict[str, dict] | None:
    """Merge the small parts (nightly runs leave one each) into one, streaming through
    DuckDB so no part is held in memory; None when there are not enough of them yet."""
    live_reports: dict[str, set[str]] = {}
    for row in manifest.values():
        live_reports.setdefault(row["part"], set()).add(row["report_id"])
    small = sorted(p for p, reports in live_reports.items() if len(reports) < COMPACT_BELOW)
    if len(small) <= MAX_PARTS:
        return None
    pairs = pa.table({"report_id": [r for p in small for r in sorted(live_reports[p])],
                      "part": [p for p in small for _ in live_reports[p]]})
    with duckdb.connect(config={"memory_limit": "1GB"}) as db:
        db.execute("set enable_progress_bar = false")
        db.register("live_pairs", pairs)
        for kind in SCHEMAS:
            paths = [str(part_path(parsed_dir, kind, p)) for p in small]
            target = part_path(parsed_dir, kind, part)
            temporary = target.with_name(f".{target.name}.tmp")
            literal = str(temporary).replace("'", "''")
            db.execute(f"copy (select records.* replace ($part as part) "
                       f"from read_parquet($paths) as records semi join live_pairs "
                       f"using (report_id, part)) to '{literal}' (format parquet)",
                       {"paths": paths, "part": part})
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
    merged = set(small)
    return {name: {**row, "part": part} if row["part"] in merged else row
            for name, row in manifest.items()}


def _sidecar_mtime_ns(path: Path) -> int:
    """A sidecar's change must re-parse its report too: its time joins the file's."""
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    return sidecar.stat().st_mtime_ns if sidecar.exists() else 0
