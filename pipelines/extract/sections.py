"""Split a report into its numbered top-level sections (一、总体情况 … 六、其他需要报告的事项).

The national templates fix six sections; old reports number their own (一、概述 …). Either
way the headings are 一、二、三… in order, so a heading is only accepted as the next
numeral, which keeps table rows such as 四、结转下年度继续办理 from being taken for one.
"""

from __future__ import annotations

import regex

from pipelines.extract.records import Section

NUMERALS = "一二三四五六七八九十"
_HEADING = regex.compile(r"^([一二三四五六七八九十]{1,2})、\s*([^|\d]{2,40})$")
# A heading run into its paragraph, as crawlers that drop line breaks print it:
# ...联系。一、总体情况2020年,我区... The heading ends with the word that ends every
# template and old-report heading.
_INLINE_HEADING = regex.compile(
    r"([一二三四五六七八九十]{1,2})、\s*([^\d\s。;,:|()]{0,30}(?:情况|概述|事项|措施|问题|统计表))")
# Fewer line-start headings than this and the text is taken to have lost its line breaks.
_MIN_LINE_HEADINGS = 3


def numeral_value(numeral: str) -> int:
    if numeral == "十":
        return 10
    if numeral.startswith("十"):
        return 10 + NUMERALS.index(numeral[1]) + 1
    return NUMERALS.index(numeral) + 1


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
        pieces.append(text[last:match.start()].rstrip())
        pieces.append(f"{match.group(1)}、{match.group(2).strip()}")
        last = match.end()
        expected += 1
    if expected <= _MIN_LINE_HEADINGS:
        return text
    pieces.append(text[last:].lstrip())
    return "\n".join(piece for piece in pieces if piece)


def split_sections(text: str) -> list[Section]:
    lines = text.split("\n")
    starts: list[tuple[int, int, str]] = []  # (line index, number, heading)
    expected = 1
    for index, line in enumerate(lines):
        match = _HEADING.match(line)
        if not match:
            continue
        numeral = match.group(1)
        if numeral[0] not in NUMERALS or (len(numeral) == 2 and numeral[0] != "十"):
            continue
        if numeral_value(numeral) != expected:
            continue
        starts.append((index, expected, line))
        expected += 1
    sections = []
    for position, (index, number, heading) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(lines)
        body = "\n".join(lines[index + 1:end]).strip("\n")
        sections.append(Section(number, heading, body, first_line=index + 1, last_line=end))
    return sections


def section_lines(text: str, section: Section) -> list[tuple[int, str]]:
    """The section's body lines with their 1-based line numbers in the whole text."""
    lines = text.split("\n")
    return [(number, lines[number - 1]) for number in range(section.first_line + 1,
                                                            section.last_line + 1)]
