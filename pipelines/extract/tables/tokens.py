"""A table's region of text -> one stream of tokens in reading order.

Whatever a crawler or a PDF extractor did to a table, what is left on the page is a sequence
of labels and numbers with something (or nothing) between them: a `|` cell boundary, a tab,
a space, a line break, or no separator at all when the digits were glued. This module only
cuts that sequence and records, for every token, what separated it from the one before
(`gap`), so the decoders can tell a certain cut (a cell boundary) from an uncertain one (a
line break, which a crawler also puts inside a number) and from none (glued digits).
Nothing here knows what a row means.
"""

from __future__ import annotations

import bisect
from functools import lru_cache
from typing import NamedTuple

import regex

from pipelines.extract.lines import LineIndex

LABEL, NUMBER, BLANK = "label", "number", "blank"
# What separated a token from the one before it. ROW: a new table row (a `|` line or an HTML
# row); CELL: a cell boundary or a tab; LINE: a line break; SPACE: spaces; NONE: nothing.
ROW, CELL, LINE, SPACE, NONE = "row", "cell", "line", "space", "none"
HARD_GAPS = frozenset({ROW, CELL, SPACE})

# A printed count or amount: sign, digits (with thousands commas), decimals, and a unit the
# reports print straight after it (354834元, 1.2万条).
_NUMBER = regex.compile(
    r"(?P<sign>[+\-−] ?|增加?|减少?)?(?P<digits>\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?P<fraction>\.\d+)?"
    r"(?P<unit>万元|万条|万件|元|件|条|个|项|次|份|篇|批|宗|家|户|%)?"
)
DECREASE = frozenset({"-", "−", "减", "减少"})
# What reports print in a cell to mean "nothing to report".
PLACEHOLDERS = frozenset({"/", "\\", "-", "—", "——", "--", "—/—", "无", "空", "N/A", "n/a"})
_MARKDOWN_RULE = regex.compile(r"^\s*:?-{3,}:?\s*$")
# A sign printed apart from its digits (+ 14) stays with them.
_CHUNK = regex.compile(r"[+\-−] (?=\d)[^ \t]+|[^ \t]+")
# A row label's numbering glued after a number (…00000002.其他法律): the digit before a
# '.'/'、' that a word follows belongs to the next label, not to the number.
_NUMBERING_AFTER = regex.compile(r"[.、](?:(?=[^\d\s.,])|$)")
_ORDINAL_BEFORE = frozenset("第(")
_HAN_AFTER = regex.compile(r"\p{Han}")
_DIGIT = regex.compile(r"\d")
_TAB_PARTS = regex.compile(r"[^\t]+")
_YEAR = regex.compile(r"(?:19|20)\d\d年")


class Token(NamedTuple):  # a tuple: a report makes thousands, a dataclass costs several times more
    kind: str  # LABEL | NUMBER | BLANK
    text: str  # as printed
    start: int  # offsets in the report's text
    end: int
    line_no: int
    gap: str  # what separated it from the token before

    @property
    def signed(self) -> bool:
        match = _NUMBER.fullmatch(self.text)
        return bool(match and match.group("sign"))

    @property
    def sign(self) -> str:
        match = _NUMBER.fullmatch(self.text)
        return (match.group("sign") or "") if match else ""

    @property
    def fraction(self) -> str:
        match = _NUMBER.fullmatch(self.text)
        return (match.group("fraction") or "") if match else ""

    @property
    def digits(self) -> str:
        """The digits a number token printed, without sign, separators and unit."""
        match = _NUMBER.fullmatch(self.text)
        return match.group("digits").replace(",", "") if match else ""

    @property
    def whole(self) -> bool:
        """Printed as a plain run of digits, so it may be cut apart or joined to a neighbour."""
        match = _NUMBER.fullmatch(self.text)
        return (
            match is not None
            and not match.group("sign")
            and not match.group("fraction")
            and "," not in match.group("digits")
            and not match.group("unit")
        )


# No count or amount a report prints comes near this many digits; a longer run is not one.
MAX_DIGITS = 12


def number_value(text: str) -> float | None:
    """The value a printed number stands for; None for anything else (and for runs of
    digits longer than any count or amount, which only damage or a hostile file prints)."""
    if text.isascii() and text.isdigit():  # most cells: a plain count
        return float(text) if len(text) <= MAX_DIGITS else None
    match = _NUMBER.fullmatch(text.strip())
    if not match or len(match.group("digits").replace(",", "")) > MAX_DIGITS:
        return None
    value = float(match.group("digits").replace(",", "") + (match.group("fraction") or ""))
    if (match.group("sign") or "").strip() in DECREASE:
        value = -value
    if (match.group("unit") or "").startswith("万") and match.group("unit") != "万元":
        value *= 10_000
    return value


def tokens_of(text: str, start: int, end: int, lines: LineIndex) -> list[Token]:
    """The tokens of text[start:end]. Where the range is whole lines (as the table readers'
    regions are) they are taken from the text's lines, each tokenised once, the first time
    any of 表二, 表三, 表四 or the 统计表 asks for it."""
    if (start == 0 or text[start - 1] == "\n") and (
        end == len(text) or text[end] == "\n" or text[end - 1] == "\n"
    ):
        tokens, rejoinable = _line_tokens_of(text, lines).between(start, end)
        return _rejoined(tokens) if rejoinable else tokens  # most regions: nothing to merge
    return _rejoined(_line_tokens(text[start:end], start, lines))


class _TokenisedLines:
    """A text's lines, each tokenised (before _rejoined) when a region first takes it in: a
    region is most often one section (a table's) or the text from a table's header on, so
    the rest of a long report, its prose, is never cut into tokens."""

    def __init__(self, text: str, lines: LineIndex):
        self._line_texts = text.split("\n")
        self._lines = lines
        self._tokens: list[list[Token] | None] = [None] * len(self._line_texts)
        # the lines that hold a token _rejoined may merge
        self._rejoinable = [False] * len(self._line_texts)

    def between(self, start: int, end: int) -> tuple[list[Token], bool]:
        """The tokens of the lines that start in [start, end), and whether _rejoined may
        merge any of them."""
        starts = self._lines.starts
        first, last = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        tokens: list[Token] = []
        rejoinable = False
        for index in range(first, last):
            line = self._tokens[index]
            if line is None:
                line = _line_tokens(self._line_texts[index], starts[index], self._lines)
                # (the flag first: a thread that finds the line's tokens finds its flag)
                self._rejoinable[index] = any(map(_may_rejoin, line))
                self._tokens[index] = line
            tokens += line
            rejoinable = rejoinable or self._rejoinable[index]
        return tokens, rejoinable


@lru_cache(maxsize=2)
def _line_tokens_of(text: str, lines: LineIndex) -> _TokenisedLines:
    return _TokenisedLines(text, lines)


def _line_tokens(text: str, offset: int, lines: LineIndex) -> list[Token]:
    """The tokens of `text`, which starts at `offset`, a line start of the report's text."""
    tokens: list[Token] = []
    for line in text.split("\n"):
        line_no = lines.line_of(offset)
        if "|" in line:
            _pipe_line(line, offset, line_no, tokens)
        else:
            _plain_line(line, offset, line_no, tokens)
        offset += len(line) + 1
    return tokens


def _rejoined(tokens: list[Token]) -> list[Token]:
    """Undo what a crawler that puts each text run on its own line does to a table's words
    and numbers: a `/` between two lines of words is part of the label it split (本年增 / `/`
    / 减), not a blank cell; a sign word before a number is its sign (增 / 3 is +3); a lone
    `.` between two runs of digits is a decimal point (851 / . / 776247)."""
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        after = tokens[index + 1] if index + 1 < len(tokens) else None
        after2 = tokens[index + 2] if index + 2 < len(tokens) else None
        if (
            token.kind == BLANK
            and token.gap == LINE
            and out
            and out[-1].kind == LABEL
            and after is not None
            and after.kind == LABEL
            and after.gap == LINE
        ):
            out.append(_merged(token, token, LABEL))
        elif (
            token.kind == LABEL
            and token.text in _SIGN_WORDS
            and after is not None
            and after.kind == NUMBER
            and not after.signed
            and after.gap in (LINE, NONE)
        ):
            out.append(_merged(token, after, NUMBER, token.text + after.text))
            index += 1
        elif (
            token.kind == NUMBER
            and after is not None
            and after.kind == LABEL
            and after.text == "."
            and after2 is not None
            and after2.kind == NUMBER
            and after2.whole
            and after2.gap in (LINE, NONE)
            and "." not in token.text
        ):
            out.append(_merged(token, after2, NUMBER, token.text + "." + after2.text))
            index += 2
        else:
            out.append(token)
        index += 1
    return out


_SIGN_WORDS = frozenset({"增", "减", "增加", "减少"})


def _may_rejoin(token: Token) -> bool:
    """Whether _rejoined may merge this token with another: each of its rules starts at such
    a token or at the number before one (a lone `.`)."""
    if token.kind == BLANK:
        return token.gap == LINE
    return token.kind == LABEL and (token.text in _SIGN_WORDS or token.text == ".")


def _merged(first: Token, last: Token, kind: str, text: str | None = None) -> Token:
    return Token(
        kind, first.text if text is None else text, first.start, last.end, first.line_no, first.gap
    )


def _pipe_line(line: str, offset: int, line_no: int, tokens: list[Token]) -> None:
    cells = line.split("|")
    # A rule (|---|:--:|) or a row of nothing but pipes: no cells. Most rows print no '-', and
    # with none only the second can hold.
    if not line.replace("|", "").strip() or (
        "-" in line
        and (
            _MARKDOWN_RULE.match(line.replace("|", ""))
            or all(_MARKDOWN_RULE.match(cell) for cell in cells if cell.strip())
        )
    ):
        return
    positions = []
    position = offset
    for cell in cells:
        positions.append(position)
        position += len(cell) + 1
    # `| a | b |` opens and closes with a pipe: those two empty strings are not cells.
    if cells and not cells[0].strip():
        cells, positions = cells[1:], positions[1:]
    if cells and not cells[-1].strip():
        cells, positions = cells[:-1], positions[:-1]
    gap = ROW
    for cell, position in zip(cells, positions, strict=True):
        stripped = cell.strip()
        at = position + (cell.find(stripped) if stripped else 0)
        if not stripped or stripped in PLACEHOLDERS:
            tokens.append(Token(BLANK, stripped, at, at + len(stripped), line_no, gap))
        elif stripped.isascii() and stripped.isdigit():  # most cells: a plain count
            tokens.append(Token(NUMBER, stripped, at, at + len(stripped), line_no, gap))
        else:
            _chunks(cell, position, line_no, gap, tokens, in_cell=True)
        gap = CELL


def _plain_line(line: str, offset: int, line_no: int, tokens: list[Token]) -> None:
    gap = LINE
    for part in _TAB_PARTS.finditer(line):
        _chunks(part.group(0), offset + part.start(), line_no, gap, tokens)
        gap = CELL


def _chunks(
    text: str, offset: int, line_no: int, gap: str, tokens: list[Token], in_cell: bool = False
) -> None:
    """Space-separated chunks of one cell or line part, each cut into labels and numbers.
    In a table cell whose boundaries were printed, a chunk that is not a number is a label
    whole (a header cell 数据1 names a column; it holds no value)."""
    for chunk in _CHUNK.finditer(text):
        at, word = offset + chunk.start(), chunk.group(0)
        if word in PLACEHOLDERS:
            tokens.append(Token(BLANK, word, at, at + len(word), line_no, gap))
        elif word.isascii() and word.isdigit():  # most cells: a plain count
            tokens.append(Token(NUMBER, word, at, at + len(word), line_no, gap))
        elif (in_cell and not _NUMBER.fullmatch(word)) or not _DIGIT.search(word):
            tokens.append(Token(LABEL, word, at, at + len(word), line_no, gap))
        else:
            _runs(word, at, line_no, gap, tokens)
        gap = SPACE


def _runs(chunk: str, offset: int, line_no: int, gap: str, tokens: list[Token]) -> None:
    """Labels and numbers of a chunk printed without separators."""
    label_start = 0
    for match in _NUMBER.finditer(chunk):
        begin, end = match.span()
        if begin and chunk[begin - 1] in _ORDINAL_BEFORE or _YEAR.match(chunk, begin):
            continue  # 第5条, (5), 2019年: part of a label, never a cell
        if (
            begin == 0
            and gap in (ROW, CELL, LINE)
            and end - begin <= 2
            and _HAN_AFTER.match(chunk, end)
            and not match.group("sign")
            and not match.group("unit")
        ):
            continue  # a cell or line `3不予公开答复数`: a label's numbering without its dot
        if (
            not match.group("unit")
            and not match.group("fraction")
            and _NUMBERING_AFTER.match(chunk, end)
        ):
            # The numbering of the next label: all of the digits when they start the label
            # (1.属于国家秘密), else only the last one (…00000002.其他法律…).
            if begin == label_start and end - begin <= 2 or end - begin == 1:
                continue
            end -= 1
        if begin > label_start:
            tokens.append(
                Token(
                    LABEL,
                    chunk[label_start:begin],
                    offset + label_start,
                    offset + begin,
                    line_no,
                    gap,
                )
            )
            gap = NONE
        tokens.append(Token(NUMBER, chunk[begin:end], offset + begin, offset + end, line_no, gap))
        gap = NONE
        label_start = end
    if label_start < len(chunk):
        tokens.append(
            Token(
                LABEL, chunk[label_start:], offset + label_start, offset + len(chunk), line_no, gap
            )
        )
