"""The per-report tables' rows of the reports an incremental build changed, selected in a
catalogue of their own whose store tables hold those reports' records alone.

A per-report table's rows for a report are a function of that report's records, so its model
can run over them without the others'. Run over the whole warehouse with the changed
reports' ids as a filter, the model read every report: DuckDB cannot skip a block of rows by
report id (ids are hashes, and a thousand of them fall in every block), so each model joined
and ranked 100 000 reports' figures to keep a thousand reports' rows (0.1-0.7 s a table,
two to fourteen times a 10 000-report warehouse's). Here the store tables are views of the
warehouse's over the store parts the changed reports live in, which DuckDB finds by their
zonemaps (a night's reports are stored last, in parts of their own), and over those reports'
ids; the views the models read are made again over them; each per-report table is selected
there whole."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from pipelines.store.rows import SCHEMAS
from pipelines.warehouse.literals import identifier, literal_list

# The catalogue's name, and another for a warehouse file whose name takes it.
CATALOGUES = ("changed_reports", "changed_reports_of_the_night")


@contextmanager
def changed_reports_catalogue(
    connection: duckdb.DuckDBPyConnection,
    models: list,
    per_report: set[str],
    of_reports: set[tuple[str, str]],
    reports: str,
    parts: list[str],
) -> Iterator[str]:
    """While the block runs, a catalogue of CATALOGUES holds the tables of `per_report` (model
    names; `of_reports`: catalog.report_relations, which tells the others of reports apart)
    for the reports the filter `reports` keeps (a condition on report_id), which live
    in the store parts `parts`; yields its name. Raises ValueError, before anything is made,
    if one of them reads a table of reports that is not per report (its rows would depend on
    other reports')."""
    database_name = connection.execute("select current_database()").fetchone()[0]
    database = identifier(database_name)
    catalogue = next(name for name in CATALOGUES if name.casefold() != database_name.casefold())
    by_name = {model.name: model for model in models}
    for model in models:
        if model.name not in per_report:
            continue
        across = sorted(
            name
            for name in _read_by(by_name, {model.name}) - per_report
            if by_name[name].materialization == "table"
            and (by_name[name].schema, name) in of_reports
        )
        if across:
            raise ValueError(
                f"{model.name} is selected per report but reads {', '.join(across)}, whose "
                "rows depend on other reports: keep it as a view"
            )
    read = _read_by(by_name, per_report)
    connection.execute(f"attach ':memory:' as {catalogue}")
    try:
        schemas = {"raw"} | {by_name[name].schema for name in read}
        for schema in sorted(schemas - {"main"}):
            connection.execute(f"create schema {catalogue}.{schema}")
        _store_views(connection, catalogue, database, of_reports, reports, parts)
        # In the models' order (a view may read a per-report table), from within the
        # catalogue: a table's query binds in the current one.
        connection.execute(f"use {catalogue}")
        try:
            for model in models:
                if model.name not in read:
                    continue
                if model.name in per_report:
                    statement = f"create table {model.qualified_name} as\n{model.qualified_sql}"
                elif model.materialization == "view":
                    statement = f"create view {model.qualified_name} as\n{model.qualified_sql}"
                else:  # a table of no report (the codes): as the warehouse holds it
                    statement = (
                        f"create view {model.qualified_name} as "
                        f"select * from {database}.{model.qualified_name}"
                    )
                connection.execute(statement)
        finally:
            connection.execute(f"use {database}")
        yield catalogue
    finally:
        connection.execute(f"detach {catalogue}")


def _read_by(models: dict, names: set[str]) -> set[str]:
    """The models `names` read, directly or through others, themselves included."""
    found: set[str] = set()
    waiting = list(names)
    while waiting:
        name = waiting.pop()
        if name not in found:
            found.add(name)
            waiting.extend(models[name].depends_on)
    return found


def _store_views(
    connection: duckdb.DuckDBPyConnection,
    catalogue: str,
    database: str,
    of_reports: set[tuple[str, str]],
    reports: str,
    parts: list[str],
) -> None:
    """<catalogue>.raw.<table> for each table of the warehouse's raw schema: the store's
    records of the reports `reports` keeps, read from their parts only; the tables of no
    report (the codes, the deadlines) whole."""
    tables = connection.execute(
        "select table_name from duckdb_tables() "
        "where database_name = current_database() and schema_name = 'raw' order by 1"
    ).fetchall()
    in_parts = f"part in ({literal_list(parts)})" if parts else "false"
    for (table,) in tables:
        conditions = []
        if ("raw", table) in of_reports:
            conditions.append(reports)
        if table in SCHEMAS:  # a record's part is its report's (store/queries.live_records)
            conditions.append(in_parts)
        where = f" where {' and '.join(conditions)}" if conditions else ""
        connection.execute(
            f"create view {catalogue}.raw.{table} as select * from {database}.raw.{table}{where}"
        )
