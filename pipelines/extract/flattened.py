"""Tables 二/三/四 printed with no cell separators at all (crawler text, some PDF extractions).

With no `|` to cut rows into cells, the template's own row labels are the anchors: they are
looked for in the order the template prints them, and the digits between one label and the
next are that row's cells, cut apart by glued.py under the template's sums.
"""

from __future__ import annotations

import itertools

import regex

from pipelines.extract import glued
from pipelines.extract.records import Figure
from pipelines.extract.tables import LineIndex
from pipelines.extract.templates import (
    APPLICATION_ROWS,
    PUBLICATION_CATEGORIES,
    PUBLICATION_MEASURES,
    APPEAL_PROCEEDINGS,
    APPEAL_RESULTS,
    APPLICANT_TYPES,
    TableReading,
    publication_unit,
)

_NUMBERING = r"(?:\d\.|\([一二三四五六七八九]\)|[一二三四]、)?"
_KEYWORDS = dict(APPLICATION_ROWS)
_OUTCOME_ROWS = ("granted", "partially_granted",
                 "denied.state_secret", "denied.law_prohibited", "denied.security_stability",
                 "denied.third_party_rights", "denied.internal_affairs",
                 "denied.process_information", "denied.enforcement_file",
                 "denied.administrative_query",
                 "unable.not_held", "unable.needs_creation", "unable.unclear_after_correction",
                 "not_processed.complaint", "not_processed.duplicate", "not_processed.publication",
                 "not_processed.mass_repetitive", "not_processed.confirm_or_reissue")
TEMPLATE_ROWS = {
    "f2021": ("new_received", "carried_over", *_OUTCOME_ROWS,
              "other.no_correction", "other.unpaid_fee", "other.other",
              "total_processed", "carried_forward"),
    "f2019": ("new_received", "carried_over", *_OUTCOME_ROWS, "other",
              "total_processed", "carried_forward"),
}
_SPECIAL_PATTERNS = {
    "other.other": r"3\.其他(?!处理|法律)",
    "other": r"\(六\)其他处理",
    "total_processed": r"\(七\)总计|总计",
}


def _row_pattern(item: str) -> regex.Pattern:
    if item in _SPECIAL_PATTERNS:
        return regex.compile(_SPECIAL_PATTERNS[item])
    keywords = "|".join(regex.escape(k) for k in _KEYWORDS[item])
    return regex.compile(rf"{_NUMBERING}(?:属于)?(?:{keywords})")


_ROW_PATTERNS = {item: _row_pattern(item)
                 for rows in TEMPLATE_ROWS.values() for item in rows}


def _decode(reading: TableReading, digits_text: str, width: int, fits, where: str,
            line_no: int, emit) -> None:
    tokens = glued.tokens_of(digits_text)
    solutions = glued.decode_row(tokens, width, fits)
    printed = " ".join(tokens)
    if len(solutions) == 1:
        decoded = len(tokens) != width
        for index, value in enumerate(solutions[0]):
            reading.filled_cells += 1
            emit(index, value, printed if decoded else tokens[index], decoded)
        return
    if tokens:
        reading.problems.append(
            f"{where} line {line_no}: digits {printed!r} "
            + ("fit no" if not solutions else f"fit {len(solutions)}")
            + f" ways of cutting them into {width} cells; values left NULL")
    for index in range(width):
        emit(index, None, printed, False)


def read_flat_applications(body: str, first_line: int, template: str) -> TableReading:
    """表三 from a section body whose rows run together."""
    reading = TableReading()
    lines = LineIndex(body)
    found: list[tuple[str, int, int]] = []  # (item, label start, label end)
    position = 0
    for item in TEMPLATE_ROWS.get(template, ()):
        match = _ROW_PATTERNS[item].search(body, position)
        if match is None:
            reading.problems.append(f"表三: row {item} not found in the flattened table")
            continue
        found.append((item, match.start(), match.end()))
        position = match.end()
    width = len(APPLICANT_TYPES)
    rows = []  # (item, line number, tokens, candidate cuts)
    for index, (item, _, label_end) in enumerate(found):
        row_end = found[index + 1][1] if index + 1 < len(found) else len(body)
        tokens = glued.tokens_of(_row_digits(body[label_end:row_end]))
        rows.append((item, first_line + lines.line_of(label_end), tokens,
                     glued.decode_row(tokens, width, glued.applicant_row_fits)))
    chosen = choose_by_column_sums({item: cuts for item, _, _, cuts in rows})
    for item, line_no, tokens, cuts in rows:
        reading.labelled_rows += 1
        printed = " ".join(tokens)
        cells = chosen.get(item)
        if cells is None and tokens:
            reading.problems.append(
                f"表三 line {line_no}: digits {printed!r} fit "
                + (f"{len(cuts)} ways" if cuts else "no way")
                + f" of cutting them into {width} cells; values left NULL")
        decoded = cells is not None and len(tokens) != width
        for column, applicant in enumerate(APPLICANT_TYPES):
            value = cells[column] if cells is not None else None
            text = tokens[column] if cells is not None and not decoded else printed
            reading.filled_cells += value is not None
            reading.figures.append(Figure("applications", item, applicant, value, text, "table",
                                          line_no, decoded=decoded))
    return reading


# Above this many combinations of ambiguous rows, none is chosen.
MAX_COMBINATIONS = 4096


def choose_by_column_sums(candidates: dict[str, list[tuple[float, ...]]]
                          ) -> dict[str, tuple[float, ...]]:
    """One cut per row: rows with a single cut keep it; rows with several are settled together
    when exactly one combination makes every column add up (the outcome rows to
    total_processed, and new + carried_over = total_processed + carried_forward)."""
    chosen = {item: cuts[0] for item, cuts in candidates.items() if len(cuts) == 1}
    open_rows = [item for item, cuts in candidates.items() if len(cuts) > 1]
    if not open_rows:
        return chosen
    combinations = 1
    for item in open_rows:
        combinations *= len(candidates[item])
    if combinations > MAX_COMBINATIONS:
        return chosen
    fitting = [combination for combination in itertools.product(*(candidates[i] for i in open_rows))
               if _columns_add_up({**chosen, **dict(zip(open_rows, combination))},
                                  set(candidates))]
    if len(fitting) == 1:
        chosen.update(zip(open_rows, fitting[0]))
    return chosen


_BALANCE_ROWS = ("new_received", "carried_over", "total_processed", "carried_forward")


def _columns_add_up(values: dict[str, tuple[float, ...]], printed_rows: set[str]) -> bool:
    """False only where a column sum is fully known and wrong; a sum with an unknown row
    cannot rule a combination out (and so cannot settle one either)."""
    outcome_rows = [item for item in printed_rows if item not in _BALANCE_ROWS]
    decisive = False
    if "total_processed" in values and all(item in values for item in outcome_rows):
        decisive = True
        for column in range(len(APPLICANT_TYPES)):
            if abs(sum(values[item][column] for item in outcome_rows)
                   - values["total_processed"][column]) > 1e-9:
                return False
    if all(item in values for item in _BALANCE_ROWS):
        decisive = True
        new, over, processed, forward = (values[item] for item in _BALANCE_ROWS)
        for column in range(len(APPLICANT_TYPES)):
            if abs(new[column] + over[column] - processed[column] - forward[column]) > 1e-9:
                return False
    return decisive


def _row_digits(text: str) -> str:
    """The digit run(s) that follow a row label, up to the next words. A '.' between digits
    is a decimal point and a sign before one is kept (本年增/减 prints -15); a digit right before a '.' and a word is the next row's numbering
    (…00000002.其他法律…), not a cell."""
    match = regex.search(r"[+\-]?\d(?:[\d\s|]|[.+\-](?=\d))*", text)
    if not match:
        return ""
    digits = match.group(0)
    if text[match.end():match.end() + 1] in (".", "、") and digits[-1:].isdigit():
        digits = digits[:-1]
    return digits


def read_flat_appeals(body: str, first_line: int) -> TableReading:
    """表四: the fifteen numbers after the header's last 总计."""
    reading = TableReading()
    header_end = body.rfind("总计", 0, 400)
    if header_end < 0:
        return reading
    start = header_end + len("总计")
    digits = _row_digits(body[start:start + 200])
    if not digits.strip():
        return reading
    reading.labelled_rows += 1
    line_no = first_line + LineIndex(body).line_of(start)
    width = len(APPEAL_PROCEEDINGS) * len(APPEAL_RESULTS)

    def emit(index, value, text, decoded):
        reading.figures.append(Figure("appeals", APPEAL_PROCEEDINGS[index // 5],
                                      APPEAL_RESULTS[index % 5], value, text, "table", line_no,
                                      decoded=decoded))

    _decode(reading, digits, width, glued.appeal_row_fits, "表四", line_no, emit)
    return reading


_CATEGORY = regex.compile("|".join(k for _, keys in PUBLICATION_CATEGORIES for k in keys))
_MEASURE = regex.compile("|".join(regex.escape(k) for _, keys in PUBLICATION_MEASURES
                                  for k in keys))


def read_flat_publications(body: str, first_line: int) -> TableReading:
    """表二: per 信息内容 block, the measures named in its header, then category rows."""
    reading = TableReading()
    lines = LineIndex(body)
    blocks = [m.start() for m in regex.finditer("信息内容", body)] + [len(body)]
    for start, end in zip(blocks, blocks[1:]):
        block = body[start:end]
        first_category = _CATEGORY.search(block)
        if first_category is None:
            continue
        header = block[:first_category.start()]
        measures = [(code, match.group(0)) for match in _MEASURE.finditer(header)
                    for code, keys in PUBLICATION_MEASURES if match.group(0) in keys]
        if not measures:
            continue
        unit_text = header
        categories = list(_CATEGORY.finditer(block))
        for index, match in enumerate(categories):
            category = next(code for code, keys in PUBLICATION_CATEGORIES
                            if match.group(0) in keys)
            row_end = categories[index + 1].start() if index + 1 < len(categories) else len(block)
            row_text = regex.split(r"第[一二三四五六七八九十]+条", block[match.end():row_end])[0]
            line_no = first_line + lines.line_of(start + match.start())
            reading.labelled_rows += 1

            def emit(column, value, text, decoded, category=category, line_no=line_no):
                measure, header_text = measures[column]
                reading.figures.append(Figure(
                    "publications", category, measure, value, text, "table", line_no,
                    publication_unit(measure, unit_text), decoded=decoded))

            _decode(reading, _row_digits(row_text), len(measures), None, "表二", line_no, emit)
    return reading
