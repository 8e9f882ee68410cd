"""What a report must hold, by the regulation it was written under, and what it holds.

The parts each regulation requires and the deadlines it sets are data (report_parts.csv,
deadlines.csv, with the article each comes from): the 2019 regulation applies to reports on
2019 and later, the 2007 one (in force from 2008) to earlier years. A part is present where
a section's heading names it; each of 表二/三/四 is `filled`, `blank` (printed, every cell
empty) or `absent`, with the cells read against the cells its template has.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType

from pipelines.extract import vocabulary
from pipelines.extract.records import Figure, Section

TABLES = ("publications", "applications", "appeals")


@dataclass(frozen=True)
class Part:
    part: str
    found: bool
    heading: str | None  # the heading that names it


@dataclass(frozen=True)
class TableStatus:
    table: str  # publications | applications | appeals
    status: str  # filled | blank | absent
    cells_read: int
    cells_template: int


def regulation(report_year: int | None) -> str | None:
    if report_year is None:
        return None
    return "2019" if report_year >= 2019 else "2008"


@lru_cache(maxsize=1)
def _required() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    with (
        resources.files("pipelines.extract")
        .joinpath("report_parts.csv")
        .open(encoding="utf-8") as handle
    ):
        return tuple(
            (row["regulation"], row["part"], tuple(row["headings"].split("|")))
            for row in csv.DictReader(handle)
        )


@lru_cache(maxsize=1)
def deadlines() -> tuple[dict[str, str], ...]:
    """deadlines.csv: (regulation, scope, month, day, article) per row."""
    with (
        resources.files("pipelines.extract")
        .joinpath("deadlines.csv")
        .open(encoding="utf-8") as handle
    ):
        return tuple(csv.DictReader(handle))


def parts(sections: list[Section], report_year: int | None) -> list[Part]:
    """Each part the report's regulation requires, and whether a heading names it."""
    headings = [section.heading for section in sections]
    found = []
    for part, naming in _required_by(regulation(report_year)):
        heading = next((heading for heading in headings if naming.search(heading)), None)
        found.append(Part(part, heading is not None, heading))
    return found


@lru_cache(maxsize=3)  # the regulations regulation() names, and None
def _required_by(rules: str | None) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The parts the regulation `rules` requires (none when the year is unknown), each with
    one search for any of the words a heading may name it by: asked of every report, so the
    searches are compiled once per regulation, not a word at a time per report."""
    return tuple(
        (part, re.compile("|".join(map(re.escape, words))))
        for rule, part, words in _required()
        if rule == rules
    )


@lru_cache(maxsize=len(vocabulary.TEMPLATES))
def template_cells(template: str) -> Mapping[str, int]:
    """How many cells each table of a template has (asked of every report: read once)."""
    rows = vocabulary.printed("applications", "item", template)
    measures = sum(
        len(c.columns.get(template, ()))
        for c in vocabulary.dimension("publications", "category")
        if c.printed_in(template)
    )
    return MappingProxyType(
        {
            "publications": measures,
            "applications": len(rows) * len(vocabulary.APPLICANT_TYPES),
            "appeals": len(vocabulary.APPEAL_PROCEEDINGS) * len(vocabulary.APPEAL_RESULTS),
        }
    )


def table_statuses(
    template: str | None, found: set[str], figures: list[Figure]
) -> list[TableStatus]:
    """Each table of the template: printed with values, printed blank, or absent."""
    if template not in vocabulary.TEMPLATES:
        return []
    cells = template_cells(template)
    read: dict[str, set[tuple[str, str]]] = {table: set() for table in TABLES}
    for f in figures:
        if f.source == "table" and f.value is not None and f.fact in read:
            read[f.fact].add((f.key1, f.key2))
    statuses = []
    for table in TABLES:
        count = len(read[table])
        status = "filled" if count else "blank" if table in found else "absent"
        statuses.append(TableStatus(table, status, count, cells[table]))
    return statuses
