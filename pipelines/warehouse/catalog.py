"""What the warehouse being built holds, asked of DuckDB's catalogue in one place."""

from __future__ import annotations

import duckdb


def report_relations(connection: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    """(schema, name) of every table and view of the connection's own database that has a
    report_id: what is made of reports' rows (temporary tables are not the warehouse's)."""
    return relations_with(connection, "report_id")


def relations_with(connection: duckdb.DuckDBPyConnection, column: str) -> set[tuple[str, str]]:
    """(schema, name) of every table and view of the connection's own database that has the
    column."""
    database = connection.execute("select current_database()").fetchone()[0]
    return set(
        connection.execute(
            "select distinct schema_name, table_name from duckdb_columns() "
            "where database_name = ? and column_name = ?",
            [database, column],
        ).fetchall()
    )
