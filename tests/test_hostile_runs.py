"""Issue 10, the run itself: a per-file parse budget (in this process and in the worker pool),
identical files with their own sidecars keep dim_report's grain (full = incremental), a
file of repeated rows keeps kilobytes of errors, a build is never robbed of the parts it
reads, and the Parquet copies are published with the warehouse as one unit."""

import os
import signal
import subprocess
import sys
import threading
import time

import duckdb
import pyarrow.parquet as pq
import pytest
import regex

from pipelines.extract import report as parser
from pipelines.pause_points import BUILD_POINTS
from pipelines.store import parsing as store
from pipelines.store.parsing import DEFAULT_PARSE_TIMEOUT, parse_budget
from pipelines.store.rows import MAX_ERRORS_KEPT, MAX_UNREAD_KEPT
from pipelines.store.update import read_manifest, update_store
from pipelines.warehouse import build as build_module
from pipelines.warehouse.build import CONTRACT_TABLES, build_warehouse, parquet_dir
from tests.conftest import (
    RAW_DIR,
    SEED_WUQING,
    SEED_ZHAOTONG,
    build_killed_at,
    refresh,
    table_contents,
)

SEED = (RAW_DIR / SEED_WUQING).read_text(encoding="utf-8")


def a_report(index: int) -> str:
    return SEED + f"\n(案例 {index})\n"


def folder_of(tmp_path, count=3, name="raw"):
    raw = tmp_path / name
    raw.mkdir()
    for index in range(count):
        (raw / f"good{index}.txt").write_text(a_report(index), encoding="utf-8")
    return raw


def statuses(parsed_dir):
    return {name: row["parse_status"] for name, row in read_manifest(parsed_dir).items()}


# --- the per-file parse budget ---------------------------------------------------------------


def hanging_parser(real_parse):
    """parse_report, but a file named slow* never finishes (pure Python, a regular expression
    that backtracks for ever, or a sleep) and crash* kills its process."""

    def parse(path, source_file):
        if path.name.startswith("slow_loop"):
            while True:
                pass
        if path.name.startswith("slow_regex"):
            regex.match(r"(a|aa)+$", "a" * 60 + "b")  # C code for ages
        if path.name.startswith("slow_sleep"):
            time.sleep(3600)
        if path.name.startswith("crash"):
            os._exit(3)
        return real_parse(path, source_file=source_file)

    return parse


def test_the_budget_has_a_documented_default_and_an_environment_variable(monkeypatch):
    monkeypatch.delenv("PARSE_TIMEOUT_SECONDS", raising=False)
    assert parse_budget() == DEFAULT_PARSE_TIMEOUT == 60
    monkeypatch.setenv("PARSE_TIMEOUT_SECONDS", "2.5")
    assert parse_budget() == 2.5
    for wrong in ("soon", "0", "-3", "nan"):
        monkeypatch.setenv("PARSE_TIMEOUT_SECONDS", wrong)
        assert parse_budget() == DEFAULT_PARSE_TIMEOUT


def test_a_file_over_the_budget_fails_in_process_and_the_run_goes_on(tmp_path, monkeypatch):
    raw = folder_of(tmp_path)
    for name in ("slow_loop.txt", "slow_regex.txt", "slow_sleep.txt"):
        (raw / name).write_text(a_report(hash(name) % 1000 + 10), encoding="utf-8")
    monkeypatch.setattr(parser, "parse_report", hanging_parser(parser.parse_report))
    # a budget a good report never comes near, even on a machine that is busy
    monkeypatch.setenv("PARSE_TIMEOUT_SECONDS", "3")
    monkeypatch.setenv("PARSE_WORKERS", "1")  # the in-process path
    alarm = signal.getsignal(signal.SIGALRM)
    started = time.monotonic()
    update = update_store(raw, tmp_path / "w.parsed")
    assert time.monotonic() - started < 60  # three files never finish: each costs its budget
    summary = build_warehouse(tmp_path / "w.parsed", tmp_path / "w.duckdb")
    assert summary.row_counts["dim_report"] == 6
    for name in ("slow_loop.txt", "slow_regex.txt", "slow_sleep.txt"):
        assert update.problems[name].startswith(
            "failed: parsing took over 3 s, the per-file budget (PARSE_TIMEOUT_SECONDS)"
        )
    assert statuses(tmp_path / "w.parsed") == {
        "good0.txt": "ok",
        "good1.txt": "ok",
        "good2.txt": "ok",
        "slow_loop.txt": "failed",
        "slow_regex.txt": "failed",
        "slow_sleep.txt": "failed",
    }
    assert signal.getsignal(signal.SIGALRM) == alarm  # the alarm handler is put back


def test_the_budget_holds_in_process_outside_the_main_thread(tmp_path, monkeypatch):
    """Dagster may run a step in a thread: the budget still holds there."""
    raw = folder_of(tmp_path, count=1)
    (raw / "slow_loop.txt").write_text(a_report(50), encoding="utf-8")
    monkeypatch.setattr(parser, "parse_report", hanging_parser(parser.parse_report))
    monkeypatch.setenv("PARSE_TIMEOUT_SECONDS", "3")
    outcome = {}
    thread = threading.Thread(
        target=lambda: outcome.update(update=update_store(raw, tmp_path / "w.parsed"))
    )
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive()
    assert outcome["update"].problems["slow_loop.txt"].startswith("failed: parsing took over 3 s")
    assert statuses(tmp_path / "w.parsed")["good0.txt"] == "ok"


def test_the_worker_pool_stops_a_slow_file_and_survives_a_dead_worker(tmp_path, monkeypatch):
    raw = folder_of(tmp_path, count=4)
    (raw / "slow_loop.txt").write_text(a_report(60), encoding="utf-8")
    (raw / "slow_sleep.txt").write_text(a_report(61), encoding="utf-8")
    (raw / "crash.txt").write_text(a_report(62), encoding="utf-8")
    monkeypatch.setattr(parser, "parse_report", hanging_parser(parser.parse_report))
    monkeypatch.setattr(store, "MIN_PARALLEL_BATCH", 1)
    monkeypatch.setenv("PARSE_WORKERS", "2")
    monkeypatch.setenv("PARSE_TIMEOUT_SECONDS", "3")
    started = time.monotonic()
    update = update_store(raw, tmp_path / "w.parsed")
    assert time.monotonic() - started < 60
    assert update.problems["slow_loop.txt"].startswith("failed: parsing took over 3 s")
    assert update.problems["slow_sleep.txt"].startswith("failed: parsing took over 3 s")
    assert update.problems["crash.txt"].startswith(
        "failed: the parser's process died (exit code 3)"
    )
    assert [statuses(tmp_path / "w.parsed")[f"good{i}.txt"] for i in range(4)] == ["ok"] * 4
    summary = build_warehouse(tmp_path / "w.parsed", tmp_path / "w.duckdb")
    assert summary.row_counts["dim_report"] == 7


_FIRST_BUDGET = """
import sys
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from pipelines.store import parsing

loaded_when_timed = []
real_deadline = parsing.deadline


@contextmanager
def watched(seconds):
    loaded_when_timed.append("pipelines.extract.report" in sys.modules)
    with real_deadline(seconds):
        yield


parsing.deadline = watched
now = datetime.now(UTC)
list(parsing.parse_locally([parsing.Task(name="x.txt", refusal="refused")], now))
refused_only = "pipelines.extract.report" in sys.modules
list(parsing.parse_locally([parsing.Task(name="a.txt", path=Path(sys.argv[1]))], now))
print(refused_only, loaded_when_timed)
"""


def test_the_parser_is_loaded_before_the_first_files_budget_starts():
    # Imported inside the first file's budget, an alarm during the import can be swallowed
    # (in a __del__) and leave that file unbounded; a batch of refusals alone never loads it.
    child = subprocess.run(
        [sys.executable, "-c", _FIRST_BUDGET, str(RAW_DIR / SEED_WUQING)],
        capture_output=True,
        text=True,
    )
    assert child.returncode == 0, child.stderr
    assert child.stdout.split() == ["False", "[True]"]


def test_a_slow_file_holds_back_no_more_files_than_may_be_parsed_ahead(tmp_path, monkeypatch):
    """Rows are handed on in the run's order, so what is parsed while an early file is slow
    waits in memory: the pool parses no more than MAX_PARSED_AHEAD files (here 3, the slow
    one among them) until it is done, then the rest."""
    raw = folder_of(tmp_path, count=6)
    (raw / "a_slow.txt").write_text(a_report(70), encoding="utf-8")  # the first by name
    log = tmp_path / "parsed.log"
    real_parse = parser.parse_report

    def parse(path, source_file):
        with log.open("a") as out:
            out.write(f"start {path.name}\n")
        if path.name == "a_slow.txt":
            time.sleep(3)
            with log.open("a") as out:
                out.write("slow done\n")
        return real_parse(path, source_file=source_file)

    monkeypatch.setattr(parser, "parse_report", parse)
    monkeypatch.setattr(store, "MIN_PARALLEL_BATCH", 1)
    monkeypatch.setattr(store, "MAX_PARSED_AHEAD", 3)
    monkeypatch.setenv("PARSE_WORKERS", "2")
    update = update_store(raw, tmp_path / "w.parsed")
    lines = log.read_text(encoding="utf-8").splitlines()
    before = lines[: lines.index("slow done")]
    assert sorted(before) == ["start a_slow.txt", "start good0.txt", "start good1.txt"]
    assert len(lines) == 8 and not update.problems
    assert set(statuses(tmp_path / "w.parsed").values()) == {"ok"}


def test_the_worker_pool_gives_the_same_records_as_one_process(tmp_path, monkeypatch):
    raw = folder_of(tmp_path, count=1)
    for name in ("001_d922dcabc256b160.txt", SEED_ZHAOTONG, "104_putian_ptkjj_2009.html"):
        (raw / name).write_bytes((RAW_DIR / name).read_bytes())
    monkeypatch.setenv("PARSE_WORKERS", "1")
    update_store(raw, tmp_path / "one.parsed")
    monkeypatch.setattr(store, "MIN_PARALLEL_BATCH", 1)
    monkeypatch.setenv("PARSE_WORKERS", "2")
    update_store(raw, tmp_path / "pool.parsed")
    one = build_warehouse(tmp_path / "one.parsed", tmp_path / "one.duckdb").warehouse_path
    pool = build_warehouse(tmp_path / "pool.parsed", tmp_path / "pool.duckdb").warehouse_path
    assert contract_tables(one) == contract_tables(pool)


# --- identical files, each with its own sidecar ----------------------------------------------


def contract_tables(path):
    return table_contents(path, CONTRACT_TABLES + ("mart_report_summary",))


def test_identical_files_with_their_own_sidecars_are_one_report(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "other.txt").write_text(a_report(70), encoding="utf-8")
    (raw / "b.txt").write_text(SEED, encoding="utf-8")
    (raw / "b.txt.meta.json").write_text('{"issuer": "乙机关"}', encoding="utf-8")
    refresh(raw, tmp_path)
    # a twin arrives with its own sidecar: an incremental run
    (raw / "a.txt").write_text(SEED, encoding="utf-8")
    (raw / "a.txt.meta.json").write_text('{"issuer": "甲机关"}', encoding="utf-8")
    _, incremental = refresh(raw, tmp_path)
    assert incremental.incremental
    with duckdb.connect(str(incremental.warehouse_path), read_only=True) as connection:
        assert connection.execute(
            "select count(*), count(distinct report_id) from dim_report"
        ).fetchone() == (2, 2)
        # named by its first file, with that file's sidecar
        assert connection.execute(
            "select source_file, issuer from dim_report where source_file <> 'other.txt'"
        ).fetchall() == [("a.txt", "甲机关")]
        report_id = connection.execute(
            "select report_id from dim_report where source_file = 'a.txt'"
        ).fetchone()[0]
        assert (
            connection.execute(
                "select count(*) from fct_report_sections where report_id = ?", [report_id]
            ).fetchone()[0]
            == 6
        )
        assert connection.execute("select count(*) from mart_report_summary").fetchone()[0] == 2
    # the same files built from scratch give the same tables
    update_store(raw, tmp_path / "fresh.parsed")
    fresh = build_warehouse(tmp_path / "fresh.parsed", tmp_path / "fresh.duckdb")
    full = build_warehouse(tmp_path / "w.parsed", tmp_path / "full.duckdb", force=True)
    assert not fresh.incremental and not full.incremental
    assert contract_tables(incremental.warehouse_path) == contract_tables(full.warehouse_path)
    assert contract_tables(incremental.warehouse_path) == contract_tables(fresh.warehouse_path)


def test_the_first_twin_leaving_hands_the_report_to_the_next(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, issuer in (("a.txt", "甲机关"), ("b.txt", "乙机关")):
        (raw / name).write_text(SEED, encoding="utf-8")
        (raw / f"{name}.meta.json").write_text(f'{{"issuer": "{issuer}"}}', encoding="utf-8")
    refresh(raw, tmp_path)
    (raw / "a.txt").unlink()
    update = update_store(raw, tmp_path / "w.parsed")
    assert update.removed == ["a.txt"]
    incremental = build_warehouse(tmp_path / "w.parsed", tmp_path / "w.duckdb")
    with duckdb.connect(str(incremental.warehouse_path), read_only=True) as connection:
        assert connection.execute("select source_file, issuer from dim_report").fetchall() == [
            ("b.txt", "乙机关")
        ]
    full = build_warehouse(tmp_path / "w.parsed", tmp_path / "full.duckdb", force=True)
    assert contract_tables(incremental.warehouse_path) == contract_tables(full.warehouse_path)


# --- a file of repeated rows ----------------------------------------------------------------


def test_a_file_of_repeated_rows_keeps_kilobytes_of_errors(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    start = SEED.index("4.保护第三方")
    row = SEED[start : SEED.index("\n", start) + 1]
    cut = SEED.index("5.属于三类")
    (raw / "repeated.txt").write_text(SEED[:cut] + row * 3000 + SEED[cut:], encoding="utf-8")
    (raw / "good.txt").write_text(a_report(80), encoding="utf-8")
    update, summary = refresh(raw, tmp_path)
    with duckdb.connect(str(summary.warehouse_path), read_only=True) as connection:
        status, errors, report_id = connection.execute(
            "select parse_status, parse_errors, report_id from dim_report "
            "where source_file = 'repeated.txt'"
        ).fetchone()
        unread = connection.execute(
            "select count(*) from unread_numbers where report_id = ?", [report_id]
        ).fetchone()[0]
    assert status == "partial"
    assert len(errors.encode()) < 40_000  # uncapped: 0.45 MB for this file, 19.6 MB at 19 MB
    assert errors.count("printed again") == MAX_ERRORS_KEPT
    assert regex.search(r"… and \d+ more problems not kept$", errors)
    assert unread <= MAX_UNREAD_KEPT
    assert len(update.problems["repeated.txt"]) < 40_000  # the log line too


# --- a build is never robbed of the parts it reads --------------------------------------------


def test_a_run_waits_for_a_build_that_reads_the_store(tmp_path, monkeypatch):
    raw = folder_of(tmp_path, count=3)
    update_store(raw, tmp_path / "w.parsed")
    reading, release = threading.Event(), threading.Event()
    real_load = build_module._load_store

    def slow_load(connection, parsed_dir):
        reading.set()
        release.wait(timeout=30)
        real_load(connection, parsed_dir)

    monkeypatch.setattr(build_module, "_load_store", slow_load)
    outcome = {}
    builder = threading.Thread(
        target=lambda: outcome.update(
            build=build_warehouse(tmp_path / "w.parsed", tmp_path / "w.duckdb")
        )
    )
    builder.start()
    assert reading.wait(timeout=30)
    # a second run sees a changed folder: it would drop the part the build is about to read
    (raw / "good0.txt").unlink()
    (raw / "good1.txt").write_text(a_report(90), encoding="utf-8")
    parser = threading.Thread(
        target=lambda: outcome.update(update=update_store(raw, tmp_path / "w.parsed"))
    )
    parser.start()
    parser.join(timeout=1.0)
    assert parser.is_alive()  # it waits for the build
    release.set()
    builder.join(timeout=60)
    parser.join(timeout=60)
    assert outcome["build"].row_counts["dim_report"] == 3
    assert outcome["update"].removed == ["good0.txt"]
    monkeypatch.setattr(build_module, "_load_store", real_load)
    assert (
        build_warehouse(tmp_path / "w.parsed", tmp_path / "w.duckdb").row_counts["dim_report"] == 2
    )


# --- the Parquet copies are published with the warehouse --------------------------------------


def copy_of(copies, table):
    return pq.read_table(copies / table)  # one table from its folder of part files


def copies_agree(warehouse):
    copies = parquet_dir(warehouse)
    assert (
        os.path.realpath(warehouse).rsplit("/", 1)[0] == os.path.realpath(copies).rsplit("/", 1)[0]
    )  # one version folder
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        for table in CONTRACT_TABLES:
            rows = connection.execute(f"select count(*) from {table}").fetchone()[0]
            assert copy_of(copies, table).num_rows == rows, table
        return connection.execute("select count(*) from dim_report").fetchone()[0]


def test_copies_are_published_with_the_warehouse_and_not_shared(tmp_path):
    big, small = tmp_path / "big", tmp_path / "small"
    update_store(RAW_DIR, big / "w.parsed")
    update_store(folder_of(tmp_path, count=2), small / "w.parsed")
    out = tmp_path / "out"
    build_warehouse(big / "w.parsed", out / "a.duckdb")
    build_warehouse(small / "w.parsed", out / "b.duckdb")
    assert copies_agree(out / "a.duckdb") > copies_agree(out / "b.duckdb") == 2
    assert not (out / "dim_report").exists()
    # a build that fails after writing its copies publishes neither them nor its warehouse
    before = os.path.realpath(out / "a.duckdb")

    def crash(*args):
        raise OSError("disk full")

    original = build_module._swap_current
    build_module._swap_current = crash
    try:
        with pytest.raises(OSError):
            build_warehouse(small / "w.parsed", out / "a.duckdb", force=True)
    finally:
        build_module._swap_current = original
    assert os.path.realpath(out / "a.duckdb") == before
    assert copies_agree(out / "a.duckdb") > 2
    assert len([p for p in (out / ".a.versions").iterdir() if p.name != "current"]) == 1


@pytest.mark.parametrize("point", BUILD_POINTS)
def test_a_build_killed_at_any_step_leaves_copies_in_step(tmp_path, point):
    big, small = tmp_path / "big", tmp_path / "small"
    update_store(folder_of(tmp_path, count=3, name="raw3"), big / "w.parsed")
    update_store(folder_of(tmp_path, count=2), small / "w.parsed")
    build_warehouse(big / "w.parsed", tmp_path / "w.duckdb")
    # a build of a store of another size, killed at `point`
    build_killed_at(point, small / "w.parsed", tmp_path / "w.duckdb", tmp_path)
    # the warehouse and its copies come from one build: the old one or the new one
    assert copies_agree(tmp_path / "w.duckdb") == (
        3 if BUILD_POINTS.index(point) < BUILD_POINTS.index("made_current") else 2
    )
    build_warehouse(small / "w.parsed", tmp_path / "w.duckdb", force=True)
    assert copies_agree(tmp_path / "w.duckdb") == 2
    versions = [p for p in (tmp_path / ".w.versions").iterdir() if p.name != "current"]
    assert len(versions) <= 2  # the published one and the one before it
