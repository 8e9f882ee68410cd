"""Rows whose cells lost their separators: 640020470 for 64|0|0|2|0|4|70.

Some scrapes print a table row's numbers with no separator, or with only some of them. The
template fixes how many cells a row has and sums that hold between them (the six applicant
columns add up to the total), so the digits can be cut back into cells: every way of cutting
them is tried, and a row is decoded only when exactly one cut satisfies the sums. Otherwise
nothing is chosen and the row stays NULL with its digits kept as printed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache

import regex

# More candidate cuts than this and the row is not decoded (a row of 7 cells never comes
# near it; the bound keeps a hostile 1 MB digit run from costing anything).
MAX_DIGITS = 40
_TOKEN = regex.compile(r"[+\-]?\d+(?:\.\d+)?")


def tokens_of(text: str) -> list[str]:
    """The digit runs of a row's value text; separators that were printed are kept as cuts."""
    return _TOKEN.findall(text)


def applicant_row_fits(cells: tuple[float, ...]) -> bool:
    """Six applicant columns add up to the total column."""
    return abs(sum(cells[:-1]) - cells[-1]) < 1e-9


def appeal_row_fits(cells: tuple[float, ...]) -> bool:
    """Each proceeding's four results add up to its total (15 cells: 3 x 5)."""
    return all(abs(sum(cells[i:i + 4]) - cells[i + 4]) < 1e-9 for i in range(0, 15, 5))


def decode_row(tokens: list[str], width: int,
               fits: Callable[[tuple[float, ...]], bool] | None) -> list[tuple[float, ...]]:
    """Every way of cutting the tokens into `width` numbers that `fits` accepts.

    A printed separator is always a cut; a number never starts with 0 unless it is 0."""
    if not tokens or sum(len(t) for t in tokens) > MAX_DIGITS:
        return []
    if any("." in t or t[0] in "+-" for t in tokens):
        # Decimals and signs are never glued in the templates: take them as printed.
        cells = tuple(float(t) for t in tokens)
        return [cells] if len(cells) == width and (fits is None or fits(cells)) else []
    solutions = []
    for cut in _cuts(tuple(tokens), width):
        cells = tuple(float(part) for part in cut)
        if fits is None or fits(cells):
            solutions.append(cells)
    return solutions


def _cuts(tokens: tuple[str, ...], width: int) -> Iterator[tuple[str, ...]]:
    if not tokens:
        if width == 0:
            yield ()
        return
    first, rest = tokens[0], tokens[1:]
    minimum_rest = len(rest)
    for parts in range(1, min(len(first), width - minimum_rest) + 1):
        for split in _splits(first, parts):
            for tail in _cuts(rest, width - parts):
                yield split + tail


@lru_cache(maxsize=4096)
def _splits(digits: str, parts: int) -> tuple[tuple[str, ...], ...]:
    """All ways to cut one digit run into `parts` numbers without leading zeros."""
    if parts == 1:
        return ((digits,),) if digits == "0" or not digits.startswith("0") else ()
    found = []
    for end in range(1, len(digits) - parts + 2):
        head = digits[:end]
        if head != "0" and head.startswith("0"):
            break
        for tail in _splits(digits[end:], parts - 1):
            found.append((head,) + tail)
    return tuple(found)
