"""Rows that fit several readings, settled together by the sums that run down 表三's columns.

Per column, the outcome rows add up to total_processed, and new_received + carried_over =
total_processed + carried_forward (the table's own 勾稽关系). A reading of one row is dropped
when no reading of the other rows can make a column's sum hold with it (the sums of the
others' possible values are computed per column, so this is cheap however many rows are
open); what is left is then checked whole, and a row is settled only when exactly one
combination of readings makes every column add up. Blank cells count 0.
"""

from __future__ import annotations

import enum
import itertools
from typing import Final, TypeAlias

from pipelines.extract import vocabulary
from pipelines.extract.tables.decoding import Cells

# More combinations than this left after pruning and nothing is settled.
MAX_COMBINATIONS = 4096
# A column's possible sums beyond this many and it is not used to prune.
MAX_SUMS = 20_000

Reading: TypeAlias = Cells  # one value per column (None for a blank cell)
# (row, +1 | -1): the signed rows that add up to 0
Constraint: TypeAlias = tuple[tuple[str, int], ...]


def constraints(printed_rows: set[str]) -> list[Constraint]:
    outcome_rows = vocabulary.leaves_under(
        "applications", "item", "total_processed", tuple(sorted(printed_rows))
    )
    found: list[Constraint] = []
    if "total_processed" in printed_rows and outcome_rows:
        found.append(tuple((row, 1) for row in outcome_rows) + (("total_processed", -1),))
    balance = (
        ("new_received", 1),
        ("carried_over", 1),
        ("total_processed", -1),
        ("carried_forward", -1),
    )
    if all(row in printed_rows for row, _ in balance):
        found.append(balance)
    return found


def settle(ways: dict[str, list[Reading]], printed_rows: set[str]) -> dict[str, list[Reading]]:
    """The readings of each row that the column sums leave: a row read several ways keeps
    those that some combination of all the rows' readings makes add up in every column.
    Where no combination does (the report's own sums fail) or there are too many to check,
    every row keeps all its readings."""
    open_rows = [row for row, cells in ways.items() if len(cells) > 1]
    rules = [rule for rule in constraints(printed_rows) if all(row in ways for row, _ in rule)]
    if not open_rows or not rules:
        return ways
    narrowed = {row: list(cells) for row, cells in ways.items()}
    _prune(narrowed, rules)
    if not all(narrowed.values()):
        return ways  # some row fits no reading: the printed sums do not hold
    combinations = 1
    for row in open_rows:
        combinations *= len(narrowed[row])
    if combinations > MAX_COMBINATIONS:
        return ways
    fixed = {row: cells[0] for row, cells in narrowed.items() if len(cells) == 1}
    open_rows = [row for row in open_rows if len(narrowed[row]) > 1]
    fitting = [
        combination
        for combination in itertools.product(*(narrowed[r] for r in open_rows))
        if _holds({**fixed, **dict(zip(open_rows, combination, strict=True))}, rules)
    ]
    if not fitting:
        return ways
    for index, row in enumerate(open_rows):
        narrowed[row] = list(dict.fromkeys(combination[index] for combination in fitting))
    return narrowed


def agreed(readings: list[Reading]) -> tuple[float | None | _Unsettled, ...]:
    """Per cell, the value every reading gives it, or UNSETTLED where they differ."""
    return tuple(
        values[0] if all(v == values[0] for v in values) else UNSETTLED
        for values in zip(*readings, strict=True)
    )


class _Unsettled(enum.Enum):
    """A sentinel of its own type (an enum of one member), so `cell is UNSETTLED` narrows."""

    UNSETTLED = "UNSETTLED"

    def __repr__(self) -> str:
        return "UNSETTLED"


UNSETTLED: Final = _Unsettled.UNSETTLED


def _value(reading: Reading, column: int) -> float:
    return reading[column] or 0


def _holds(readings: dict[str, Reading], rules: list[Constraint]) -> bool:
    width = len(next(iter(readings.values())))
    return all(
        sum(sign * _value(readings[row], column) for row, sign in rule) == 0
        for rule in rules
        for column in range(width)
    )


def _prune(candidates: dict[str, list[Reading]], rules: list[Constraint]) -> None:
    """Drop readings that no readings of the other rows can complete, until none drops."""
    width = len(next(iter(candidates.values()))[0])
    changed = True
    while changed:
        changed = False
        for rule in rules:
            for column in range(width):
                options = {
                    row: {sign * _value(r, column) for r in candidates[row]} for row, sign in rule
                }
                for row, sign in rule:
                    others = _sums([options[other] for other, _ in rule if other != row])
                    if others is None:
                        continue
                    kept = [r for r in candidates[row] if -sign * _value(r, column) in others]
                    if len(kept) != len(candidates[row]):
                        candidates[row] = kept
                        options[row] = {sign * _value(r, column) for r in kept}
                        changed = True


def _sums(value_sets: list[set[float]]) -> set[float] | None:
    """Every sum of one value from each set; None when there are too many to be useful."""
    sums: set[float] = {0}
    for values in value_sets:
        sums = {total + value for total in sums for value in values}
        if len(sums) > MAX_SUMS:
            return None
    return sums
