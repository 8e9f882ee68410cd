"""`make bench`: the pipeline on generated corpora of several sizes, with the figures printed.

First, parse throughput on one core on the real sample reports (data/raw), and the bytes the
warehouse stores a real report. Then, for each size: parse throughput on one core (reports/s,
chars/s), the wall time of a full build, of a run with nothing new (with and without Dagster),
of a night of 1 000 new files (the same files at every size), a local Dask cluster against the
local pool, peak memory (summed USS of the process tree), the size on disk, and the latency of
every mart. Last, the night at the largest size against 10 000 (or the next size down) in
alternated rounds. Not a test: it measures, it asserts nothing.
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context
from pathlib import Path
from statistics import median
from typing import NamedTuple

import duckdb
import opencc

from pipelines.extract.conversion import converter
from pipelines.extract.reading import (
    UnreadableReport,
    detect_script,
    has_taiwan_phrasing,
    normalised_text,
    read_report_bytes,
)
from pipelines.extract.report import parse_report
from pipelines.extract.source import sidecar_path
from pipelines.store.files import report_files
from pipelines.store.parsing import DASK_SCHEDULER_ENV
from pipelines.store.update import update_store
from pipelines.synthetic.corpus import FIRST_YEARS, YEARS_PER_PLACE, generate
from pipelines.synthetic.memory import PeakSampler
from pipelines.warehouse.build import STORAGE_VERSION, build_warehouse, store_dir, versions_dir
from pipelines.warehouse.literals import literal

SAMPLE = 400  # files parsed on one core to measure throughput
# Each size's warehouse in its folder, and its store and versions by the pipeline's own rules
# (a Dagster run there finds them from WAREHOUSE_PATH alone).
WAREHOUSE = Path("w.duckdb")
STORE = store_dir(WAREHOUSE)
# A night's new files: the same files at every size, so their times compare across sizes.
NIGHTLY_FILES = 1000
NIGHTLY_SEED = 20261129
CLUSTER_SAMPLE = 2000  # files parsed by the local pool and by a local Dask cluster
# Timings taken in turns (A, B, A, B, ...), so both sides of a ratio see the same load.
REPEATS = 3


def _timed(function, *arguments) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*arguments)
    return time.perf_counter() - started, result


def _alternated(*functions) -> list[list[float]]:
    """CPU seconds of each function over REPEATS rounds, the functions run in turn each round
    (CPU time, not wall time: what one core does, whatever else the machine runs)."""
    seconds = [[] for _ in functions]
    for _ in range(REPEATS):
        for times, function in zip(seconds, functions, strict=True):
            started = time.process_time()
            function()
            times.append(time.process_time() - started)
    return seconds


def _spread(values: list[float]) -> str:
    return f"{median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


def conversion_figures(files: list[Path]) -> tuple[tuple[str, str], int]:
    """Traditional -> Simplified on the sample's Traditional reports (their normalised text,
    each with the profile the parser picks): this project's converter against
    opencc-python-reimplemented's, whose dictionaries it reads; and how many there are."""
    texts = []
    for path in files:
        try:
            text, _ = normalised_text(path.read_bytes())
        except UnreadableReport:
            continue
        if detect_script(text) == "traditional":
            texts.append((text, "tw2sp" if has_taiwan_phrasing(text) else "t2s"))
    if not texts:
        return ("conversion", "no Traditional report in the sample"), 0
    library = {profile: opencc.OpenCC(profile) for profile in ("t2s", "tw2sp")}
    ours, theirs = _alternated(
        lambda: [converter(p).convert(t) for t, p in texts],
        lambda: [library[p].convert(t) for t, p in texts],
    )
    chars = sum(len(text) for text, _ in texts)
    identical = sum(converter(p).convert(t) == library[p].convert(t) for t, p in texts)
    taiwan = sum(profile == "tw2sp" for _, profile in texts)
    return (
        "conversion",
        f"{chars / median(ours) / 1e6:.2f} M chars/s (target >= 4), OpenCC "
        f"{chars / median(theirs) / 1e6:.2f} M chars/s: x"
        f"{_spread([t / o for o, t in zip(ours, theirs, strict=True)])} over {REPEATS} "
        f"alternated runs; {identical} of {len(texts)} Traditional reports "
        f"({taiwan} tw2sp, {chars / 1e6:.2f} M chars) identical",
    ), len(texts)


# The parse stages that serve only the report scorecard (mart_report_quality), by the module
# whose name for them the parse calls.
SCORECARD_STAGES = (
    ("pipelines.extract.report", "sentences"),
    ("pipelines.extract.report", "bands"),
    ("pipelines.extract.report", "parts"),
    ("pipelines.extract.report", "table_statuses"),
    ("pipelines.extract.metadata", "publication_date"),
    ("pipelines.extract.metadata", "other_provinces"),
)
# The parsed store's kinds only the scorecard reads.
SCORECARD_KINDS = ("sentences", "bands", "parts", "tables")


@contextmanager
def _stage_clock(stages=SCORECARD_STAGES) -> Iterator[list[float]]:
    """CPU seconds spent in the given functions while the block runs (each wrapped, then
    restored)."""
    spent = [0.0]
    replaced = []
    for module_name, name in stages:
        module = importlib.import_module(module_name)
        original = getattr(module, name)

        def clocked(*arguments, _function=original, **keywords):
            started = time.process_time()
            try:
                return _function(*arguments, **keywords)
            finally:
                spent[0] += time.process_time() - started

        replaced.append((module, name, original))
        setattr(module, name, clocked)
    try:
        yield spent
    finally:
        for module, name, original in replaced:
            setattr(module, name, original)


def _warm_duckdb_client(connection: duckdb.DuckDBPyConnection) -> None:
    """Pay, before a clock starts, what DuckDB's client pays once a process at its first bound
    parameter: importing pandas (0.5-0.9 s here)."""
    connection.execute("select $warm", {"warm": 0}).fetchall()


def scorecard_figures(
    sample: list[Path], root: Path, store_seconds: float, build_seconds: float
) -> tuple[str, str]:
    """What the scorecard adds to a full build: its parse stages' share of the parse (on the
    sample, applied to the store's time), loading the store's kinds only it reads, and
    computing mart_report_quality once (the run's exports do)."""
    with _stage_clock() as spent:
        started = time.process_time()
        for path in sample:
            parse_report(path)
        parse_cpu = time.process_time() - started
    parse_share = spent[0] / parse_cpu
    with duckdb.connect() as scratch:
        _warm_duckdb_client(scratch)  # (every run pays it whatever it loads: not the scorecard's)
        started = time.perf_counter()
        for kind in SCORECARD_KINDS:
            scratch.execute(
                f"create table {kind} as select * from read_parquet($path)",
                {"path": str(root / STORE / kind / "*.parquet")},
            )
        load_seconds = time.perf_counter() - started
    with duckdb.connect(str(root / WAREHOUSE), read_only=True) as connection:
        mart_seconds, rows = _timed(
            lambda: (
                connection.execute("select * from mart_report_quality").to_arrow_table().num_rows
            )
        )
    added = parse_share * store_seconds + load_seconds + mart_seconds
    full = store_seconds + build_seconds
    return (
        "scorecard",
        f"{added:.1f} s of a {full:.1f} s full build: {added / full:.1%} "
        f"(target < 10%): parse stages {parse_share:.1%} of the parse "
        f"({parse_share * store_seconds:.1f} s), loading "
        f"{'/'.join(SCORECARD_KINDS)} {load_seconds:.1f} s, "
        f"mart_report_quality {mart_seconds:.1f} s for {rows} reports",
    )


def _run(raw: Path, root: Path):
    store_seconds, store = _timed(update_store, raw, root / STORE)
    build_seconds, summary = _timed(build_warehouse, root / STORE, root / WAREHOUSE)
    return store, summary, (store_seconds, build_seconds)


def _timed_run(raw: Path, root: Path):
    """Runs in the pipeline's own process: its wall time, its result, and the peak of the
    private memory of that process and its parse workers."""
    with PeakSampler() as sampler:
        seconds, result = _timed(_run, raw, root)
    return seconds, result, sampler.peak


def _dagster_run_seconds(raw: Path, root: Path) -> float:
    """Wall time of the job as `make run` starts it (Dagster's start-up included), on a
    warehouse that is up to date: the best of two."""
    environment = {
        **os.environ,
        "RAW_DIR": str(raw),
        "WAREHOUSE_PATH": str(root / WAREHOUSE),
        "DAGSTER_HOME": str(root / "dagster"),
    }
    (root / "dagster").mkdir(exist_ok=True)
    command = [sys.executable, "-m", "dagster", "job", "execute"]
    command += ["-m", "pipelines.definitions", "-j", "refresh_warehouse"]
    seconds = []
    for _ in range(2):
        started = time.perf_counter()
        subprocess.run(command, env=environment, check=True, capture_output=True)
        seconds.append(time.perf_counter() - started)
    return min(seconds)


def cluster_figures(files: list[Path], root: Path) -> tuple[str, str]:
    """The same files parsed into a new store by the local pool and by a Dask LocalCluster of
    as many single-threaded worker processes (the cluster's start-up not counted)."""
    from distributed import LocalCluster  # only the benchmark and a cluster run need it

    sample = root / "cluster_sample"
    sample.mkdir()
    for path in files:
        shutil.copy2(path, sample / path.name)
    workers = os.cpu_count() or 1
    pool_seconds, _ = _timed(update_store, sample, root / "pool.parsed")
    with LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        os.environ[DASK_SCHEDULER_ENV] = cluster.scheduler_address
        try:
            cluster_seconds, _ = _timed(update_store, sample, root / "cluster.parsed")
        finally:
            del os.environ[DASK_SCHEDULER_ENV]
    shutil.rmtree(sample)
    return (
        "Dask cluster",
        f"{len(files) / cluster_seconds:.0f} reports/s on a LocalCluster of {workers} worker "
        f"processes, local pool {len(files) / pool_seconds:.0f} reports/s: x"
        f"{pool_seconds / cluster_seconds:.2f} ({len(files)} files)",
    )


def _nightly_files(workdir: Path) -> Path:
    folder = workdir / "nightly"
    if not folder.exists():
        # A year after the corpus's last: a night brings new reports, not versions of old ones.
        last_year = FIRST_YEARS[1] + YEARS_PER_PLACE - 1
        generate(folder, NIGHTLY_FILES, seed=NIGHTLY_SEED, first_years=(last_year + 1,) * 2)
    return folder


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def bench(size: int, workdir: Path) -> tuple[list[tuple[str, str]], float]:
    """The size's figures, and the seconds of its night (for the ratio across sizes)."""
    root = workdir / f"bench-{size}"
    shutil.rmtree(root, ignore_errors=True)
    raw = root / "raw"
    generate(raw, size, seed=size)
    shutil.move(raw / "gold", root / "gold")
    files = report_files(raw)
    characters = sum(len(p.read_bytes()) for p in files[:SAMPLE])
    sample = files[:SAMPLE]
    conversion, traditional = conversion_figures(sample)
    parse_lines = parse_figures(
        sample,
        f"{characters / len(sample) / 1024:.1f} KB a file, "
        f"{traditional / len(sample):.0%} Traditional",
    )

    # The pipeline runs in a child process, so its peak memory is measured apart from the
    # generator's and from this process's.
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as child:
        full, (store, summary, (store_seconds, build_seconds)), full_memory = child.submit(
            _timed_run, raw, root
        ).result()
        scorecard = scorecard_figures(sample, root, store_seconds, build_seconds)
        nothing, (_, unchanged, _), _ = child.submit(_timed_run, raw, root).result()
        with_dagster = _dagster_run_seconds(raw, root)
        _keep_before_night(root)
        for path in report_files(_nightly_files(workdir)):
            shutil.copy2(path, raw / f"nightly_{path.name}")
        nightly, (store_new, incremental, _), nightly_memory = child.submit(
            _timed_run, raw, root
        ).result()
    cluster = cluster_figures(files[:CLUSTER_SAMPLE], root)

    latencies = []
    with duckdb.connect(str(root / WAREHOUSE), read_only=True) as connection:
        marts = [
            row[0]
            for row in connection.execute(
                "select view_name from duckdb_views() where view_name like 'mart%' order by 1"
            ).fetchall()
        ]
        for mart in marts:
            seconds, _ = _timed(
                lambda m=mart: connection.execute(
                    f"select count(*) from (select * from {m})"
                ).fetchall()
            )
            latencies.append(f"{mart} {seconds * 1000:.0f} ms")
    warehouse_bytes = _size(root / WAREHOUSE)
    reports = incremental.row_counts["dim_report"]  # (the night's build: the file measured)
    figures = [
        ("reports", f"{size} generated (+{len(store_new.added)} for the nightly run)"),
        *parse_lines,
        conversion,
        (
            "full build",
            f"{full:.1f} s ({size / full:.0f} reports/s on all cores; target <= 180 s at 100000)",
        ),
        scorecard,
        (
            "no-change run",
            f"{with_dagster:.2f} s with Dagster's start-up (target <= 2.5), {nothing:.2f} s "
            f"without (rewrote warehouse: {not unchanged.unchanged})",
        ),
        (
            "nightly run",
            f"{nightly:.2f} s for {NIGHTLY_FILES} new files (incremental: "
            f"{incremental.incremental}; the same files at every size)",
        ),
        cluster,
        (
            "peak memory",
            f"{full_memory.uss_mb / 1024:.2f} GB summed USS of the pipeline's process tree "
            f"in the full build (target <= 1), PSS {full_memory.pss_mb / 1024:.2f} GB, "
            f"{full_memory.processes} processes; nightly run "
            f"{nightly_memory.uss_mb / 1024:.2f} GB",
        ),
        (
            "on disk",
            f"warehouse {warehouse_bytes / 1e6:.1f} MB ({warehouse_bytes / 1024 / reports:.1f} "
            f"KB a report, generated), parsed store "
            f"{_size(root / STORE) / 1e6:.1f} MB, corpus {_size(raw) / 1e6:.1f} MB",
        ),
        ("mart queries", ", ".join(latencies)),
        (
            "rows",
            f"fct_applications {summary.row_counts['fct_applications']}, "
            f"fct_publications {summary.row_counts['fct_publications']}, "
            f"qa_checks {summary.row_counts['qa_checks']}",
        ),
    ]
    return figures, nightly


# What a night starts from: the parsed store and the warehouse's versions (the warehouse file
# and its Parquet copies are links into them, kept as they are).
BEFORE_NIGHT = "before-night"
_NIGHT_STATE = (STORE.name, versions_dir(WAREHOUSE).name)


def _keep_before_night(root: Path) -> None:
    """A copy of the store and warehouse as a night finds them, for the alternated nights."""
    kept = root / BEFORE_NIGHT
    shutil.rmtree(kept, ignore_errors=True)
    for name in _NIGHT_STATE:
        shutil.copytree(root / name, kept / name, symlinks=True)


def _back_to_before_night(root: Path) -> None:
    """The store and warehouse put back as they were before the night (the night's files stay
    in the folder: to the store they are new again)."""
    for name in _NIGHT_STATE:
        shutil.rmtree(root / name)
        shutil.copytree(root / BEFORE_NIGHT / name, root / name, symlinks=True)


def _night_in_new_process(raw: Path, root: Path) -> tuple[float, int, bool]:
    """One night's wall time, the files it found new and whether its build was incremental,
    in a process that has loaded what the bench's own night found loaded (the parser, and
    pandas, which DuckDB's client imports at its first bound parameter)."""
    with duckdb.connect() as scratch:
        _warm_duckdb_client(scratch)
    seconds, (store, summary, _), _ = _timed_run(raw, root)
    return seconds, len(store.added), summary.incremental


def nightly_pairs(workdir: Path, small: int, large: int) -> tuple[str, str]:
    """The night at two sizes, in turns over REPEATS rounds, each night in a new process on
    the store and warehouse the bench's night started from: one run's ratio moves with the
    machine's speed from one minute to the next (x1.27 in one bench, x1.85-x2.06 in the pairs
    that followed it)."""
    seconds: dict[int, list[float]] = {small: [], large: []}
    unlike = []  # nights that were not what the bench's night was
    for _ in range(REPEATS):
        for size in (small, large):
            root = workdir / f"bench-{size}"
            _back_to_before_night(root)
            with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as child:
                night, added, incremental = child.submit(
                    _night_in_new_process, root / "raw", root
                ).result()
            seconds[size].append(night)
            if added != NIGHTLY_FILES or not incremental:
                unlike.append(f"{size}: {added} new files, incremental {incremental}")
    ratios = [b / a for a, b in zip(seconds[small], seconds[large], strict=True)]
    return (
        f"nightly pairs ({NIGHTLY_FILES} new files)",
        f"{large} against {small} reports: x{_spread(ratios)} over {REPEATS} alternated rounds "
        f"(target: 100000 within x1.5 of 10000); {_spread(seconds[small])} s against "
        f"{_spread(seconds[large])} s"
        + (f"; NOT LIKE THE BENCH'S NIGHT: {', '.join(unlike)}" if unlike else ""),
    )


class _ParseRound(NamedTuple):
    reports: int  # timed
    characters: int  # of their texts as parsed
    parse: float  # CPU seconds
    floor: float  # CPU seconds to read, decode, normalise and convert them


def parse_figures(files: list[Path], about: str) -> list[tuple[str, str]]:
    """Parse throughput on one core, and against the floor (read, decode, NFKC, normalise,
    convert: the parse does all that and the rest), over REPEATS rounds, each in a new
    process that parses half the files, then times the other half once. The parser keeps
    the decodings of rows and the matches of labels it has read, as a run over an archive
    does: so each file is timed once, after other reports, never after itself (a file parsed
    again would be read faster than an archive's next report is); and the first parses of
    a process build the parser's tables, which a run pays once."""
    rounds = []
    for turn in range(REPEATS):
        warm, timed = files[turn % 2 :: 2], files[1 - turn % 2 :: 2]
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as child:
            rounds.append(child.submit(_parse_round, warm, timed).result())
    return [
        (
            "parse, one core",
            f"{median(r.reports / r.parse for r in rounds):.0f} reports/s (target >= 500), "
            f"{median(r.characters / r.parse for r in rounds) / 1e6:.2f} M chars/s ({about})",
        ),
        (
            "parse / floor",
            f"{_spread([r.parse / r.floor for r in rounds])} (target <= 1.3; floor: read, "
            f"decode, normalise, convert at {median(r.reports / r.floor for r in rounds):.0f} "
            f"reports/s)",
        ),
    ]


def _parse_round(warm: list[Path], timed: list[Path]) -> _ParseRound:
    for path in warm:
        parse_report(path)
    started = time.process_time()
    characters = sum(len(parse_report(path).text) for path in timed)
    parse = time.process_time() - started
    started = time.process_time()
    for path in timed:
        read_report_bytes(path.read_bytes())
    return _ParseRound(len(timed), characters, parse, time.process_time() - started)


def real_figures(folder: Path, workdir: Path) -> list[tuple[str, str]]:
    """Parse throughput on one core on real reports (the project's samples): crawled text
    with more prose and more sections a report than the generated mix, where the tables'
    regions are a small part of the text; and what the warehouse stores of each."""
    files = report_files(folder)
    if len(files) < 2:
        return []
    characters = sum(len(p.read_bytes()) for p in files)
    figures = parse_figures(files, f"{characters / len(files) / 1024:.1f} KB a file")
    if len(files) >= MIN_SIZE_SAMPLE:
        figures.append(real_size_figure(folder, files, workdir))
    return figures


# The real-text size is measured as the bytes a warehouse adds from a quarter of a folder's
# reports to all of them, in blocks of this size (DuckDB's own 256 KB blocks hold a warehouse
# of a hundred reports with room to spare: 7.1 MB of used blocks for 32, 65 or 98 real
# reports, 7.6 MB for 131); it needs this many reports at least.
SIZE_BLOCK = 16_384
MIN_SIZE_SAMPLE = 8


def real_size_figure(folder: Path, files: list[Path], workdir: Path) -> tuple[str, str]:
    """The warehouse's bytes a real report: warehouses built from the first quarter of the
    folder's reports and from all of them, each copied into a database of SIZE_BLOCK blocks,
    and the difference of their used blocks over the difference of their reports (the
    fixed part of a warehouse, its empty tables and catalogue, drops out)."""
    counts = (len(files) // 4, len(files))
    base = folder.resolve()  # (report_files gives resolved paths)
    used: dict[int, tuple[int, str, int]] = {}
    for count in counts:
        root = workdir / f"real-size-{count}"
        shutil.rmtree(root, ignore_errors=True)
        for path in files[:count]:
            for source in (path, sidecar_path(path)):
                if source is not None and source.exists():
                    target = root / "raw" / source.relative_to(base)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(source, target)
        update_store(root / "raw", root / STORE)
        summary = build_warehouse(root / STORE, root / WAREHOUSE)
        used[count] = (
            *_used_bytes(root / WAREHOUSE, root / "copied.duckdb"),
            summary.row_counts["dim_report"],  # (files of the same bytes are one report)
        )
        shutil.rmtree(root, ignore_errors=True)
    (few_bytes, _, few), (every_bytes, texts, every) = (used[count] for count in counts)
    if every == few:
        return ("size, real text", f"not measured: {every} reports either way")
    per_report = (every_bytes - few_bytes) / (every - few)
    return (
        "size, real text",
        f"{per_report / 1024:.1f} KB a report (target <= 12): the warehouse's used bytes "
        f"from {few} to {every} reports, in {SIZE_BLOCK // 1024} KB blocks "
        f"({few_bytes / 1e6:.2f} -> {every_bytes / 1e6:.2f} MB; texts in {texts})",
    )


def _used_bytes(warehouse: Path, copy: Path) -> tuple[int, str]:
    """The bytes of the blocks a copy of the warehouse, in SIZE_BLOCK blocks and the
    warehouse's storage version, uses, and the compression the copy's texts are stored in."""
    with duckdb.connect() as connection:
        connection.execute(f"attach {literal(str(warehouse))} as built (read_only)")
        connection.execute(
            f"attach {literal(str(copy))} as copied "
            f"(block_size {SIZE_BLOCK}, storage_version {literal(STORAGE_VERSION)})"
        )
        connection.execute("copy from database built to copied")
        connection.execute("checkpoint copied")
        size, blocks = connection.execute(
            "select block_size, used_blocks from pragma_database_size() "
            "where database_name = 'copied'"
        ).fetchone()
        # (the copy's tables are made anew, and DuckDB chooses the texts' compression itself)
        compressions = connection.execute(
            "select distinct compression from pragma_storage_info('copied.raw.texts') "
            "where column_name = 'text' and segment_type = 'VARCHAR' order by 1"
        ).fetchall()
    return size * blocks, "/".join(row[0] for row in compressions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument(
        "--real",
        default="data/raw",
        help="a folder of real reports, parsed for their own figures ('' for none)",
    )
    arguments = parser.parse_args()
    workdir = arguments.workdir or Path(tempfile.mkdtemp(prefix="gov-bench-"))
    # (Path("") is the working folder: an empty --real asks for no real figures, not for it)
    real = Path(arguments.real) if arguments.real else None
    if real is not None and not real.is_dir():
        print(f"== real reports: {real} is not a folder, none measured", flush=True)
    elif real is not None:
        print(f"== real reports ({real})", flush=True)
        for label, figure in real_figures(real, workdir):
            print(f"  {label:<16} {figure}", flush=True)
    try:
        _bench_sizes(arguments.sizes, workdir)
    finally:
        for size in arguments.sizes:
            shutil.rmtree(workdir / f"bench-{size}" / BEFORE_NIGHT, ignore_errors=True)


def _bench_sizes(sizes: list[int], workdir: Path) -> None:
    """Each size's figures, then the night's ratio: one run a size, and alternated rounds."""
    nightly: dict[int, float] = {}
    for size in sizes:
        print(f"== {size} reports (work in {workdir})", flush=True)
        figures, nightly[size] = bench(size, workdir)
        for label, figure in figures:
            print(f"  {label:<16} {figure}", flush=True)
    if len(nightly) > 1:
        base = 10000 if 10000 in nightly else min(nightly)
        ratios = ", ".join(
            f"{size}: x{seconds / nightly[base]:.2f}" for size, seconds in sorted(nightly.items())
        )
        print(
            f"== nightly run ({NIGHTLY_FILES} new files) against {base} reports: {ratios} "
            f"(target: 100000 within x1.5 of 10000; one run each)"
        )
        large = max(nightly)
        smaller = [size for size in nightly if size < large]
        small = 10000 if 10000 in smaller else max(smaller)
        label, figure = nightly_pairs(workdir, small, large)
        print(f"== {label}: {figure}", flush=True)


if __name__ == "__main__":
    main()
