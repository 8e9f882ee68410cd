"""Printed tables -> rows of cells, and printed cells -> numbers.

Scraped reports flatten each table row to one line with `|` between cells; merged header
cells leave runs of empty cells, and a row label may be split over two leading cells
(三、本年度办理结果 | (一)予以公开 | 2 | …). Nothing here knows what a row means; that is
templates.py's work.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

_NUMBER = regex.compile(r"^[+\-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^[+\-−]?\d+(?:\.\d+)?$")
# What reports print in a cell to mean "nothing to report": the value stays NULL.
_PLACEHOLDERS = frozenset({"/", "\\", "-", "—", "——", "--", "无", "空", "N/A", "n/a", "—/—"})
_SPACES = regex.compile(r"\s+")
_MARKDOWN_RULE = regex.compile(r"^:?-{3,}:?$")


@dataclass(frozen=True)
class Row:
    line_no: int
    cells: tuple[str, ...]

    @property
    def labels(self) -> list[tuple[int, str]]:
        """(position, text) of cells that are words, not values."""
        return [(i, c) for i, c in enumerate(self.cells) if c and not is_value_cell(c)]


def pipe_rows(lines: list[tuple[int, str]]) -> list[Row]:
    """Rows of a `|`-flattened table from (line number, line) pairs; other lines are skipped."""
    rows = []
    for line_no, line in lines:
        if "|" not in line:
            continue
        cells = tuple(_SPACES.sub("", cell) for cell in line.split("|"))
        if any(cells) and all(_MARKDOWN_RULE.match(cell) for cell in cells if cell):
            continue  # a Markdown table's |---|---| line
        rows.append(Row(line_no, cells))
    return rows


def is_value_cell(cell: str) -> bool:
    return bool(_NUMBER.match(cell)) or cell in _PLACEHOLDERS


def parse_number(cell: str) -> float | None:
    """The number a cell prints, or None for a blank, a placeholder or words.

    Signs are kept ('+4' is 4, '-2' is -2): the 2019 template prints yearly changes."""
    text = cell.strip().replace("−", "-")
    if not _NUMBER.match(text):
        return None
    return float(text.replace(",", ""))


class LineIndex:
    """Character offset -> 1-based line number of one text."""

    def __init__(self, text: str):
        self._starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset)


def trim_trailing_blanks(cells: tuple[str, ...], keep: int) -> tuple[str, ...]:
    """Drop the empty cells merged headers leave at the end of a row, but never below `keep`."""
    end = len(cells)
    while end > keep and not cells[end - 1]:
        end -= 1
    return cells[:end]
