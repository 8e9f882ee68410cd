"""The Parquet copies of the contract tables, one file per store part, so a night's update
writes the parts it changed and links the rest from the version before.

    <version>/parquet/<table>/store_part=<part>/data_0.parquet   rows of the reports of that part
    <version>/parquet/codes/all.parquet                        a table not made of reports

DuckDB, pandas, Spark and Arrow read `<table>/*/*.parquet` as one table (`store_part` comes
as a hive partition column). A file is never changed once written, so an unchanged part is a
hard link to the previous version's file: no bytes copied, and removing the old version
leaves it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from pipelines.warehouse.catalog import relations_with, report_relations
from pipelines.warehouse.joins import joins_as_written
from pipelines.warehouse.literals import literal, literal_list

PARTITION = "store_part"
# In the models' fingerprint: a build after a change of this layout is a full one, so no part
# file of another layout is linked into a new version.
LAYOUT = "one file per store part, hive-partitioned by store_part (2)"
# Every part's file is open at once and keeps its row group until it is full: at DuckDB's
# 122 880 rows that is every part's rows at 100 000 reports (1 000 reports make ~100 000
# rows of fct_applications), the whole table in memory. At this size that copy takes a third
# of the memory and no longer; the files are 10% larger.
ROW_GROUP_ROWS = 16384


def write_copies(
    connection: duckdb.DuckDBPyConnection,
    tables: tuple[str, ...],
    target: Path,
    previous: Path | None = None,
) -> dict[str, int]:
    """Write every table's copy under `target`; with the previous version's copies, only the
    parts that hold a report of `touched_reports` (where it lives now or lived before, from
    `old_live`) are written, the others linked. How many part files each table's copy has."""
    # Each copy joins raw.live, and fct_report_sections joins the texts it cuts its bodies
    # from: the rows of each table stream, raw.live or the sections are held.
    with joins_as_written(connection):
        return _write_tables(connection, tables, target, previous)


def _write_tables(
    connection: duckdb.DuckDBPyConnection,
    tables: tuple[str, ...],
    target: Path,
    previous: Path | None,
) -> dict[str, int]:
    of_reports = report_relations(connection)
    with_parts = relations_with(connection, PARTITION)
    touched = _touched(connection) if previous is not None else None
    written = {}
    for table in tables:
        folder = target / table
        folder.mkdir(parents=True)
        if ("main", table) not in of_reports:
            _copy(connection, f"select * from {table}", folder / "all.parquet")
            written[table] = 1
            continue
        # A relation with its own store part is filtered on it, and the filter reaches its
        # scans (fct_report_sections: only the touched parts' texts are read); the others
        # take the part their report lives in.
        if ("main", table) in with_parts:
            rows, part = f"select * from {table}", PARTITION
        else:
            rows = (
                f"select {table}.*, live.part as {PARTITION} "
                f"from {table} join raw.live as live using (report_id)"
            )
            part = "live.part"
        if previous is None or not (previous / table).is_dir():
            _copy_partitioned(connection, rows, folder)
        else:
            _copy_partitioned(connection, f"{rows} where {part} in ({touched})", folder)
            _link_untouched(connection, previous / table, folder)
        written[table] = sum(1 for _ in folder.iterdir())
    return written


def touched_parts(connection: duckdb.DuckDBPyConnection) -> int:
    """The store parts whose reports changed in some table (left by apply_changes)."""
    connection.execute("""
        create or replace temp table touched_parts as
        select part from raw.live where report_id in (select report_id from touched_reports)
        union
        select part from old_live where report_id in (select report_id from touched_reports)
    """)
    return connection.execute("select count(*) from touched_parts").fetchone()[0]


def _touched(connection: duckdb.DuckDBPyConnection) -> str:
    """The touched parts written out: a constant list reaches the scans through views and
    joins and DuckDB skips the rows of other parts; a subquery is joined after the scans, so
    every row is read (at 100 000 reports, every text). A night touches a few parts."""
    parts = connection.execute("select part from touched_parts order by 1").fetchall()
    return literal_list(part for (part,) in parts) or "null"


def _link_untouched(connection: duckdb.DuckDBPyConnection, previous: Path, folder: Path) -> None:
    """Hard-link the previous version's part files that are still live and not touched."""
    keep = {
        f"{PARTITION}={part}"
        for (part,) in connection.execute(
            "select distinct part from raw.live where part not in (select part from touched_parts)"
        ).fetchall()
    }
    for entry in previous.iterdir():
        if entry.name in keep and not (folder / entry.name).exists():
            (folder / entry.name).mkdir()
            for file in entry.iterdir():
                try:
                    os.link(file, folder / entry.name / file.name)
                except OSError:  # a file system without hard links: copy it
                    shutil.copy2(file, folder / entry.name / file.name)


def _copy_partitioned(connection: duckdb.DuckDBPyConnection, rows: str, folder: Path) -> None:
    """Stream the rows to one file per part (never the whole table in memory). The path is the
    warehouse's own (configuration, never report text)."""
    connection.execute(
        f"copy ({rows}) to {literal(str(folder))} (format parquet, "
        f"partition_by ({PARTITION}), overwrite_or_ignore true, row_group_size {ROW_GROUP_ROWS})"
    )
    for path in folder.rglob("*.parquet"):
        os.chmod(path, 0o644)


def _copy(connection: duckdb.DuckDBPyConnection, rows: str, target: Path) -> None:
    connection.execute(f"copy ({rows}) to {literal(str(target))} (format parquet)")
    os.chmod(target, 0o644)
