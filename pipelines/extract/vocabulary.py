"""The templates' vocabulary, read once from codes.csv: every code, its parent, the templates
that print it, and the label words that identify it on the page.

Everything that needs to know what 表二/三/四 look like asks this module: the table reader
(rows in printed order, columns, the words that name a row), the consistency rules and the
decoders (which cells add up to which), and the warehouse (the `codes` table). A new template
or a new way of wording a row label is an edit of codes.csv, not of code.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

TEMPLATES = ("f2021", "f2019")


@dataclass(frozen=True)
class Code:
    fact: str
    dimension: str
    code: str
    parent: str | None
    templates: frozenset[str]  # f2019 / f2021 / pre2019 print it; narrative / derived
    zh_label: str
    en_label: str
    keywords: tuple[str, ...]  # words that name it on the page; "=w": the whole label is w
    columns: dict[str, tuple[str, ...]]  # a 表二 row's measures, per template
    note: str

    def printed_in(self, template: str) -> bool:
        return template in self.templates


@lru_cache(maxsize=1)
def codes() -> tuple[Code, ...]:
    with resources.files("pipelines.extract").joinpath("codes.csv").open(encoding="utf-8") as f:
        return tuple(
            Code(
                fact=row["fact"],
                dimension=row["dimension"],
                code=row["code"],
                parent=row["parent"] or None,
                templates=frozenset(row["templates"].split("|")),
                zh_label=row["zh_label"],
                en_label=row["en_label"],
                keywords=tuple(k for k in row["keywords"].split("|") if k),
                columns=_columns(row["columns"]),
                note=row["note"],
            )
            for row in csv.DictReader(f)
        )


def _columns(text: str) -> dict[str, tuple[str, ...]]:
    """'f2021:issued|repealed;f2019:produced' -> {'f2021': ('issued', 'repealed'), …}"""
    columns = {}
    for part in filter(None, text.split(";")):
        template, _, codes_text = part.partition(":")
        columns[template] = tuple(codes_text.split("|"))
    return columns


def dimension(fact: str, name: str) -> tuple[Code, ...]:
    """The codes of one dimension in the order codes.csv lists them (the printed order)."""
    return tuple(c for c in codes() if c.fact == fact and c.dimension == name)


def printed(fact: str, name: str, template: str) -> tuple[str, ...]:
    """The codes of a dimension that the template prints as rows or columns, in order."""
    return tuple(c.code for c in dimension(fact, name) if c.printed_in(template))


def code(fact: str, name: str, value: str) -> Code:
    return next(c for c in dimension(fact, name) if c.code == value)


def leaves_under(fact: str, name: str, parent: str, among: tuple[str, ...]) -> tuple[str, ...]:
    """The codes in `among` that add up to `parent`: its printed descendants, each counted
    once (a printed code's own descendants are inside it, not beside it)."""
    children: dict[str, list[str]] = {}
    for c in dimension(fact, name):
        if c.parent:
            children.setdefault(c.parent, []).append(c.code)
    found: list[str] = []

    def walk(node: str) -> None:
        for child in children.get(node, ()):
            if child in among:
                found.append(child)
            else:
                walk(child)

    walk(parent)
    return tuple(code for code in among if code in found)


def column_sums(fact: str, name: str, columns: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """(first part, total) index pairs of the columns that add up to a column after them:
    what codes.csv's parents say of a row printed in `columns` order."""
    sums = []
    for index, column in enumerate(columns):
        parts = leaves_under(fact, name, column, columns[:index])
        if parts:
            first = columns.index(parts[0])
            if parts != columns[first:index]:
                raise ValueError(f"{column}'s parts are not printed just before it")
            sums.append((first, index))
    return tuple(sums)


# The columns of 表三 and the cells of 表四, as the 2019 and 2021 templates print them.
APPLICANT_TYPES = printed("applications", "applicant_type", "f2021")
APPEAL_PROCEEDINGS = printed("appeals", "proceeding", "f2021")
APPEAL_RESULTS = printed("appeals", "result", "f2021")
