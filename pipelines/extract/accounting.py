"""Every number printed where a report prints its figures, accounted for.

A measure that needs no labels: in the tables' regions and in the sections on applications,
appeals and fees, each printed number is either used by a figure (its span lies inside one),
recognised as not a figure (a year, a date, an article of a law or a document number, a
phone number, a percentage, an address on the web, a list's numbering), or listed as unread
with the reason. An unread number inside a table means a cell the reader could not place.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

import regex

from pipelines.extract.lines import line_index
from pipelines.extract.records import Figure, Section, UnreadNumber
from pipelines.extract.reflow import reflow

_NUMBER = regex.compile(r"\d+(?:[.,]\d+)*")
# (an address starts where a run of its characters starts, and is bounded: linear in any text)
_WEB = regex.compile(
    r"(?:https?://|www\.)[\w./?=&%#:~+-]{1,300}"
    r"|(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,64}(?:\.[\w-]{1,64}){1,5}"
)
# Headings of the sections that state applications, appeals and fees.
_FIGURE_SECTIONS = regex.compile(r"申请|复议|诉讼|收费|费用")
_SENTENCE_STOPS = "。;!?\n"
_SENTENCE_STOP = regex.compile(f"[{_SENTENCE_STOPS}]")
_FEE = regex.compile(r"处理费|收费|收取")

# (why, what the text before the number ends with, what the text after it starts with),
# both read in the reflowed text (reflow.py). Years and long digit runs are tested in code.
_NOT_FIGURES: tuple[tuple[str, regex.Pattern[str], regex.Pattern[str]], ...] = tuple(
    (why, regex.compile(f"(?:{before})$"), regex.compile(f"^(?:{after})"))
    for why, before, after in (
        ("a date or time", r"月|年", r"月|日|号"),
        ("a date or time", r"", r"月\d|日|时|:\d"),
        ("a date, time or phone number", r"\d[:-]", r""),
        ("a phone number", r"", r"-\d{5,}"),
        ("a phone number", r"(?:电话|传真|热线|联系方式)[^\d]{0,6}", r""),
        ("an article, a rank or an ordinal", r"第", r""),
        ("a document number", r"[〔\[【]", r"[〕\]】]"),
        ("a document number", r"[〕\]】]", r"号"),
        ("a percentage", r"", r"%|‰|个百分点"),
        ("a list's numbering", r"^|[^\d\p{Han}]|[。;:,]", r"[.、](?!\d)"),
        ("a list's numbering", r"\(", r"\)"),
    )
)


def unread_numbers(
    text: str,
    sections: list[Section],
    figures: list[Figure],
    table_regions: list[tuple[int, int]],
    table_unread: Iterable[UnreadNumber],
) -> list[UnreadNumber]:
    """The numbers of the figure-bearing parts that no figure took and that are not known
    to be something else: the tables' own (found while reading them) and the prose's."""
    lines = line_index(text)
    used = _Spans(f.span for f in figures if f.span)
    in_tables = _Spans(table_regions)
    unread = list(table_unread)
    listed = _Spans(u.span for u in unread)
    for start, end in _prose_regions(text, sections):
        joined, origin = reflow(text[start:end])
        web = _Spans(_web_spans(joined))
        for match in _NUMBER.finditer(joined):
            span = (start + origin[match.start()], start + origin[match.end() - 1] + 1)
            if used.overlaps(span) or listed.overlaps(span) or web.overlaps(match.span()):
                continue
            if in_tables.overlaps(span) or _not_a_figure(joined, match):
                continue
            unread.append(
                UnreadNumber(
                    lines.line_of(span[0]), match.group(0), "not read as a figure", False, span
                )
            )
    return sorted(unread, key=lambda u: u.span)


def _prose_regions(text: str, sections: list[Section]) -> list[tuple[int, int]]:
    lines = line_index(text)
    regions = []
    for section in sections:
        start = lines.start_of(section.body_line) if section.body_line <= lines.count else len(text)
        end = (
            lines.start_of(section.last_line + 1) if section.last_line < lines.count else len(text)
        )
        if _FIGURE_SECTIONS.search(section.heading):
            regions.append((start, end))
        else:
            joined, origin = reflow(text[start:end])
            regions.extend(
                (start + origin[first], start + origin[last - 1] + 1)
                for first, last in _sentences_with_fees(joined)
            )
    return regions


def _sentences_with_fees(joined: str) -> list[tuple[int, int]]:
    """The spans of the sentences that name a fee, in order. The fee words are found in the
    whole text (most sections name none); no fee word holds a sentence's end, so each match
    lies within one sentence."""
    spans: list[tuple[int, int]] = []
    for fee in _FEE.finditer(joined):
        if spans and fee.start() < spans[-1][1]:
            continue  # a second fee word of the same sentence
        first = max(joined.rfind(stop, 0, fee.start()) for stop in _SENTENCE_STOPS) + 1
        last = _SENTENCE_STOP.search(joined, fee.end())
        spans.append((first, last.start() if last else len(joined)))
    return spans


def _web_spans(joined: str) -> list[tuple[int, int]]:
    # Every address holds one of these; most sections hold none, and looking for an e-mail
    # address tries a run of up to 64 word characters at the start of every run of Chinese.
    if "@" not in joined and "://" not in joined and "www." not in joined:
        return []
    return [m.span() for m in _WEB.finditer(joined)]


def _not_a_figure(joined: str, match: regex.Match[str]) -> bool:
    before = joined[max(0, match.start() - 12) : match.start()]
    after = joined[match.end() : match.end() + 6]
    number = match.group(0)
    if len(number) == 4 and number[:2] in ("19", "20") and after[:1] in ("年", "-", "/", ".", "至"):
        return True
    if (
        len(number.replace(",", "").replace(".", "")) >= 7
        and "." not in number
        and "," not in number
    ):
        # a phone number, a postcode run, an ID: no count in these sections is that long
        return True
    return any(b.search(before) and a.search(after) for _, b, a in _NOT_FIGURES)


class _Spans:
    """A set of [start, end) spans, asked whether a span overlaps any of them."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        self._spans = sorted(spans)
        self._starts = [s for s, _ in self._spans]
        self._max_end = []
        running = -1
        for _, end in self._spans:
            running = max(running, end)
            self._max_end.append(running)

    def overlaps(self, span: tuple[int, int]) -> bool:
        index = bisect.bisect_left(self._starts, span[1])  # spans starting before span ends
        return index > 0 and self._max_end[index - 1] > span[0]
