"""A table's token stream -> its printed rows: which row (or column group) each run of
numbers belongs to, by the labels in front of it.

The same walk serves every shape: labels accumulate into a segment until numbers come; the
segment names the row (labels.py) and the numbers up to the next label are its cells. In a
`|` table a row ends with its line, so numbers on a line with no label of its own are not
pinned on the row above. Nothing here decides what the numbers are (decoding.py does).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from pipelines.extract.tables.labels import Vocabulary
from pipelines.extract.tables.tokens import LABEL, NUMBER, ROW, Token

_ROW_NUMBERING = regex.compile(r"(?<!\d)\d[.、](?!\d)")


@dataclass
class PrintedRow:
    code: str | None  # None: numbers no label names
    label: str  # the labels in front of it, joined
    line_no: int
    tokens: list[Token] = field(default_factory=list)  # its numbers and blank cells

    @property
    def numbers(self) -> list[Token]:
        return [t for t in self.tokens if t.kind == NUMBER]


@dataclass
class Segment:
    labels: list[Token]

    @property
    def texts(self) -> list[str]:
        return [t.text for t in self.labels]

    @property
    def text(self) -> str:
        return "".join(self.texts)


def segments(tokens: list[Token]) -> list[tuple[Segment, list[Token]]]:
    """(labels, the numbers and blanks after them) pairs, in order. A `|` line that starts
    with numbers after a line that already had numbers starts a pair with no labels."""
    pairs: list[tuple[Segment, list[Token]]] = []
    labels: list[Token] = []
    values: list[Token] | None = None
    for token in tokens:
        if token.kind == LABEL:
            if values is not None:
                pairs.append((Segment(labels), values))
                labels, values = [], None
            labels.append(token)
            continue
        if values is None:
            values = []
        elif token.gap == ROW and not any(v.kind == NUMBER for v in values):
            values = []  # the empty cells that pad a line of labels (merged header cells)
        elif token.gap == ROW:
            pairs.append((Segment(labels), values))  # a `|` line is a row: the next one's
            labels, values = [], []  # numbers are not this row's
        values.append(token)
    if labels or values is not None:
        pairs.append((Segment(labels), values or []))
    return pairs


def labelled_rows(pairs: list[tuple[Segment, list[Token]]], words: Vocabulary) -> list[PrintedRow]:
    """Rows named by the labels; a segment naming several rows gives the earlier ones no
    cells (printed blank); numbers whose labels name no row, or several rows they may
    belong to, come as rows with code None."""
    rows: list[PrintedRow] = []
    group: str | None = None
    for segment, values in pairs:
        named: list[str] = []
        last_label = len(segment.text) - len(segment.texts[-1]) if segment.labels else 0
        for match in words.matches(segment.texts):
            if match.code in words.groups:
                group = match.code
                continue
            parent = words.parent.get(match.code)
            if match.whole and (
                match.start < last_label
                or not values
                or not (parent == group if parent else rows or named)
            ):
                continue  # 其他 outside 其他处理; 总计 of a header, not the row before numbers
            named.append(match.code)
            if parent in words.groups:
                group = parent
        line_no = (
            segment.labels[0].line_no if segment.labels else (values[0].line_no if values else 0)
        )
        # A `|` line of numbers under lines of labels (a PDF's table that lost its layout):
        # the numbers are the labels' row only where the labels name one row (and hold no
        # second row's numbering whose words the layout garbled).
        detached = (
            bool(values)
            and values[0].gap == ROW
            and (len(named) > 1 or len(_ROW_NUMBERING.findall(segment.text)) > 1)
        )
        for code in named[:-1] if not detached else named:
            rows.append(PrintedRow(code, segment.text, line_no))
        if named and not detached:
            rows.append(PrintedRow(named[-1], segment.text, line_no, list(values)))
        elif any(v.kind == NUMBER for v in values):
            rows.append(PrintedRow(None, segment.text, line_no, list(values)))
    return rows


def first_label(
    tokens: list[Token], words: tuple[str, ...], context: tuple[str, ...] = ()
) -> tuple[int, str] | None:
    """(index of the first label token, the word found) of the first segment that holds
    one of `words` and, where `context` is given, another of `words` or `context` too: a
    header names several of its columns at once, a sentence about one of the table's
    figures (其中结果纠正2件) names one."""
    pairs_start = 0
    joined: list[str] = []
    for index, token in enumerate(tokens):
        if token.kind != LABEL:
            joined, pairs_start = [], index + 1
            continue
        joined.append(token.text)
        text = "".join(joined)
        found = next((word for word in words if word in text), None)
        if found and (not context or sum(word in text for word in words + context) >= 2):
            return pairs_start, found
    return None
