"""A row's printed tokens -> the cells the template gives it, restored only where certain.

A row prints a fixed number of cells (the template says how many), but what reaches us may
have lost some of what separated or repeated them:

- glued digits (`640020470` for 64|0|0|2|0|4|70): a run of digits may hold several cells;
- a crawler that puts every text run on its own line may break one number over two lines
  (`1` / `60` for 160): consecutive lines may be one cell;
- a crawler that drops a line equal to the one before it prints `1 0 0 0 0 0 1` as `1` / `0`
  / `1` and a row of zeros as one `0`: one printed line may stand for a run of equal cells;
- a page that leaves cells blank prints nothing for them in a one-line-per-run text.

Each of these is an inverse of how the row was printed, and the template's own sums (the
six applicant columns add up to the total; each appeal's four results add up to its total)
choose among the ways of undoing it. Every way that fits is found by one bounded search
(depth first, cells left to right, a sum checked as soon as its total's cell is reached,
dead states remembered); a row is restored only when exactly one way fits. A row whose
cells were printed apart is taken as printed, whether its sums hold or not: a wrong printed
total is the report's finding, never something to repair.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import TypeAlias

from pipelines.extract.tables.tokens import (
    BLANK,
    CELL,
    DECREASE,
    LINE,
    MAX_DIGITS,
    NUMBER,
    ROW,
    Token,
    number_value,
)

# Past this many steps of the search, or this many fitting ways, a row is left NULL: the
# template's rows never come near either, and the bound keeps a hostile run of digits cheap.
MAX_STEPS = 20_000
MAX_WAYS = 256
# All the rows of one report together: a hostile file of many long rows stays cheap.
MAX_REPORT_STEPS = 100_000

Cells: TypeAlias = tuple[float | None, ...]  # a value per cell, None for a blank one
# What a cell printed and the value read from it: what a dropped repeat of it stands for.
Printed: TypeAlias = tuple[str, float | None]
# A step of the search: the cell's value, the next token and offset, what the cell printed.
_Step: TypeAlias = tuple[float | None, int, int, Printed | None]


@dataclass(frozen=True)
class RowSums:
    """Runs of cells that add up to the cell after them: (first part, total) per group, as
    the templates print them (six applicant columns, then their total)."""

    groups: tuple[tuple[int, int], ...] = ()

    def hold(self, cells: Cells) -> bool:
        return all(
            sum(c or 0 for c in cells[first:total]) == (cells[total] or 0)
            for first, total in self.groups
        )


@dataclass
class RowDecoding:
    ways: list[Cells] = field(default_factory=list)  # every restoration that fits
    as_printed: bool = False  # one printed token per cell: nothing was restored
    gave_up: bool = False  # the search passed its bound; ways is incomplete
    printed: str = ""  # the row's tokens as printed, for value_text and messages
    cells_apart: bool = False  # printed with every cell boundary (`|`, HTML cells, tabs)
    count: int = 0  # tokens printed
    summed: bool = False  # the row has sums to choose by

    @property
    def cells(self) -> Cells | None:
        return self.ways[0] if len(self.ways) == 1 and not self.gave_up else None

    def why_not(self, width: int) -> str:
        if self.cells_apart:
            return f"{self.count} cells printed where the template has {width}"
        if self.gave_up:
            return f"more than {MAX_WAYS} ways (or too long a search) to make {width} cells"
        fit = " that fit the row's sums" if self.summed else ""
        if not self.ways:
            return f"no way to make {width} cells{fit}"
        return f"{len(self.ways)} ways to make {width} cells{fit}"


@dataclass(frozen=True)
class Printing:
    """What may have happened to a row on its way to the text (see the module docstring)."""

    collapsed: bool = False  # equal consecutive lines were dropped
    blanks: bool = False  # cells may have been left blank and printed as nothing


# Rows repeat from report to report (a row of zeros glued or printed a line per cell, the
# same row in a body's report of each year): 0.8 of the 1.0 ms a real report spent decoding
# rows went to rows decoded before. A decoding depends only on what the row's tokens printed
# and what separated them, its width, sums and printing, and (through the report's budget)
# on the search steps left: so the last DECODED_KEPT decodings are kept with the steps each
# took, and a row printed again, in a report with those steps left, is given its decoding
# and charged its steps without the search.
DECODED_KEPT = 4096
# (each token's kind, text and gap; the width; the sums; the printing)
_RowKey: TypeAlias = tuple[tuple[tuple[str, str, str], ...], int, RowSums, Printing]
_decoded: OrderedDict[_RowKey, tuple[RowDecoding, int]] = OrderedDict()
_decoded_lock = threading.Lock()  # (a Dask worker parses in several threads)


def decode_row(
    tokens: list[Token],
    width: int,
    sums: RowSums,
    printing: Printing = Printing(),
    budget: Budget | None = None,
    accept: Callable[[Cells], bool] | None = None,
) -> RowDecoding:
    """Every way the row's printed tokens can be the template's `width` cells; `accept`:
    what else a restored reading must satisfy (a cumulative figure no smaller than this
    year's)."""
    budget = budget if budget is not None else Budget()
    if accept is not None:
        return _decode_row(tokens, width, sums, printing, budget, accept)
    key: _RowKey = (tuple((t.kind, t.text, t.gap) for t in tokens), width, sums, printing)
    with _decoded_lock:
        kept = _decoded.get(key)
        if kept is not None:
            _decoded.move_to_end(key)
    if kept is not None and kept[1] <= budget.steps:
        budget.steps -= kept[1]
        return replace(kept[0], ways=list(kept[0].ways))
    steps_before = budget.steps
    decoding = _decode_row(tokens, width, sums, printing, budget, None)
    if not decoding.gave_up:  # (the search stopped by a bound: not kept)
        copy = replace(decoding, ways=list(decoding.ways))
        with _decoded_lock:
            _decoded[key] = (copy, steps_before - budget.steps)
            if len(_decoded) > DECODED_KEPT:
                _decoded.popitem(last=False)
    return decoding


def _decode_row(
    tokens: list[Token],
    width: int,
    sums: RowSums,
    printing: Printing,
    budget: Budget,
    accept: Callable[[Cells], bool] | None,
) -> RowDecoding:
    tokens = list(tokens)
    while len(tokens) > width and tokens[-1].kind == BLANK:
        tokens.pop()  # the empty cells merged headers leave at the end of a row
    decoding = RowDecoding(
        printed=" ".join(t.text for t in tokens), count=len(tokens), summed=bool(sums.groups)
    )
    if not tokens:
        return decoding
    values = tuple(number_value(t.text) if t.kind == NUMBER else None for t in tokens)
    by_cells = any(t.gap in (ROW, CELL) for t in tokens)
    by_lines = all(t.gap == LINE for t in tokens)
    if len(tokens) == width and (not by_lines or sums.hold(values)):
        decoding.as_printed, decoding.ways = True, [values]
        return decoding
    if by_cells:
        decoding.cells_apart = True  # cells printed apart, but not as many as the template has
        return decoding
    if by_lines:
        # What the crawler is known to do first; only if that explains nothing, everything.
        stages = [
            {
                "joins": not printing.collapsed,
                "repeats": printing.collapsed,
                "blanks": printing.blanks,
            },
            {"joins": True, "repeats": printing.collapsed, "blanks": printing.blanks},
        ]
    else:
        stages = [{"splits": True}]
    for stage in stages:
        decoding.ways, decoding.gave_up = _Search(tokens, width, sums, budget, **stage).run()
        if accept is not None:
            decoding.ways = [way for way in decoding.ways if accept(way)]
        if decoding.ways or decoding.gave_up:
            break
    if not decoding.ways and not decoding.gave_up and len(tokens) == width:
        # One line per cell after all, and the report's own sums do not hold: as printed.
        decoding.as_printed, decoding.ways = True, [values]
    return decoding


@dataclass
class Budget:
    """Search steps one report may spend on all its rows together."""

    steps: int = MAX_REPORT_STEPS


class _Search:
    def __init__(
        self,
        tokens: list[Token],
        width: int,
        sums: RowSums,
        budget: Budget,
        *,
        splits: bool = False,
        joins: bool = False,
        repeats: bool = False,
        blanks: bool = False,
    ):
        self.tokens = tokens
        self.width = width
        self.budget = budget
        self.total_at = {total: first for first, total in sums.groups}
        self.part_of = {k: first for first, total in sums.groups for k in range(first, total)}
        self.splits, self.joins, self.repeats, self.blanks = splits, joins, repeats, blanks
        self.texts = [t.digits if t.kind == NUMBER else t.text for t in tokens]
        self.signs = [t.sign for t in tokens]
        self.fractions = [t.fraction for t in tokens]
        self.digits_after = [
            sum(len(text) for text in self.texts[i:]) for i in range(len(tokens) + 1)
        ]
        # With no sign printed no cell is negative, so a group's total prints at least as
        # many digits as its parts add up to so far: a cut that leaves fewer is a dead end.
        # (Only where every token prints digits: a number cut short before a numbering dot,
        # `1,23` of `1,234.其他`, is a cell that takes none of them.)
        self.totals_bound = splits and not any(self.signs) and all(self.texts)
        self.steps = 0
        self.dead: set[tuple[int, int, int, Printed | None, float]] = set()
        self.found: list[Cells] = []

    def run(self) -> tuple[list[Cells], bool]:
        try:
            self._walk(0, 0, [], None, 0)
        except _Bound:
            return self.found, True
        finally:
            self.budget.steps -= self.steps
        return self.found, False

    def _walk(
        self,
        index: int,
        offset: int,
        cells: list[float | None],
        last: Printed | None,
        group_sum: float,
    ) -> bool:
        """Extend `cells` from token `index` (at `offset` in its digits), `group_sum` being
        what the parts of the group under way add up to so far; True if any way below this
        state fits."""
        self.steps += 1
        if self.steps > MAX_STEPS or self.steps > self.budget.steps:
            raise _Bound
        k = len(cells)
        if k == self.width:
            if index == len(self.tokens):
                cells_tuple = tuple(cells)
                if cells_tuple not in self.found:
                    self.found.append(cells_tuple)
                    if len(self.found) > MAX_WAYS:
                        raise _Bound
                return True
            return False
        if not self._room(index, offset, k):
            return False
        if (
            self.totals_bound
            and k in self.part_of
            and (self.width - k) + len(str(int(group_sum))) - 1 > self.digits_after[index] - offset
        ):
            return False
        key = (index, offset, k, last if self.repeats else None, group_sum)
        if key in self.dead:
            return False
        expected = group_sum if k in self.total_at else None
        fitted = False
        for value, next_index, next_offset, printed in self._next_values(
            index, offset, last, expected
        ):
            if expected is not None and (value or 0) != expected:
                continue
            next_sum = group_sum + (value or 0) if k in self.part_of else 0
            cells.append(value)
            fitted |= self._walk(next_index, next_offset, cells, printed, next_sum)
            cells.pop()
        if not fitted:
            self.dead.add(key)
        return fitted

    def _next_values(
        self, index: int, offset: int, last: Printed | None, expected: float | None
    ) -> Iterator[_Step]:
        """(value, next token, next offset, what the cell printed) for the next cell; where
        the cell is a total, only pieces that print `expected` are worth trying."""
        if self.blanks:
            yield None, index, offset, last  # a blank cell prints nothing
        if self.repeats and last is not None:
            yield last[1], index, offset, last  # a line dropped for equalling the one before
        if index == len(self.tokens):
            return
        token, text = self.tokens[index], self.texts[index]
        if token.kind == BLANK:
            yield None, index + 1, 0, (token.text, None)
            return
        if self.splits and text:
            # Glued digits: any cut; a sign belongs to the first piece, decimals to the last.
            sign, fraction = self.signs[index], self.fractions[index]
            cuts = range(offset + 1, len(text) + 1)
            if expected is not None and not sign and not fraction:
                wanted = f"{expected:.0f}"
                cuts = (
                    range(offset + len(wanted), offset + len(wanted) + 1)
                    if text.startswith(wanted, offset)
                    else range(0)
                )
            for cut in cuts:
                piece = text[offset:cut]
                if len(piece) > 1 and piece[0] == "0" or len(piece) > MAX_DIGITS:
                    break
                done = cut == len(text)
                value = float(piece + fraction) if done and fraction else float(piece)
                if offset == 0 and sign:
                    value = -value if sign.strip() in DECREASE else value
                    piece = sign + piece
                yield value, index + 1 if done else index, 0 if done else cut, (piece, value)
            return
        if not token.whole:
            read = number_value(token.text)
            yield read, index + 1, 0, (token.text, read)
            return
        piece = text
        following = index + 1
        while len(piece) <= MAX_DIGITS:
            if len(piece) == 1 or piece[0] != "0":
                yield float(piece), following, 0, (piece, float(piece))
            if not self.joins or following == len(self.tokens):
                return
            nxt = self.tokens[following]
            if not nxt.whole or nxt.gap != LINE:
                return
            piece += self.texts[following]
            following += 1

    def _room(self, index: int, offset: int, k: int) -> bool:
        """Whether the tokens left can still make the cells left (a cheap bound)."""
        left = self.width - k
        tokens_left = len(self.tokens) - index
        if self.repeats or self.blanks:
            return tokens_left <= left or self.joins
        if self.splits:
            return tokens_left <= left <= self.digits_after[index] - offset
        return left <= tokens_left


class _Bound(Exception):
    """The search passed MAX_STEPS or MAX_WAYS."""
