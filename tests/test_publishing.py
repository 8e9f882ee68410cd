"""Analysts keep a read-only session open while a run publishes; a run killed at any
moment leaves the last good warehouse intact, and the next run completes."""

import os
import subprocess
import sys
import textwrap
import threading
import time

import duckdb
import pytest

from pipelines.pause_points import BUILD_POINTS, STORE_POINTS
from pipelines.store.update import read_manifest, update_store
from pipelines.warehouse import build
from pipelines.warehouse.build import build_warehouse
from tests.conftest import PROJECT_ROOT, RAW_DIR, SAMPLE_COUNT, build_killed_at, killed_at


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


@pytest.mark.parametrize("point", BUILD_POINTS)
def test_a_run_killed_at_any_step_of_a_build_leaves_a_whole_warehouse(published, point):
    before = (published / "w.duckdb").resolve()
    before_bytes = before.read_bytes()
    build_killed_at(point, published / "w.parsed", published / "w.duckdb", published)
    published_now = (published / "w.duckdb").resolve()
    if BUILD_POINTS.index(point) < BUILD_POINTS.index("made_current"):
        # killed before its version was made current: readers see the last good one, untouched
        assert published_now == before and published_now.read_bytes() == before_bytes
    else:
        # killed after: the new version is whole and already the one readers open
        assert published_now != before
    with duckdb.connect(str(published / "w.duckdb"), read_only=True) as connection:
        assert connection.execute("select count(*) from dim_report").fetchone()[0] == SAMPLE_COUNT
    summary = build_warehouse(published / "w.parsed", published / "w.duckdb", force=True)
    assert summary.row_counts["dim_report"] == SAMPLE_COUNT
    # what the killed build left is gone: the published version and the one before it remain
    versions = [p for p in (published / ".w.versions").iterdir() if p.name != "current"]
    assert len(versions) == 2


@pytest.mark.parametrize("point", STORE_POINTS)
def test_a_run_killed_while_parsing_leaves_the_store_old_or_wholly_new(published, tmp_path, point):
    raw = tmp_path / "raw"
    raw.mkdir()
    for index in range(40):
        (raw / f"r{index}.txt").write_bytes(
            (RAW_DIR / "004_64bee20b8c6febd8.txt").read_bytes() + f"\n{index}".encode()
        )
    manifest_before = read_manifest(published / "w.parsed")
    killed_at(
        point,
        f"""
        from pathlib import Path
        from pipelines.store.update import update_store
        update_store(Path({str(raw)!r}), Path({str(published / "w.parsed")!r}))
        """,
        tmp_path,
    )
    new_names = {f"r{index}.txt" for index in range(40)}
    after_kill = set(read_manifest(published / "w.parsed"))
    if point == "parts_written":  # its parts written, but no manifest lists them yet
        assert after_kill == set(manifest_before)
    else:
        assert after_kill == new_names
    update = update_store(raw, published / "w.parsed")
    manifest = read_manifest(published / "w.parsed")
    assert set(manifest) == new_names
    if point == "parts_written":  # parsed again: the parts no manifest listed are removed
        assert (len(update.added), update.unchanged) == (40, 0)
    else:
        assert (len(update.added), update.unchanged) == (0, 40)
    live = {row["part"] for row in manifest.values()}
    assert {path.stem for path in (published / "w.parsed").glob("*/*.parquet")} == live


def test_writing_a_nights_copy_back_keeps_duckdbs_lock_on_it(tmp_path, monkeypatch):
    """A night's copy is written to disk by a thread while the build's connection holds the
    file. DuckDB locks it with fcntl, which any handle of the file this process closes
    releases: the thread's handle stays open until the connection is closed, so another
    process still cannot open the version being built."""
    path = tmp_path / "w.duckdb"
    duckdb.connect(str(path)).close()
    synced = threading.Event()
    real_fdatasync = os.fdatasync

    def slow_fdatasync(descriptor):  # as a 0.6 GB copy's: done after DuckDB has the file
        time.sleep(0.3)
        real_fdatasync(descriptor)
        synced.set()

    monkeypatch.setattr(build.os, "fdatasync", slow_fdatasync)
    with build._written_back(path), duckdb.connect(str(path)):
        assert synced.wait(timeout=10)
        time.sleep(0.1)
        other = subprocess.run(
            [sys.executable, "-c", f"import duckdb; duckdb.connect({str(path)!r})"],
            capture_output=True,
            text=True,
        )
    assert other.returncode != 0
    assert "lock" in other.stderr.lower()
    duckdb.connect(str(path)).close()  # and the lock goes with the connection
