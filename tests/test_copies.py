"""Issue 12, the night's update grows with the new files: the Parquet copies are one file per
store part, an incremental build writes the parts whose reports changed and hard-links the
others from the version before, and the copies still hold exactly the warehouse's rows."""

import os

import duckdb

from pipelines.store.update import read_manifest
from pipelines.warehouse.build import CONTRACT_TABLES, build_warehouse, parquet_dir
from pipelines.warehouse.copies import PARTITION
from tests.conftest import RAW_DIR, SEED_WUQING, refresh


def run(raw, tmp_path):
    return refresh(raw, tmp_path)[1]


def part_files(warehouse, table):
    """{part: (inode, path)} of a table's copy as published now."""
    folder = os.path.realpath(parquet_dir(warehouse) / table)
    files = {}
    for entry in sorted(os.listdir(folder)):
        path = os.path.join(folder, entry, "data_0.parquet")
        files[entry.removeprefix(f"{PARTITION}=")] = (os.stat(path).st_ino, path)
    return files


def assert_copies_hold_the_tables(warehouse):
    """Every row of every table, each in the part its report lives in (fct_report_sections
    names its own; the others' is raw.live's)."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        for table in CONTRACT_TABLES:
            copy = str(parquet_dir(warehouse) / table / "**" / "*.parquet")
            in_copy = connection.execute(
                "select * from read_parquet($copy, hive_partitioning = true) order by all",
                {"copy": copy},
            ).fetchall()
            if table == "codes":
                rows = "select * from codes"
            elif table == "fct_report_sections":
                rows = "select * from fct_report_sections"
            else:
                rows = f"select {table}.*, part from {table} join raw.live using (report_id)"
            in_table = connection.execute(f"{rows} order by all").fetchall()
            assert in_copy == in_table, table


def test_a_new_report_writes_its_own_part_and_links_the_others(raw, tmp_path):
    first = run(raw, tmp_path)
    before = part_files(tmp_path / "w.duckdb", "fct_applications")
    assert len(before) == 1  # the sample is one batch: one part
    (raw / "new.txt").write_bytes(
        (RAW_DIR / SEED_WUQING).read_bytes().replace(b"6616", b"6617").replace(b"2021", b"2022")
    )
    second = run(raw, tmp_path)
    assert second.incremental and second.build["build_id"] != first.build["build_id"]
    after = part_files(tmp_path / "w.duckdb", "fct_applications")
    (old_part,) = before
    new_parts = set(after) - set(before)
    assert len(new_parts) == 1
    # the old part's file is the previous version's, linked (same inode), not written again
    assert after[old_part][0] == before[old_part][0]
    assert after[old_part][1] != before[old_part][1]
    assert_copies_hold_the_tables(tmp_path / "w.duckdb")


def test_a_changed_report_rewrites_the_part_it_left(raw, tmp_path):
    run(raw, tmp_path)
    before = part_files(tmp_path / "w.duckdb", "fct_applications")
    wuqing = read_manifest(tmp_path / "w.parsed")[SEED_WUQING]["report_id"]
    (raw / SEED_WUQING).write_bytes((RAW_DIR / SEED_WUQING).read_bytes() + b"\n")
    assert run(raw, tmp_path).incremental
    after = part_files(tmp_path / "w.duckdb", "fct_applications")
    (old_part,) = before
    assert after[old_part][0] != before[old_part][0]  # written again, without 武清's old rows
    ids = duckdb.sql(
        f"select distinct report_id from read_parquet('{after[old_part][1]}')"
    ).fetchall()
    assert (wuqing,) not in ids and len(ids) > 5
    assert_copies_hold_the_tables(tmp_path / "w.duckdb")


def test_a_full_build_and_an_update_leave_the_same_copies(raw, tmp_path):
    run(raw, tmp_path)
    (raw / SEED_WUQING).rename(raw / "renamed.txt")
    (raw / "101_sanming_smsrmzf_2021.txt").unlink()
    run(raw, tmp_path)
    full = tmp_path / "full"
    full.mkdir()
    build_warehouse(tmp_path / "w.parsed", full / "w.duckdb", force=True)
    assert_copies_hold_the_tables(tmp_path / "w.duckdb")
    assert_copies_hold_the_tables(full / "w.duckdb")


def test_a_new_version_rewrites_the_part_of_the_report_it_supersedes(raw, tmp_path):
    """The old version's dim_report row changes (no longer current) though the old report is
    not in the delta: its part is written again, not linked."""
    run(raw, tmp_path)
    before = part_files(tmp_path / "w.duckdb", "dim_report")
    (raw / "zz_new_version.txt").write_bytes(
        (RAW_DIR / SEED_WUQING).read_bytes().replace(b"6616", b"6617")
    )
    assert run(raw, tmp_path).incremental
    after = part_files(tmp_path / "w.duckdb", "dim_report")
    (old_part,) = before
    assert after[old_part][0] != before[old_part][0]
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as connection:
        superseded = connection.execute(
            "select count(*) from dim_report where not is_current"
        ).fetchone()[0]
    assert superseded == 1
    assert_copies_hold_the_tables(tmp_path / "w.duckdb")
