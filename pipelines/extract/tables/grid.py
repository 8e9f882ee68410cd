"""Printed rows -> the template's grid of cells -> figures, for 表二, 表三 and 表四.

Each reader finds its table by the words only that table prints (its column header), takes
the rows the labels name, decodes each row's cells (decoding.py) and, for 表三, settles rows
that fit several ways by the sums that run down the columns. A cell is a figure with the
value read, or NULL with the printed text kept and the reason in the report's problems;
numbers in the table that no row claims are returned as unread, with the reason.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TypeAlias

import regex

from pipelines.extract import vocabulary
from pipelines.extract.lines import line_index
from pipelines.extract.records import Figure
from pipelines.extract.tables.columns import UNSETTLED, agreed, settle
from pipelines.extract.tables.decoding import (
    Budget,
    Cells,
    Printing,
    RowDecoding,
    RowSums,
    decode_row,
)
from pipelines.extract.tables.labels import vocabulary_of
from pipelines.extract.tables.rows import (
    PrintedRow,
    Segment,
    first_label,
    labelled_rows,
    segments,
)
from pipelines.extract.tables.tokens import BLANK, LINE, MAX_DIGITS, NUMBER, Token, tokens_of

APPLICANT_TYPES = vocabulary.APPLICANT_TYPES
APPEAL_CELLS = tuple(itertools.product(vocabulary.APPEAL_PROCEEDINGS, vocabulary.APPEAL_RESULTS))
_APPLICANT_SUMS = RowSums(vocabulary.column_sums("applications", "applicant_type", APPLICANT_TYPES))
_APPEAL_SUMS = RowSums(
    tuple(
        (first + offset, total + offset)
        for offset in range(0, len(APPEAL_CELLS), len(vocabulary.APPEAL_RESULTS))
        for first, total in vocabulary.column_sums("appeals", "result", vocabulary.APPEAL_RESULTS)
    )
)
# Words only the table's column header prints: where each table starts.
_APPLICATIONS_HEADER = ("申请人情况", "自然人", "法人或其他组织", "勾稽关系")
_APPEALS_HEADER = ("结果维持", "结果纠正", "尚未审结")
# The header's other words: with one of these, a result word heads the table, not a sentence.
_APPEALS_HEADER_CONTEXT = ("其他结果", "总计", "行政复议", "行政诉讼", "直接起诉", "复议后起诉")
# A segment made only of 表四's header words (its blocks may each repeat the header).
_APPEALS_HEADER_ONLY = regex.compile(
    r"(?:[#\s()\-|]|行政复议|行政诉讼|未经复议直接起诉|复议后起诉|结果|维持|纠正|其他|尚未|审结|"
    r"总计)*"
)
_PUBLICATIONS_HEADER = ("信息内容",)
# How a 表二 column header ends (本年制发件数, 对外公开总数量, 本年增/减, 采购总金额(单位:万元)).
_COLUMN_END = regex.compile(r"(?:件数|数量|增/?减|金额)(?:\((?:单位:?)?万?元\))?")
# A 表二 column: (its measure, or None where the header names none; the header as printed).
Column: TypeAlias = tuple[str | None, str]


@dataclass
class TableResult:
    figures: list[Figure] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unread: list[tuple[Token, str]] = field(default_factory=list)
    region: tuple[int, int] = (0, 0)
    printing: Printing = Printing()
    header: str = ""  # the word of its column header that it was found by


def _region_tokens(
    text: str, start: int, end: int, header: tuple[str, ...], context: tuple[str, ...] = ()
) -> tuple[list[Token], str] | None:
    """The tokens of a table's region from its header on, and the header word found (see
    first_label for `context`)."""
    tokens = tokens_of(text, start, end, line_index(text))
    anchor = first_label(tokens, header, context)
    return None if anchor is None else (tokens[anchor[0] :], anchor[1])


def _blank_rows(rows: list[PrintedRow]) -> bool:
    """Rows printed with no cells at all beside rows with numbers, in a text with a line per
    cell: this table leaves cells blank, so a missing cell may be a blank one."""
    return any(not row.tokens for row in rows if row.code) and any(
        row.numbers and all(t.gap == LINE for t in row.tokens) for row in rows
    )


def _row_span(row: PrintedRow) -> tuple[int, int] | None:
    return (row.tokens[0].start, row.tokens[-1].end) if row.tokens else None


def _row_figures(
    fact: str,
    key1: str,
    keys2: tuple[str, ...],
    row: PrintedRow,
    decoding: RowDecoding | None,
    readings: list[Cells] | None,
    result: TableResult,
    table: str,
    unit: Callable[[str], str] | None = None,
) -> list[Figure]:
    """One figure per cell: the value read, the value every fitting reading gives it, or
    NULL with what was printed, and the reason in the report's problems."""
    if decoding is None:  # printed with no cells at all: blank
        return [
            Figure(fact, key1, key2, None, "", "table", row.line_no, unit(key2) if unit else None)
            for key2 in keys2
        ]
    if decoding.as_printed:
        # decode_row drops the blank cells a row may print past its width: zip stops there.
        for token, value in zip(row.tokens, decoding.ways[0], strict=False):
            if token.kind == NUMBER and value is None:
                result.problems.append(
                    f"{table} line {token.line_no}: {token.text[:20]!r} is "
                    f"not a count (over {MAX_DIGITS} digits); left NULL"
                )
        return [
            Figure(
                fact,
                key1,
                key2,
                value,
                token.text,
                "table",
                token.line_no,
                unit(key2) if unit else None,
                span=(token.start, token.end),
            )
            for key2, value, token in zip(keys2, decoding.ways[0], row.tokens, strict=False)
        ]
    readings = readings if readings is not None and not decoding.gave_up else []
    cells = agreed(readings) if readings else (UNSETTLED,) * len(keys2)
    unsettled = [key2 for key2, cell in zip(keys2, cells, strict=True) if cell is UNSETTLED]
    if unsettled:
        left = (
            "values left NULL"
            if len(unsettled) == len(keys2)
            else "cells left NULL: " + ", ".join(unsettled)
        )
        why = (
            decoding.why_not(len(keys2))
            if len(readings) <= 1 or len(decoding.ways) > 1
            else f"{len(readings)} readings that make the columns add up"
        )
        result.problems.append(
            f"{table} line {row.tokens[0].line_no}: row {key1} printed "
            f"{decoding.printed!r}: {why}; {left}"
        )
    span = (row.tokens[0].start, row.tokens[-1].end)
    return [
        Figure(
            fact,
            key1,
            key2,
            None if cell is UNSETTLED else cell,
            decoding.printed,
            "table",
            row.tokens[0].line_no,
            unit(key2) if unit else None,
            decoded=cell is not UNSETTLED,
            span=span,
        )
        for key2, cell in zip(keys2, cells, strict=True)
    ]


def read_applications(
    text: str, start: int, end: int, template: str, printing: Printing, budget: Budget
) -> TableResult | None:
    """表三: a row of seven cells for each row the template prints."""
    found = _region_tokens(text, start, end, _APPLICATIONS_HEADER)
    if found is None:
        return None
    tokens, header = found
    words = vocabulary_of("applications", "item", template)
    rows = labelled_rows(segments(tokens), words)
    last = words.printed[-1]
    ends = [index for index, row in enumerate(rows) if row.code == last and row.tokens]
    if ends:
        rows = rows[: ends[0] + 1]
    result = TableResult(region=(tokens[0].start, _region_end(rows, tokens)), header=header)
    result.printing = printing = replace(printing, blanks=_blank_rows(rows))
    width = len(APPLICANT_TYPES)
    kept: dict[str, PrintedRow] = {}
    for row in rows:
        if row.code is None:
            result.unread.extend((t, "表三: numbers without a row label") for t in row.numbers)
        elif row.code in kept and kept[row.code].tokens:
            if not row.tokens:
                continue  # its label named again (a header that names rows), no cells
            result.problems.append(
                f"表三 line {row.line_no}: row {row.code} printed again "
                f"(first at line {kept[row.code].line_no}); the first is kept"
            )
            result.unread.extend((t, f"表三: row {row.code} printed again") for t in row.numbers)
        elif row.code not in kept or row.tokens:
            kept[row.code] = row  # a label named before (in a heading) is printed with cells
    decodings = {
        code: decode_row(row.tokens, width, _APPLICANT_SUMS, printing, budget)
        for code, row in kept.items()
        if row.tokens
    }
    ways = {code: d.ways for code, d in decodings.items() if d.ways and not d.gave_up}
    ways.update({code: [(None,) * width] for code, row in kept.items() if not row.tokens})
    settled = settle(ways, set(kept))
    for code in words.printed:
        kept_row = kept.get(code)
        if kept_row is None:
            continue
        result.figures.extend(
            _row_figures(
                "applications",
                code,
                APPLICANT_TYPES,
                kept_row,
                decodings.get(code),
                settled.get(code),
                result,
                "表三",
            )
        )
    missing = [code for code in words.printed if code not in kept]
    if missing:
        result.problems.append(
            f"表三: {len(missing)} of {len(words.printed)} rows not found: " + ", ".join(missing)
        )
    return result


def _region_end(rows: list[PrintedRow], tokens: list[Token]) -> int:
    ends = [row.tokens[-1].end for row in rows if row.tokens]
    return max(ends) if ends else tokens[-1].end


def read_appeals(
    text: str, start: int, end: int, template: str, printing: Printing, budget: Budget
) -> TableResult | None:
    """表四: the one row of fifteen cells under the two-level header."""
    found = _region_tokens(text, start, end, _APPEALS_HEADER, _APPEALS_HEADER_CONTEXT)
    if found is None:
        return None
    tokens, header = found
    values = _appeal_cells(segments(tokens))
    line_no = values[0].line_no if values else tokens[0].line_no
    row = PrintedRow("appeals", "", line_no, values)
    result = TableResult(
        region=(tokens[0].start, values[-1].end if values else tokens[0].end),
        printing=printing,
        header=header,
    )
    width = len(APPEAL_CELLS)
    decoding = decode_row(values, width, _APPEAL_SUMS, printing, budget) if values else None
    figures = _row_figures(
        "appeals",
        "appeals",
        tuple(f"{p}|{r}" for p, r in APPEAL_CELLS),
        row,
        decoding,
        decoding.ways if decoding else None,
        result,
        "表四",
    )
    result.figures = [
        replace(f, key1=f.key2.split("|")[0], key2=f.key2.split("|")[1]) for f in figures
    ]
    return result


def _appeal_cells(pairs: list[tuple[Segment, list[Token]]]) -> list[Token]:
    """The cells of 表四's one row: the numbers after its header, or, where a report prints
    it as one small table per proceeding (行政复议 / 行政诉讼(未经复议直接起诉) / …(复议后起诉),
    five cells each), those three put in the template's order by the proceeding each names."""
    blocks: list[tuple[Segment, list[Token]]] = []
    for segment, cells in pairs:
        if blocks and segment.labels and not _APPEALS_HEADER_ONLY.fullmatch(segment.text):
            break
        if any(t.kind == NUMBER for t in cells):
            blocks.append((segment, cells))
        elif blocks:
            blocks[-1][1].extend(cells)
    per_proceeding = len(vocabulary.APPEAL_RESULTS)
    if len(blocks) == len(vocabulary.APPEAL_PROCEEDINGS) and all(
        len([t for t in cells if t.kind != BLANK]) == per_proceeding for _, cells in blocks
    ):
        named = {_proceeding_named(segment.text): cells for segment, cells in blocks}
        if set(named) == set(vocabulary.APPEAL_PROCEEDINGS):
            return [t for p in vocabulary.APPEAL_PROCEEDINGS for t in named[p] if t.kind != BLANK]
    return [t for _, cells in blocks for t in cells]


def _proceeding_named(text: str) -> str | None:
    """The proceeding a small table's heading names: the most specific words first."""
    words = vocabulary_of("appeals", "proceeding", "f2021")
    found = [m.code for m in words.matches([text])]
    return found[-1] if found else None


def read_publications(
    text: str, start: int, end: int, template: str, printing: Printing, budget: Budget
) -> TableResult | None:
    """表二: blocks of a 信息内容 header naming the columns, then category rows."""
    found = _region_tokens(text, start, end, _PUBLICATIONS_HEADER)
    if found is None:
        return None
    tokens, header = found
    categories = vocabulary_of("publications", "category", template)
    result = TableResult(printing=printing, header=header)
    columns: list[Column] = []
    # (the row's category, the row, the columns of the header above it)
    rows: list[tuple[str, PrintedRow, list[Column]]] = []
    last_end = tokens[0].end
    for segment, values in segments(tokens):
        header_at = segment.text.rfind("信息内容")
        names = [m for m in categories.matches(segment.texts) if m.code in categories.printed]
        if header_at >= 0:
            after = [m for m in names if m.start > header_at]
            header_end = after[0].start if after else len(segment.text)
            columns = _header_columns(segment.text[header_at + len("信息内容") : header_end])
            names = after
        if any(word in segment.text for word in _APPLICATIONS_HEADER + _APPEALS_HEADER):
            break  # the next table begins
        if not names:
            if values and any(v.kind == NUMBER for v in values):
                if columns:
                    result.unread.extend(
                        (t, "表二: numbers without a row label") for t in values if t.kind == NUMBER
                    )
                    continue
                break  # past the table: prose
            continue
        line_no = segment.labels[0].line_no
        for match in names[:-1]:
            rows.append((match.code, PrintedRow(match.code, segment.text, line_no), columns))
        rows.append(
            (
                names[-1].code,
                PrintedRow(names[-1].code, segment.text, line_no, list(values)),
                columns,
            )
        )
        if values:
            last_end = values[-1].end
    result.region = (tokens[0].start, last_end)
    blanks = _blank_rows([row for _, row, _ in rows])
    printing = replace(printing, blanks=blanks)
    seen: set[str] = set()
    for code, row, row_columns in rows:
        if code in seen:
            result.problems.append(
                f"表二 line {row.line_no}: row {code} printed again; the first is kept"
            )
            result.unread.extend((t, f"表二: row {code} printed again") for t in row.numbers)
            continue
        seen.add(code)
        measures = _measures(code, row_columns, template)
        if not measures:
            result.problems.append(f"表二 line {row.line_no}: {code} under no column header")
            result.unread.extend((t, "表二: no column header") for t in row.numbers)
            continue
        width = len(measures)
        decoding = (
            decode_row(row.tokens, width, RowSums(), printing, budget) if row.tokens else None
        )
        figures = _row_figures(
            "publications",
            code,
            tuple(m or f"?{i}" for i, (m, _) in enumerate(measures)),
            row,
            decoding,
            decoding.ways if decoding else None,
            result,
            "表二",
            unit=_units(dict(measures)),
        )
        for figure in figures:
            if figure.key2.startswith("?"):
                header = measures[int(figure.key2[1:])][1]
                if figure.value is not None or figure.value_text:
                    result.unread.append(
                        (
                            _token_for(row, figure),
                            f"表二: column {header!r} is not one of the template's",
                        )
                    )
                continue
            result.figures.append(figure)
    return result


def _token_for(row: PrintedRow, figure: Figure) -> Token:
    for token in row.tokens:
        if figure.span and token.start == figure.span[0] and token.end == figure.span[1]:
            return token
    return row.tokens[0]


def _header_columns(header: str) -> list[Column]:
    """A 信息内容 header's columns, each (measure or None, as printed). A measure the header
    names twice is the first column's: the second is a misprint, read as no measure."""
    measures = vocabulary_of("publications", "measure", None)
    columns: list[Column] = []
    position = 0
    for match in _COLUMN_END.finditer(header):
        name = header[position : match.end()]
        position = match.end()
        found = [m.code for m in measures.matches([name])]
        taken = found[0] if found and found[0] not in {code for code, _ in columns} else None
        columns.append((taken, name))
    return columns


def _measures(category: str, columns: list[Column], template: str) -> list[Column]:
    """The header's columns for a row, with a column the header misprints named by the
    template where the header has the template's columns and the rest fit it in order."""
    expected = vocabulary.code("publications", "category", category).columns.get(template, ())
    if len(columns) == len(expected) and all(
        code is None or code == want for (code, _), want in zip(columns, expected, strict=True)
    ):
        return [(want, name) for (_, name), want in zip(columns, expected, strict=True)]
    return columns


def _units(headers: dict[str | None, str]) -> Callable[[str], str]:
    """The unit of each of a row's measures, by the header of its column."""
    return lambda measure: publication_unit(measure, headers.get(measure, ""))


def publication_unit(measure: str, header: str) -> str:
    if measure == "amount_10k_yuan":
        return "10k_yuan"
    if measure == "procurement_amount":
        if "万元" in header:
            return "10k_yuan"
        return "yuan" if "元" in header else "as_printed"
    return "count"
