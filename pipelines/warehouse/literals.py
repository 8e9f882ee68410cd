"""Values written into the warehouse's SQL as literals, where a bound parameter cannot go: a
COMMENT, a COPY's target, and the lists of ids or parts DuckDB must see as constants to push
them into its scans; and the name of the warehouse's database, as an identifier."""

from __future__ import annotations

from collections.abc import Iterable


def literal(text: str) -> str:
    """text as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def literal_list(texts: Iterable[str]) -> str:
    """The texts as a comma-separated list of SQL string literals."""
    return ", ".join(literal(text) for text in texts)


def identifier(name: str) -> str:
    """name as a quoted SQL identifier (a database named after a file the user chose)."""
    return '"' + name.replace('"', '""') + '"'
