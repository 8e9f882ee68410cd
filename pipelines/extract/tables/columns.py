"""Rows that fit several readings, settled together by the sums that run down 表三's columns.

Per column, the outcome rows add up to total_processed, and new_received + carried_over =
total_processed + carried_forward (the table's own 勾稽关系). A reading of one row is dropped
when no reading of the other rows can make a column's sum hold with it (the sums of the
others' possible values are computed per column, so this is cheap however many rows are
open); what is left is then checked whole, and a row is settled only when exactly one
combination of readings makes every column add up. Blank cells count 0.
"""

from __future__ import annotations

import itertools

from pipelines.extract import vocabulary

# More combinations than this left after pruning and nothing is settled.
MAX_COMBINATIONS = 4096
# A column's possible sums beyond this many and it is not used to prune.
MAX_SUMS = 20_000

Reading = tuple  # one value per column (None for a blank cell)
Constraint = tuple[tuple[str, int], ...]  # (row, +1 | -1): the signed rows that add up to 0


def constraints(printed_rows: set[str]) -> list[Constraint]:
    outcome_rows = vocabulary.leaves_under("applications", "item", "total_processed",
                                           tuple(sorted(printed_rows)))
    found = []
    if "total_processed" in printed_rows and outcome_rows:
        found.append(tuple((row, 1) for row in outcome_rows) + (("total_processed", -1),))
    balance = (("new_received", 1), ("carried_over", 1), ("total_processed", -1),
               ("carried_forward", -1))
    if all(row in printed_rows for row, _ in balance):
        found.append(balance)
    return found


def settle(ways: dict[str, list[Reading]], printed_rows: set[str]) -> dict[str, Reading]:
    """One reading per row: rows read one way keep it; a row read several ways gets the
    reading that every combination making all the columns add up gives it, where there is
    such a combination and they all agree on the row."""
    chosen = {row: cells[0] for row, cells in ways.items() if len(cells) == 1}
    open_rows = [row for row, cells in ways.items() if len(cells) > 1]
    if not open_rows:
        return chosen
    rules = [rule for rule in constraints(printed_rows)
             if all(row in ways for row, _ in rule)]
    if not rules:
        return chosen
    candidates = {row: list(cells) for row, cells in ways.items()}
    _prune(candidates, rules)
    open_rows = [row for row in open_rows if candidates[row]]
    if len(open_rows) < len([row for row, cells in ways.items() if len(cells) > 1]):
        return chosen  # some row fits no reading: the printed sums do not hold
    combinations = 1
    for row in open_rows:
        combinations *= len(candidates[row])
    if combinations > MAX_COMBINATIONS:
        return chosen
    fitting = [combination for combination in itertools.product(*(candidates[r] for r in open_rows))
               if _holds({**chosen, **dict(zip(open_rows, combination))}, rules)]
    for index, row in enumerate(open_rows):
        readings = {combination[index] for combination in fitting}
        if len(readings) == 1:  # every way the columns add up reads this row alike
            chosen[row] = readings.pop()
    return chosen


def _value(reading: Reading, column: int) -> int:
    return reading[column] or 0


def _holds(readings: dict[str, Reading], rules: list[Constraint]) -> bool:
    width = len(next(iter(readings.values())))
    return all(sum(sign * _value(readings[row], column) for row, sign in rule) == 0
               for rule in rules for column in range(width))


def _prune(candidates: dict[str, list[Reading]], rules: list[Constraint]) -> None:
    """Drop readings that no readings of the other rows can complete, until none drops."""
    width = len(next(iter(candidates.values()))[0])
    changed = True
    while changed:
        changed = False
        for rule in rules:
            for column in range(width):
                options = {row: {sign * _value(r, column) for r in candidates[row]}
                           for row, sign in rule}
                for row, sign in rule:
                    others = _sums([options[other] for other, _ in rule if other != row])
                    if others is None:
                        continue
                    kept = [r for r in candidates[row] if -sign * _value(r, column) in others]
                    if len(kept) != len(candidates[row]):
                        candidates[row] = kept
                        options[row] = {sign * _value(r, column) for r in kept}
                        changed = True


def _sums(value_sets: list[set[int]]) -> set[int] | None:
    """Every sum of one value from each set; None when there are too many to be useful."""
    sums = {0}
    for values in value_sets:
        sums = {total + value for total in sums for value in values}
        if len(sums) > MAX_SUMS:
            return None
    return sums
