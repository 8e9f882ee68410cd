"""Text a crawler cut into lines, put back into sentences, with the way back to what it printed.

Crawlers that write every text run on its own line break sentences, phrases and even numbers
(`2023` / `年共受理政府信息公开申请` / `302` / `件`; `202` / `1` / `年`). `reflow` joins such
lines and keeps, for every character of the joined text, its offset in the original, so what
is read from the joined text points at what the report printed.
"""

from __future__ import annotations

import bisect
import re
from array import array
from functools import lru_cache

import regex

# Full-width punctuation and digits of text that skipped NFKC, one for one (offsets stay put).
_HALF_WIDTH_PAIRS = ("，：（）；！？０１２３４５６７８９％．【】", ",:();!?0123456789%.[]")
# A sequence, not a dict: str.translate looks characters up in it much faster; a character
# past its end is left as it is.
_HALF_WIDTH = [chr(i) for i in range(max(map(ord, _HALF_WIDTH_PAIRS[0])) + 1)]
for _full, _half in zip(*_HALF_WIDTH_PAIRS, strict=True):
    _HALF_WIDTH[ord(_full)] = _half
_FULL_WIDTH = re.compile("[" + re.escape(_HALF_WIDTH_PAIRS[0]) + "]")
_HEADING_FIRST = frozenset("一二三四五六七八九十(（第0123456789０１２３４５６７８９")
_HEADING_MARK = regex.compile(
    r"(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十]{1,3}\)|\d{1,2}[.、](?!\d)"
    r"|第[一二三四五六七八九十]{1,3}[部分章节])"
)
_HEADING_REST = regex.compile(
    r"(?:[^\d,;]{0,30}?(?:情况|方面|概述|事项|问题|措施|数量|类别|情形|附表|统计表|说明|结果|"
    r"内容|总体|部分|改进|目录|要点)[。:]?)?"
)


class Origin:
    """Offset in the original text of each character of the reflowed one. The reflowed text is
    made of runs copied from the original (a line without its blanks, or one kept newline), so
    the map is kept as the starts of those runs: memory grows with the lines, not the text."""

    def __init__(self) -> None:
        # (arrays, not lists: 8 bytes an offset instead of 36, for files of many short lines)
        self._flat = array("q")
        self._original = array("q")

    def add_run(self, flat_start: int, original_start: int) -> None:
        self._flat.append(flat_start)
        self._original.append(original_start)

    def __getitem__(self, index: int) -> int:
        run = bisect.bisect_right(self._flat, index) - 1
        return self._original[run] + index - self._flat[run]

    def flat_of(self, offset: int, flat_length: int) -> int:
        """The first character of the reflowed text at or after `offset` of the original (the
        way back: a range of the original is a range of the reflowed text)."""
        run = bisect.bisect_right(self._original, offset) - 1
        if run < 0:
            return 0
        end = self._flat[run + 1] if run + 1 < len(self._flat) else flat_length
        return min(self._flat[run] + offset - self._original[run], end)


def reflow(text: str) -> tuple[str, Origin]:
    """The text with crawler line breaks joined, and the offset in `text` of each of its
    characters. A break is kept (as one newline) after 。；！？, at blank lines, table rows (|)
    and headings; any other break is dropped with the blanks around it. Full-width punctuation
    becomes ASCII, one character for one, as NFKC would have made it."""
    pieces: list[str] = []
    origin = Origin()
    length = 0
    sentence_ended = True
    offset = 0
    for line in text.split("\n"):
        start = offset
        offset += len(line) + 1
        stripped = line.strip(" \t\r\u3000")
        if not stripped:
            sentence_ended = True
            continue
        heading = "|" in stripped or is_heading(stripped)
        if pieces and (sentence_ended or heading):
            pieces.append("\n")
            origin.add_run(length, start - 1)
            length += 1
        origin.add_run(length, start + line.index(stripped[0]))
        pieces.append(stripped)
        length += len(stripped)
        sentence_ended = heading or stripped[-1] in "。;!?；！？"
    joined = "".join(pieces)
    # (translating is slow per character; text that went through NFKC has none of these)
    return (joined.translate(_HALF_WIDTH) if _FULL_WIDTH.search(joined) else joined), origin


@lru_cache(maxsize=4)
def reflowed(text: str) -> tuple[str, Origin]:
    """reflow(text), done once however many readers of one report's whole text ask for it."""
    return reflow(text)


def is_heading(line: str) -> bool:
    """一、总体情况 / (二)依申请公开情况 / 六、: a numbered heading on a line of its own."""
    if len(line) > 40 or line[:1] not in _HEADING_FIRST or line.isdigit():
        return False  # (a line of digits alone, a cell a crawler put on its own line, has no mark)
    line = line.translate(_HALF_WIDTH)
    mark = _HEADING_MARK.match(line)
    return mark is not None and bool(_HEADING_REST.fullmatch(line, mark.end()))
