"""Joins that keep the order a query writes them in, for the statements that stream a large
relation past a small one.

Left to itself DuckDB builds a join's hash table on the side it estimates the smaller, and a
table of texts has few rows and many bytes: loading raw.texts held the texts (1.3 GB at
100 000 reports, past the build's memory limit: three minutes of spilling), and the Parquet
copy of fct_report_sections did the same. As written, the right side of each join is the one
held (raw.live, the sections) and the texts stream through. An update that loads many
reports' records is a load like the build's: it failed out of memory at 100 000."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from pipelines.store.queries import live_records


@contextmanager
def joins_as_written(connection: duckdb.DuckDBPyConnection) -> Iterator[None]:
    connection.execute("set disabled_optimizers = 'join_order,build_side_probe_side'")
    try:
        yield
    finally:
        connection.execute("reset disabled_optimizers")


def insert_records(
    connection: duckdb.DuckDBPyConnection,
    kind: str,
    paths: list[str],
    live: str,
    condition: str = "",
) -> None:
    """raw.<kind> gains the records of the store parts at `paths` that belong to the reports
    of `live` (a live_reports relation), and meet `condition` (SQL on `parts`, the records),
    streamed past the reports."""
    with joins_as_written(connection):
        connection.execute(
            f"insert into raw.{kind} by name "
            f"{live_records(kind, 'read_parquet($paths)', live)} {condition}",
            {"paths": paths},
        )
