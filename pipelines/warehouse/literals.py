"""Values written into the warehouse's SQL as literals, where a bound parameter cannot go: a
COMMENT, a COPY's target, and the lists of ids or parts DuckDB must see as constants to push
them into its scans."""

from __future__ import annotations

from collections.abc import Iterable


def literal(text: str) -> str:
    """text as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def literal_list(texts: Iterable[str]) -> str:
    """The texts as a comma-separated list of SQL string literals."""
    return ", ".join(literal(text) for text in texts)
