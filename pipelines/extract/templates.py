"""The rows and columns of the national templates' tables -> the codes of codes.csv.

表二 (publications), 表三 (applications) and 表四 (appeals) of the 2019 and 2021 templates,
read from the rows tables.py cuts. Each function returns the figures it could place and the
problems it met, in words, for the report's parse log; it never guesses a row it cannot name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from pipelines.extract.records import Figure
from pipelines.extract.tables import Row, parse_number, trim_trailing_blanks

APPLICANT_TYPES = ("natural_person", "commercial_enterprise", "research_institution",
                   "social_welfare_org", "legal_service_org", "other_org", "total")

# Ordered: the first keyword found in a row's label names the row. Specific before general
# (其他法律行政法规禁止公开 must not be read as 其他, 部分公开 before 予以公开).
APPLICATION_ROWS = (
    ("new_received", ("本年新收",)),
    ("carried_over", ("上年结转",)),
    ("carried_forward", ("结转下年度", "结转下一年度")),
    ("denied.state_secret", ("国家秘密",)),
    ("denied.law_prohibited", ("禁止公开",)),
    ("denied.security_stability", ("三安全一稳定",)),
    ("denied.third_party_rights", ("第三方合法权益",)),
    ("denied.internal_affairs", ("内部事务",)),
    ("denied.process_information", ("过程性信息",)),
    ("denied.enforcement_file", ("行政执法案卷",)),
    # tw2sp reads 查詢 as Taiwan usage and writes 查找: a Taiwan-phrased page prints 行政查找事项.
    ("denied.administrative_query", ("行政查询事项", "行政查找事项")),
    ("unable.not_held", ("不掌握",)),
    ("unable.needs_creation", ("另行制作",)),
    ("unable.unclear_after_correction", ("仍不明确",)),
    ("not_processed.complaint", ("信访举报投诉",)),
    ("not_processed.duplicate", ("重复申请",)),
    ("not_processed.publication", ("公开出版物",)),
    ("not_processed.mass_repetitive", ("大量反复申请",)),
    ("not_processed.confirm_or_reissue", ("确认或重新出具",)),
    ("other.no_correction", ("逾期不补正",)),
    ("other.unpaid_fee", ("缴纳费用",)),
    ("partially_granted", ("部分公开",)),
    ("granted", ("予以公开",)),
)
# Group labels of 三、本年度办理结果; a bare group label with values is the group's own row.
_OUTCOME_GROUPS = {"不予公开": "denied", "无法提供": "unable", "不予处理": "not_processed",
                   "其他处理": "other"}
_COLUMN_HEADER_WORDS = ("自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织",
                        "法律服务机构", "申请人情况", "勾稽")
_NUMBERING = regex.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十\d]+\)|\d+[.、])")

APPEAL_PROCEEDINGS = ("administrative_review", "litigation_direct", "litigation_after_review")
APPEAL_RESULTS = ("upheld", "corrected", "other", "pending", "total")

PUBLICATION_CATEGORIES = (
    ("other_management_service", ("其他对外管理服务事项",)),
    ("normative_document", ("规范性文件",)),
    ("regulation", ("规章",)),
    ("administrative_license", ("行政许可",)),
    ("administrative_penalty", ("行政处罚",)),
    ("administrative_coercion", ("行政强制",)),
    ("administrative_fee", ("行政事业性收费",)),
    ("centralized_procurement", ("政府集中采购",)),
)
PUBLICATION_MEASURES = (
    ("issued", ("制发",)),
    ("repealed", ("废止",)),
    ("in_force", ("现行有效",)),
    ("decisions", ("处理决定",)),
    ("amount_10k_yuan", ("收费金额",)),
    ("produced", ("新制作",)),
    ("published_total", ("对外公开总数",)),
    ("published", ("新公开",)),
    ("items_prev_year", ("上一年项目数",)),
    ("items_change", ("增/减", "增减")),
    ("procurement_items", ("采购项目数",)),
    ("procurement_amount", ("采购总金额",)),
)


@dataclass
class TableReading:
    figures: list[Figure] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    labelled_rows: int = 0
    filled_cells: int = 0


def label_text(cell: str) -> str:
    """A label without its numbering: '(一)予以公开' -> '予以公开', '3.其他' -> '其他'."""
    return _NUMBERING.sub("", cell).strip()


def _first_code(text: str, vocabulary) -> str | None:
    for code, keywords in vocabulary:
        if any(keyword in text for keyword in keywords):
            return code
    return None


def application_item(labels: list[str], group: str | None) -> tuple[str | None, str | None]:
    """(item code, outcome group in force after this row) for a row's label cells."""
    for label in labels:
        stripped = label_text(label)
        if stripped in _OUTCOME_GROUPS:
            group = _OUTCOME_GROUPS[stripped]
        elif "本年度办理结果" in stripped:
            group = None
    last = label_text(labels[-1])
    if last in _OUTCOME_GROUPS:
        return _OUTCOME_GROUPS[last], group
    if last == "其他" and group == "other":
        return "other.other", group
    if last == "总计":
        return "total_processed", group
    return _first_code(last, APPLICATION_ROWS), group


def read_applications_table(rows: list[Row]) -> TableReading:
    """表三: one figure per printed cell of every row the template names."""
    reading = TableReading()
    group: str | None = None
    seen: dict[str, int] = {}
    for row in rows:
        labels = row.labels
        if not labels:
            if any(row.cells):
                reading.problems.append(f"表三 line {row.line_no}: values without a row label")
            continue
        texts = [text for _, text in labels]
        if any(word in text for text in texts for word in _COLUMN_HEADER_WORDS):
            continue
        item, group = application_item(texts, group)
        if item is None:
            reading.problems.append(f"表三 line {row.line_no}: unknown row label {texts[-1]!r}")
            continue
        if item in seen:
            reading.problems.append(f"表三 line {row.line_no}: row {item} printed again "
                                    f"(first at line {seen[item]}); the first is kept")
            continue
        seen[item] = row.line_no
        reading.labelled_rows += 1
        cells = trim_trailing_blanks(row.cells[labels[-1][0] + 1:], keep=len(APPLICANT_TYPES))
        if len(cells) != len(APPLICANT_TYPES):
            reading.problems.append(f"表三 line {row.line_no}: row {item} has {len(cells)} cells, "
                                    f"expected {len(APPLICANT_TYPES)}; its values are left NULL")
            cells = ("",) * len(APPLICANT_TYPES)
        for applicant_type, cell in zip(APPLICANT_TYPES, cells):
            value = parse_number(cell)
            reading.filled_cells += value is not None
            reading.figures.append(Figure("applications", item, applicant_type, value, cell,
                                          "table", row.line_no))
    return reading


def read_appeals_table(rows: list[Row]) -> TableReading:
    """表四: the one row of fifteen numbers under the two-level header."""
    reading = TableReading()
    width = len(APPEAL_PROCEEDINGS) * len(APPEAL_RESULTS)
    for row in rows:
        if row.labels:
            continue
        cells = trim_trailing_blanks(row.cells, keep=0)
        if not cells:
            continue
        reading.labelled_rows += 1
        if len(cells) != width:
            reading.problems.append(f"表四 line {row.line_no}: {len(cells)} cells, expected "
                                    f"{width}; its values are left NULL")
            cells = ("",) * width
        for index, cell in enumerate(cells):
            proceeding = APPEAL_PROCEEDINGS[index // len(APPEAL_RESULTS)]
            result = APPEAL_RESULTS[index % len(APPEAL_RESULTS)]
            value = parse_number(cell)
            reading.filled_cells += value is not None
            reading.figures.append(Figure("appeals", proceeding, result, value, cell, "table",
                                          row.line_no))
        break
    return reading


def publication_unit(measure: str, header: str) -> str:
    if measure == "amount_10k_yuan":
        return "10k_yuan"
    if measure == "procurement_amount":
        if "万元" in header:
            return "10k_yuan"
        return "yuan" if "元" in header else "as_printed"
    return "count"


def read_publications_table(rows: list[Row]) -> TableReading:
    """表二: category rows under a 信息内容 header row that names the measures."""
    reading = TableReading()
    measures: list[tuple[str | None, str]] = []
    for row in rows:
        labels = row.labels
        texts = [text for _, text in labels]
        if any("信息内容" in text for text in texts):
            header = [cell for cell in row.cells[labels[0][0] + 1:] if cell]
            measures = [(_first_code(cell, PUBLICATION_MEASURES), cell) for cell in header]
            continue
        if not texts:
            continue
        category = _first_code(texts[0], PUBLICATION_CATEGORIES)
        if category is None:
            continue
        if not measures:
            reading.problems.append(f"表二 line {row.line_no}: {texts[0]} before any header row")
            continue
        reading.labelled_rows += 1
        cells = trim_trailing_blanks(row.cells[labels[0][0] + 1:], keep=len(measures))
        if len(cells) > len(measures):
            reading.problems.append(f"表二 line {row.line_no}: {len(cells)} cells under "
                                    f"{len(measures)} headers; extra cells ignored")
        for (measure, header), cell in zip(measures, cells):
            if measure is None:
                reading.problems.append(f"表二 line {row.line_no}: unknown column {header!r}")
                continue
            value = parse_number(cell)
            reading.filled_cells += value is not None
            reading.figures.append(Figure("publications", category, measure, value, cell,
                                          "table", row.line_no, publication_unit(measure, header)))
    return reading
