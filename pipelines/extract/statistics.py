"""The 政府信息公开情况统计表 that pre-2019 reports append, read by the same token stream as
the national tables.

Rows print an indicator, its unit and this year's figure, often beside the cumulative one
(主动公开文件数 | 条 | 2543 | 78967), as pipes, a page's table, spaces, or no separator at all
(主动公开文件数条206912106). Only this year's figure is a fact of the report. The contract files
these figures with source='narrative', like everything else old reports state. When the two
numbers were glued together, this year's figure is taken only if exactly one cut leaves it
no larger than the cumulative one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from pipelines.extract.lines import line_index
from pipelines.extract.records import Figure
from pipelines.extract.tables.decoding import Printing, RowSums, decode_row
from pipelines.extract.tables.rows import segments
from pipelines.extract.tables.tokens import NUMBER, Token, number_value, tokens_of

# Indicator words -> the code of the figure. Ordered: the first word a row's label holds
# names it (同意部分公开 before 同意公开).
INDICATORS = (
    (("主动公开文件数", "主动公开信息数"), ("publications", "government_information", "published")),
    (
        ("受理依申请公开信息总数", "受理政府信息依申请公开总数"),
        ("applications", "new_received", "total"),
    ),
    (("同意部分公开答复",), ("applications", "partially_granted", "total")),
    (("同意公开答复",), ("applications", "granted", "total")),
    (("不予公开答复", "否决公开答复"), ("applications", "denied", "total")),
    (("其他类型答复",), ("applications", "other", "total")),
    (("对申请的答复",), ("applications", "total_processed", "total")),
    (("行政复议数",), ("appeals", "administrative_review", "total")),
    (("行政诉讼数",), ("appeals", "litigation_total", "total")),
)
# A header that prints the cumulative figure beside this year's.
_CUMULATIVE = ("累计",)
# The table's own header (a mention of the 统计表 in the text is not the table).
_HEADER = regex.compile(r"指\s*标\s*名\s*称|计\s*量\s*单\s*位")


@dataclass
class StatisticsReading:
    figures: list[Figure] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    region: tuple[int, int] | None = None  # the table's text: its other rows are no figures


def statistics_table_figures(text: str, collapsed: bool = False) -> StatisticsReading:
    """`collapsed`: the text was written by a crawler that drops a line equal to the one
    before it, so a row printing one number on its own line printed it in both columns."""
    header = _HEADER.search(text)
    if header is None:
        return StatisticsReading()
    # The table starts on the header's line, or after the last sentence before the header
    # where a crawler ran the report's last paragraph and the table into one line.
    start = max(
        text.rfind("\n", 0, header.start()) + 1,
        max(text.rfind(end, 0, header.start()) for end in "。；;！？") + 1,
    )
    tokens = tokens_of(text, start, len(text), line_index(text))
    figures: list[Figure] = []
    problems: list[str] = []
    seen: set[tuple[str, str, str]] = set()
    columns = 1
    for segment, values in segments(tokens):
        label = segment.text
        if any(word in label for word in _CUMULATIVE):
            columns = 2
        code = _indicator(label)
        numbers = [t for t in values if t.kind == NUMBER]
        if code is None or code in seen or not values:
            continue
        seen.add(code)
        line_no = values[0].line_no
        printed = label[-12:] + " " + " ".join(t.text for t in values)
        value = this_year_value(values, columns, collapsed) if numbers else None
        if numbers and value is None:
            problems.append(
                f"统计表 line {line_no}: {_name(label)} printed "
                f"{''.join(t.text for t in numbers)!r}; this year's figure "
                f"cannot be told from the cumulative one; left NULL"
            )
        fact, key1, key2 = code
        figures.append(
            Figure(
                fact,
                key1,
                key2,
                value,
                printed.strip(),
                "narrative",
                line_no,
                "count" if fact == "publications" else None,
                decoded=value is not None and len(numbers) == 1 and columns == 2,
                span=(values[0].start, values[-1].end),
            )
        )
    return StatisticsReading(figures, problems, (start, tokens[-1].end if tokens else start))


def _indicator(label: str) -> tuple[str, str, str] | None:
    return next((code for words, code in INDICATORS if any(w in label for w in words)), None)


def _name(label: str) -> str:
    """The indicator as printed: from its word to the 数 that ends it (同意公开答复数)."""
    for words, _ in INDICATORS:
        for word in words:
            match = regex.search(regex.escape(word) + r"(?:[^\d条件数]{0,4}数)?", label)
            if match:
                return match.group(0)
    return label


def this_year_value(values: list[Token], columns: int, collapsed: bool = False) -> float | None:
    """This year's figure of a row printing it (and, in two columns, the cumulative one) in
    any shape the table reader knows: apart, glued, broken over lines, or (`collapsed`) a
    line dropped for equalling the one before; restored only where exactly one reading
    leaves this year's figure no larger than the cumulative one."""
    if columns == 1:
        return number_value(values[0].text) if values[0].kind == NUMBER else None
    decoding = decode_row(
        values,
        columns,
        RowSums(),
        Printing(collapsed=collapsed),
        accept=lambda cells: cells[0] is not None and cells[1] is not None and cells[0] <= cells[1],
    )
    cells = decoding.cells
    return cells[0] if cells is not None else None
