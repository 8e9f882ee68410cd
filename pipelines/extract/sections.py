"""Split a report into its numbered top-level sections (一、总体情况 … 六、其他需要报告的事项).

The national templates fix six sections; old reports number their own (一、概述 …). Either
way the headings are 一、二、三… in order, so a heading is only accepted as the next
numeral, which keeps table rows such as 四、结转下年度继续办理 from being taken for one.
"""

from __future__ import annotations

import regex

from pipelines.extract import vocabulary
from pipelines.extract.lines import line_index
from pipelines.extract.records import Section

NUMERALS = "一二三四五六七八九十"
_HEADING = regex.compile(r"^([一二三四五六七八九十]{1,2})、\s*([^|\d]{2,40})$")
_HEADING_START = regex.compile(r"^([一二三四五六七八九十]{1,2})、\s*")
# The words that end every template and old-report heading.
_HEADING_END = regex.compile(r"(?:情况|概述|事项|措施|问题|统计表|情况说明)$")
_SENTENCE = regex.compile(r"[。;!?|]|\d")
_MAX_CONTINUATION = 24
_MAX_HEADING = 40
# Rows of 表三 are numbered like headings: 一、本年新收… 四、结转下年度继续办理.
_TABLE_ROW = regex.compile(
    "|".join(
        regex.escape(keyword)
        for item in ("new_received", "carried_over", "carried_forward")
        for keyword in vocabulary.code("applications", "item", item).keywords
    )
    + "|本年度办理结果"
)
# A heading run into its paragraph, as crawlers that drop line breaks print it:
# ...联系。一、总体情况2020年,我区... The heading ends with the word that ends every
# template and old-report heading.
_INLINE_HEADING = regex.compile(
    r"([一二三四五六七八九十]{1,2})、\s*([^\d\s。;,:|()]{0,30}(?:情况|概述|事项|措施|问题|统计表))"
)
# Fewer line-start headings than this and the text is taken to have lost its line breaks.
_MIN_LINE_HEADINGS = 3


def numeral_value(numeral: str) -> int | None:
    """一 to 十九, the numbers a section heading can have; None for any other numeral (二十,
    五五), which numbers no section."""
    if numeral == "十":
        return 10
    if len(numeral) == 2 and numeral[0] == "十" and numeral[1] in NUMERALS[:9]:
        return 10 + NUMERALS.index(numeral[1]) + 1
    if len(numeral) == 1 and numeral in NUMERALS:
        return NUMERALS.index(numeral) + 1
    return None


def sections_of(text: str) -> tuple[str, list[Section]]:
    """The text (with headings put back on lines of their own where a crawler ran them into
    their paragraphs) and its sections. A text whose headings start lines is returned as it
    is, so its line numbers stay those of the file."""
    sections = split_sections(text)
    if len(sections) >= _MIN_LINE_HEADINGS:
        return text, sections
    reflowed = reflow_inline_headings(text)
    return (reflowed, split_sections(reflowed)) if reflowed != text else (text, sections)


def reflow_inline_headings(text: str) -> str:
    """Put headings that were run into their paragraphs on lines of their own."""
    pieces: list[str] = []
    last = 0
    expected = 1
    for match in _INLINE_HEADING.finditer(text):
        if numeral_value(match.group(1)) != expected:
            continue
        pieces.append(text[last : match.start()].rstrip())
        pieces.append(f"{match.group(1)}、{match.group(2).strip()}")
        last = match.end()
        expected += 1
    if expected <= _MIN_LINE_HEADINGS:
        return text
    pieces.append(text[last:].lstrip())
    return "\n".join(piece for piece in pieces if piece)


def split_sections(text: str) -> list[Section]:
    lines = text.split("\n")
    candidates = _heading_candidates(lines)
    starts: list[tuple[int, int, int, str]] = []  # (line index, lines of heading, number, heading)
    expected = 1
    for position, (index, size, number, heading) in enumerate(candidates):
        if number != expected:
            continue
        # A heading printed twice with nothing of the next section between (a stray copy
        # before a table, a contents line): the later one starts the section.
        later = next(
            (
                c
                for c in candidates[position + 1 :]
                if c[2] == number + 1 or (c[2] == number and c[3] == heading)
            ),
            None,
        )
        if later is not None and later[2] == number:
            continue
        starts.append((index, size, number, heading))
        expected += 1
    line_starts = [0]
    for line in lines:
        line_starts.append(line_starts[-1] + len(line) + 1)
    sections = []
    for position, (index, size, number, heading) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(lines)
        lines_of_body = "\n".join(lines[index + size : end])
        body = lines_of_body.strip("\n")
        # (the lines are the text's own, joined as they stood: the body is a piece of the text)
        body_start = min(line_starts[index + size], len(text))
        body_start += len(lines_of_body) - len(lines_of_body.lstrip("\n"))
        sections.append(
            Section(
                number,
                heading,
                body,
                first_line=index + 1,
                last_line=end,
                body_line=index + size + 1,
                body_start=body_start,
                body_end=body_start + len(body),
            )
        )
    return sections


def _heading_candidates(lines: list[str]) -> list[tuple[int, int, int, str]]:
    """(line index, lines it spans, number, heading) of every line that may start a section:
    a numeral, 、 and a heading's words, which one-text-run-per-line crawlers spread over
    several short lines (五、 / 存在的主要问题及改进情况). A 表三 row label numbered like a
    heading (四、结转下年度继续办理) is not one."""
    candidates = []
    for index, line in enumerate(lines):
        if not line[:1] or line[0] not in NUMERALS:
            continue
        heading, size = line.strip(), 1
        while not (
            _HEADING_START.match(heading) and _HEADING_END.search(heading)
        ) and index + size < len(lines):
            continuation = lines[index + size].strip()
            if (
                not continuation
                or len(continuation) > _MAX_CONTINUATION
                or _SENTENCE.search(continuation)
                or len(heading) + len(continuation) > _MAX_HEADING
            ):
                break
            heading, size = heading + continuation, size + 1
        if not _HEADING_END.search(heading):
            heading, size = line.strip(), 1
        match = _HEADING_START.match(heading)
        if not match:
            continue
        number = numeral_value(match.group(1))
        if number is None:
            continue
        words = heading[len(match.group(0)) :]
        if len(words) < 2 or _TABLE_ROW.search(words) or not _HEADING.match(heading):
            continue
        candidates.append((index, size, number, heading))
    return candidates


def body_span(text: str, section: Section) -> tuple[int, int]:
    """Character offsets of the section's body in the whole text."""
    lines = line_index(text)
    start = (
        lines.start_of(section.body_line) if section.body_line <= section.last_line else len(text)
    )
    end = lines.start_of(section.last_line + 1) if section.last_line < lines.count else len(text)
    return start, max(start, end)
