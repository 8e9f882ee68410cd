"""Analysts keep a read-only session open while a run publishes; a run killed at any
moment leaves the last good warehouse intact, and the next run completes."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import duckdb
import pytest

from pipelines.store.update import read_manifest, update_store
from pipelines.warehouse.build import build_warehouse
from tests.conftest import PROJECT_ROOT, RAW_DIR, SAMPLE_COUNT


def python(code: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=PROJECT_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        **kwargs,
    )


@pytest.fixture
def published(tmp_path):
    update_store(RAW_DIR, tmp_path / "w.parsed")
    build_warehouse(tmp_path / "w.parsed", tmp_path / "w.duckdb")
    return tmp_path


def test_a_reader_in_another_process_keeps_working_while_a_run_publishes(published):
    reader = python(f"""
        import duckdb, sys
        connection = duckdb.connect({str(published / "w.duckdb")!r}, read_only=True)
        print(connection.execute("select count(*) from dim_report").fetchone()[0], flush=True)
        sys.stdin.readline()  # hold the session open until the publisher is done
        print(connection.execute("select count(*) from fct_applications").fetchone()[0], flush=True)
    """)
    try:
        assert reader.stdout.readline().strip() == str(SAMPLE_COUNT)
        summary = build_warehouse(published / "w.parsed", published / "w.duckdb", force=True)
        assert not summary.unchanged
        reader.stdin.write("go\n")
        reader.stdin.flush()
        assert int(reader.stdout.readline()) == summary.row_counts["fct_applications"]
    finally:
        reader.communicate(timeout=30)
    assert reader.returncode == 0


@pytest.mark.parametrize("delay", [0.05, 0.2, 0.5, 1.0])
def test_a_run_killed_mid_build_leaves_the_published_warehouse_intact(published, delay):
    before = (published / "w.duckdb").read_bytes()
    builder = python(f"""
        from pathlib import Path
        from pipelines.warehouse.build import build_warehouse
        while True:
            build_warehouse(Path({str(published / "w.parsed")!r}),
                            Path({str(published / "w.duckdb")!r}), force=True)
    """)
    time.sleep(delay)
    os.kill(builder.pid, signal.SIGKILL)
    builder.wait(timeout=30)
    with duckdb.connect(str(published / "w.duckdb"), read_only=True) as connection:
        assert connection.execute("select count(*) from dim_report").fetchone()[0] == SAMPLE_COUNT
    summary = build_warehouse(published / "w.parsed", published / "w.duckdb", force=True)
    assert summary.row_counts["dim_report"] == SAMPLE_COUNT
    assert not list(published.glob(".w.duckdb.building-*"))
    assert len(before) > 0


def test_a_run_killed_while_parsing_leaves_the_store_as_it_was(published, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for index in range(40):
        (raw / f"r{index}.txt").write_bytes(
            (RAW_DIR / "004_64bee20b8c6febd8.txt").read_bytes() + f"\n{index}".encode()
        )
    manifest_before = read_manifest(published / "w.parsed")
    parser = python(f"""
        from pathlib import Path
        from pipelines.store.update import update_store
        update_store(Path({str(raw)!r}), Path({str(published / "w.parsed")!r}))
    """)
    time.sleep(0.5)
    os.kill(parser.pid, signal.SIGKILL)
    parser.wait(timeout=30)
    new_names = {f"r{index}.txt" for index in range(40)}
    after_kill = set(read_manifest(published / "w.parsed"))
    assert after_kill in (set(manifest_before), new_names)  # the old store or the whole new one
    update = update_store(raw, published / "w.parsed")
    manifest = read_manifest(published / "w.parsed")
    assert set(manifest) == new_names
    assert update.unchanged + len(update.added) + len(update.changed) == 40
    live = {row["part"] for row in manifest.values()}
    assert {path.stem for path in (published / "w.parsed").glob("*/*.parquet")} == live
