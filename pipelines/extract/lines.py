"""Character offsets of a report's text -> the 1-based line numbers an analyst sees."""

from __future__ import annotations

import bisect
from functools import lru_cache


class LineIndex:
    """Character offset -> 1-based line number of one text."""

    def __init__(self, text: str):
        starts = [0]
        position = text.find("\n")
        while position >= 0:
            starts.append(position + 1)
            position = text.find("\n", position + 1)
        self._starts = starts

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset)

    @property
    def starts(self) -> list[int]:
        """Offset of the first character of each line, in order (not to be changed)."""
        return self._starts

    @property
    def count(self) -> int:
        return len(self._starts)

    def start_of(self, line_no: int) -> int:
        """Offset of the first character of a 1-based line."""
        return self._starts[line_no - 1]


@lru_cache(maxsize=4)
def line_index(text: str) -> LineIndex:
    """The index of a text, built once however many readers of one report ask for it."""
    return LineIndex(text)
