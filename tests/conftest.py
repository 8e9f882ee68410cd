"""Shared fixtures: the sample reports as parsed, and a warehouse built from them."""

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from pipelines.extract.report import parse_report
from pipelines.pause_points import PAUSE_ENV
from pipelines.store.files import report_files
from pipelines.store.update import update_store
from pipelines.warehouse.build import build_warehouse

PROJECT_ROOT = Path(__file__).resolve().parents[1]
RAW_DIR = PROJECT_ROOT / "data" / "raw"
GOLD_DIR = PROJECT_ROOT / "gold"

SEED_WUJIANG = "000_3e4ae60c1c22f494.txt"  # Traditional, blank tables, figures in prose
SEED_CHANGSHU = "001_d922dcabc256b160.txt"  # pre-2019, Traditional
SEED_ZHAOTONG = "002_828710d970dad97f.txt"  # filled tables, total row printed as zeros
SEED_QIAOKOU = "003_fc9aab34a1e880b5.txt"  # Traditional, blank tables
SEED_WUQING = "004_64bee20b8c6febd8.txt"  # Simplified, filled tables
# The sample: the five seeds, fourteen labelled reports of two cities' crawl archives and the
# 平潭 series 2019-2025.
SAMPLE_COUNT = len(report_files(RAW_DIR))


@pytest.fixture(scope="session")
def seed_reports():
    return {path.name: parse_report(path) for path in report_files(RAW_DIR)}


def figure_values(report, fact, source=None):
    """{(key1, key2): value} of one report's figures of one fact."""
    return {
        (f.key1, f.key2): f.value
        for f in report.figures
        if f.fact == fact and (source is None or f.source == source)
    }


@pytest.fixture
def raw(tmp_path) -> Path:
    """A copy of the sample reports that a test may change."""
    folder = tmp_path / "raw"
    shutil.copytree(RAW_DIR, folder)
    return folder


def refresh(raw: Path, root: Path):
    """A run as the job makes it, on `raw` into `root`: the store brought up to date
    (w.parsed), then the warehouse (w.duckdb). The store's update and the build's summary."""
    update = update_store(raw, root / "w.parsed")
    return update, build_warehouse(root / "w.parsed", root / "w.duckdb")


@pytest.fixture(scope="session")
def seed_warehouse(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("warehouse")
    update_store(RAW_DIR, root / "warehouse.parsed")
    return build_warehouse(root / "warehouse.parsed", root / "warehouse.duckdb").warehouse_path


def killed_at(point: str, code: str, marker_dir: Path) -> None:
    """Run `code` in a new Python process that pauses at the pause point `point`
    (pipelines/pause_points.py), and kill it there: a kill at a known step, not after a
    guessed delay. Fails if the process ends without reaching the point."""
    marker = marker_dir / f"reached-{point}"
    process = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=PROJECT_ROOT,
        env={**os.environ, PAUSE_ENV: f"{point}:{marker}"},
    )
    deadline = time.monotonic() + 300  # a safety net against a hang, not a measure
    try:
        while not marker.exists():
            assert process.poll() is None, f"the process ended before reaching {point}"
            assert time.monotonic() < deadline, f"the process never reached {point}"
            time.sleep(0.05)
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def build_killed_at(point: str, parsed_dir: Path, warehouse: Path, marker_dir: Path) -> None:
    """A full build of `parsed_dir` into `warehouse`, killed at the build step `point`."""
    killed_at(
        point,
        f"""
        from pathlib import Path
        from pipelines.warehouse.build import build_warehouse
        build_warehouse(Path({str(parsed_dir)!r}), Path({str(warehouse)!r}), force=True)
        """,
        marker_dir,
    )


def preferred_and_mart_sums(connection, item: str, column: str) -> tuple:
    """The sum of an application item's totals over fct_applications_preferred, and of its
    column over mart_report_summary: equal when each report's figure is counted once."""
    return connection.execute(
        f"select (select sum(value) from fct_applications_preferred where item = ? "
        f"and applicant_type = 'total'), (select sum({column}) from mart_report_summary)",
        [item],
    ).fetchone()


# Columns that name the run, not the data: when a report was parsed, which store part holds it.
RUN_COLUMNS = {"dim_report": "ingested_at", "fct_report_sections": "store_part"}


def table_contents(path: Path, tables) -> dict[str, list[tuple]]:
    """Every row of each table of a warehouse, in order, without the columns that name the
    run: two warehouses with equal contents hold the same data."""
    with duckdb.connect(str(path), read_only=True) as connection:
        return {
            table: connection.execute(
                f"select * exclude ({RUN_COLUMNS[table]}) from {table} order by all"
                if table in RUN_COLUMNS
                else f"select * from {table} order by all"
            ).fetchall()
            for table in tables
        }
