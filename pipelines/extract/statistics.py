"""The 政府信息公开情况统计表 that pre-2019 reports of some provinces append.

Rows print an indicator, its unit, this year's figure and the cumulative figure
(主动公开文件数 条 2543 78967). Only this year's figure is a fact of the report. The contract
files these figures with source='narrative', like everything else old reports state.
When the two numbers were glued together (206912106), this year's figure is taken only if
exactly one cut leaves it no larger than the cumulative one.
"""

from __future__ import annotations

import regex

from pipelines.extract.lines import LineIndex
from pipelines.extract.records import Figure

INDICATORS = (
    ("主动公开文件数", ("publications", "government_information", "published")),
    ("受理依申请公开信息总数", ("applications", "new_received", "total")),
    ("对申请的答复总数", ("applications", "total_processed", "total")),
    ("同意部分公开答复数", ("applications", "partially_granted", "total")),
    ("同意公开答复数", ("applications", "granted", "total")),
    ("不予公开答复数", ("applications", "denied", "total")),
    ("其他类型答复数", ("applications", "other", "total")),
    ("行政复议数", ("appeals", "administrative_review", "total")),
    ("行政诉讼数", ("appeals", "litigation_total", "total")),
)
_ROW = regex.compile(
    r"(?<![\p{Han}])(?:\d\.|\d、)?(?P<label>"
    + "|".join(label for label, _ in INDICATORS)
    + r")(?P<unit>条|件|个|次|份)(?P<digits>\d[\d ]{0,30})")
_CODES = dict(INDICATORS)


def statistics_table_figures(text: str) -> tuple[list[Figure], list[str]]:
    start = text.rfind("统计表")
    if start < 0:
        return [], []
    lines = LineIndex(text)
    figures: list[Figure] = []
    problems: list[str] = []
    seen: set[str] = set()
    for match in _ROW.finditer(text, start):
        label = match.group("label")
        if label in seen:
            continue
        seen.add(label)
        fact, key1, key2 = _CODES[label]
        digits = match.group("digits").strip()
        printed = match.group(0).strip()
        # A glued row may end with the next row's numbering (…条002.网上申请数…).
        if text[match.end():match.end() + 1] in (".", "、") and digits[-1:].isdigit():
            digits, printed = digits[:-1], printed[:-1]
        value = this_year_value(digits)
        line_no = lines.line_of(match.start())
        if value is None:
            problems.append(f"统计表 line {line_no}: {label} printed {digits!r}; this year's "
                            f"figure cannot be told from the cumulative one; left NULL")
        figures.append(Figure(fact, key1, key2, value, printed, "narrative", line_no,
                              "count" if fact == "publications" else None,
                              decoded=value is not None and " " not in digits))
    return figures, problems


def this_year_value(digits: str) -> float | None:
    """This year's figure of a row printing it and the cumulative one, apart or glued: the
    one cut that leaves this year's no larger than the cumulative."""
    tokens = digits.split()
    if len(tokens) == 2:
        return float(tokens[0])
    if len(tokens) != 1:
        return None
    run = tokens[0]
    fits = [float(run[:cut]) for cut in range(1, len(run))
            if _plain(run[:cut]) and _plain(run[cut:]) and int(run[:cut]) <= int(run[cut:])]
    return fits[0] if len(fits) == 1 else None


def _plain(number: str) -> bool:
    return number == "0" or not number.startswith("0")
