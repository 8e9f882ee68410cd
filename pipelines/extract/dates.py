"""When a report was published: a stated date, the page's, or the signature's.

The evidence, strongest first: a sidecar's `published`; a date the page prints under a
label (发布日期: 2020-01-31, 发布时间: 2024-01-16 09:43, 日期: …; a crawler copies these into
its header); the date under the signature at the end (2022年1月20日, 二〇二二年一月二十日,
crawled a run per line: 20 / 22 / 年 / 1月 / 20 / 日). A date is only taken when it falls in
the months a report on its year can be published in (from the December of that year to the
end of the second year after); a page's 2025-01-01 on a report of 2025 is a placeholder, not
a publication. Nothing found: NULL, never a guess.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import regex

from pipelines.extract.lines import line_index
from pipelines.extract.numerals import chinese_value

_CHINESE_DIGIT = "〇○零Ｏ一二三四五六七八九十"
_YEAR = rf"(?P<year>\d{{4}}|[{_CHINESE_DIGIT}O]{{4}})"
_MONTH = rf"(?P<month>\d{{1,2}}|[{_CHINESE_DIGIT}]{{1,2}})"
_DAY = rf"(?P<day>\d{{1,2}}|[{_CHINESE_DIGIT}]{{1,3}})"
_LABELLED = regex.compile(
    r"(?:发布日期|发布时间|成文日期|公开日期|印发日期|日期|时间)\s*[:：]\s*"
    r"(?P<year>\d{4})[-/.年](?P<month>\d{1,2})[-/.月](?P<day>\d{1,2})"
)
_WRITTEN = regex.compile(rf"{_YEAR}\s*年\s*{_MONTH}\s*月\s*{_DAY}\s*日")
# How far from the end a signature's date stands.
_TAIL = 600
# The labelled dates a crawler or page prints sit in its header, before the report itself.
_HEAD = 1500


@dataclass(frozen=True)
class Publication:
    on: date
    source: str  # sidecar | page | signature
    text: str  # as printed
    line_no: int | None


@dataclass(frozen=True)
class DateReading:
    found: Publication | None
    errors: list[str]  # a stated value that is no date: an error on the report's input
    passed_over: list[str]  # dates the page prints that cannot be its publication, and why


def publication_date(text: str, report_year: int | None, stated: str | None = None) -> DateReading:
    """The publication date with its evidence, the stated value refused and the printed
    dates passed over."""
    errors: list[str] = []
    passed_over: list[str] = []
    if stated:
        parsed = _iso(stated)
        if parsed is not None:
            return DateReading(Publication(parsed, "sidecar", stated, None), errors, passed_over)
        errors.append(f"sidecar published {stated[:30]!r} rejected: not a date YYYY-MM-DD")
    lines = line_index(text)
    for match in _labelled(text):
        line_no = lines.line_of(match.start())
        found = _date(match, report_year)
        if found:
            return DateReading(
                Publication(found, "page", match.group(0), line_no), errors, passed_over
            )
        if _date(match, None):
            passed_over.append(
                f"{match.group(0)} (line {line_no}): a report on {report_year} "
                f"cannot be published then"
            )
    tail_start = max(0, len(text) - _TAIL)
    tail = text[tail_start:]
    joined = tail.replace("\r", "").replace("\n", "")
    for match in _written_last_first(joined):
        found = _date(match, report_year)
        if found:
            start = tail_start + _with_breaks(tail, match.start())
            return DateReading(
                Publication(found, "signature", match.group(0), lines.line_of(start)),
                errors,
                passed_over,
            )
    return DateReading(None, errors, passed_over)


def _labelled(text: str) -> Iterable[regex.Match[str]]:
    """The dates the head of the text prints under a label. Every label holds 日期 or 时间: a
    head without them is not searched (a search run on every report, slow for its
    alternatives)."""
    head = text[:_HEAD]
    if "日期" not in head and "时间" not in head:
        return ()
    return _LABELLED.finditer(text, 0, len(head))


def _written_last_first(joined: str) -> list[regex.Match[str]]:
    """The dates written 年 月 日 in the text, the last first (none is searched for where one
    of the three is missing)."""
    if "年" not in joined or "月" not in joined or "日" not in joined:
        return []
    return list(_WRITTEN.finditer(joined))[::-1]


def _with_breaks(text: str, offset: int) -> int:
    """The offset in `text` of the character at `offset` of text without its line breaks."""
    kept = -1
    for position, character in enumerate(text):
        if character not in "\r\n":
            kept += 1
            if kept == offset:
                return position
    return len(text)


def _iso(value: str) -> date | None:
    match = regex.fullmatch(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+)?\s*", value)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _part(printed: str, digit_by_digit: bool) -> int | None:
    printed = printed.replace("O", "〇").replace("Ｏ", "〇").replace("○", "〇")
    if printed.isascii():
        return int(printed) if printed.isdigit() else None
    if digit_by_digit:  # 二〇二二: each character a digit
        values = [chinese_value(ch) for ch in printed]
        digits = [d for d in values if d is not None and d <= 9]
        if len(digits) != len(values):
            return None
        return int("".join(str(int(d)) for d in digits))
    value = chinese_value(printed)
    return int(value) if value is not None else None


def _date(match: regex.Match[str], report_year: int | None) -> date | None:
    year = _part(match.group("year"), digit_by_digit=True)
    month = _part(match.group("month"), digit_by_digit=False)
    day = _part(match.group("day"), digit_by_digit=False)
    if year is None or month is None or day is None:
        return None
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    if report_year is not None and not date(report_year, 12, 1) <= found <= date(
        report_year + 2, 12, 31
    ):
        return None
    return found
