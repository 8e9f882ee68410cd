"""表二/三/四 of the national templates, read from whatever shape a report printed them in.

One pipeline for every shape, in small stages: the table's region of text becomes a stream of
tokens (tokens.py: pipes, tabs, spaces, line breaks or nothing between them); labels name the
rows the numbers after them belong to (labels.py, rows.py, with the vocabulary of codes.csv);
each row's numbers become the template's cells, restored where a crawler glued, split or
collapsed them only when the template's sums allow exactly one reading (decoding.py); rows
left with several readings are settled together by the table's column sums (grid.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import regex

from pipelines.extract.records import Figure, UnreadNumber
from pipelines.extract.tables.decoding import Budget, Printing
from pipelines.extract.tables.grid import (
    read_appeals,
    read_applications,
    read_publications,
)

__all__ = ["TablesReading", "UnreadNumber", "read_tables"]

_NAMES = {
    "publications": "表二 (主动公开)",
    "applications": "表三 (申请)",
    "appeals": "表四 (复议、诉讼)",
}


@dataclass
class TablesReading:
    figures: list[Figure] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unread: list[UnreadNumber] = field(default_factory=list)
    found: set[str] = field(default_factory=set)  # the tables printed (publications, …)
    regions: list[tuple[int, int]] = field(default_factory=list)  # text spans of the tables
    table_values: str = "none"  # filled | blank | none


def _printed_again(text: str, header: str, after: int) -> int:
    """Where the table's header word stands again as a label of its own (a line or a cell,
    not a word in a sentence: 主动公开的信息内容不够全面), after the table; -1 if nowhere."""
    match = regex.compile(
        rf"(?:^|[\n|])[ \t]*{regex.escape(header)}[ \t]*(?:$|[\n|])", regex.MULTILINE
    ).search(text, after)
    return match.start() if match else -1


def read_tables(
    text: str, regions: Mapping[str, tuple[int, int] | None], template: str, printing: Printing
) -> TablesReading:
    """Figures of 表二/三/四 from their regions of the text (the section each is printed in;
    where the section was not found or does not hold the table, the whole text)."""
    reading = TablesReading()
    budget = Budget()
    printed_any = False
    for table, reader in (
        ("publications", read_publications),
        ("applications", read_applications),
        ("appeals", read_appeals),
    ):
        start, end = regions.get(table) or (0, len(text))
        result = reader(text, start, end, template, printing, budget)
        if result is None and (start, end) != (0, len(text)):
            # a section named like the table's may hold only prose about it (a report that
            # puts the template's tables in an appendix): the table's own header decides
            result = reader(text, 0, len(text), template, printing, budget)
        if result is None:
            reading.problems.append(f"{_NAMES[table]} not found")
            continue
        printed_any = True
        reading.found.add(table)
        again = _printed_again(text, result.header, result.region[1])
        if again >= 0:
            reading.problems.append(
                f"{_NAMES[table]} is printed again at line "
                f"{text.count(chr(10), 0, again) + 1}; only the first is read"
            )
        reading.figures.extend(result.figures)
        reading.problems.extend(result.problems)
        reading.regions.append(result.region)
        for token, why in result.unread:
            reading.unread.append(
                UnreadNumber(token.line_no, token.text, why, True, (token.start, token.end))
            )
        if table == "applications":
            printing = result.printing  # 表四 leaves cells blank the way 表三 did
    if any(f.value is not None for f in reading.figures):
        reading.table_values = "filled"
    elif printed_any:
        reading.table_values = "blank"
        # A blank table's cells say nothing; keeping their NULL rows would only suggest data,
        # and its missing rows and tables are what `blank` already says.
        reading.figures, reading.problems = [], []
    return reading
