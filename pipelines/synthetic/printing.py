"""A report on the 2019 or 2021 template with known figures, printed in each shape real
reports come in.

Used by the property tests (a table printed in any shape must parse back to the numbers
printed, or to NULL where the shape lost what would tell them apart) and by the corpus
generator. Every table is first laid out as rows of cells (labels, then values); a shape is
only a way of printing those rows:

- `pipes`: a line per row, ` | ` between cells (scraped text, Markdown);
- `html` / `fragment`: a page with `<table>`s, or the same without `<html>`/`<body>`;
- `traditional`: pipes in Traditional script, Taiwan phrasing;
- `glued`: a table's cells run together with no separator at all;
- `lines`: every cell on its own line, as crawlers that write each text run apart do;
- `collapsed`: `lines` by a crawler that also drops a line equal to the one before it.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field
from functools import lru_cache

import opencc

from pipelines.extract import vocabulary
from pipelines.extract.vocabulary import APPEAL_PROCEEDINGS, APPEAL_RESULTS, APPLICANT_TYPES

SHAPES = ("pipes", "glued", "html", "fragment", "traditional", "lines", "collapsed")
# Shapes that keep every cell boundary: what they print reads back exactly.
EXACT_SHAPES = ("pipes", "html", "fragment", "traditional", "lines")

# The printed label of each 表三 row, as the national format words it (` | `: two cells).
ROW_LABELS = {
    "new_received": "一、本年新收政府信息公开申请数量",
    "carried_over": "二、上年结转政府信息公开申请数量",
    "granted": "三、本年度办理结果 | (一)予以公开",
    "partially_granted": "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
    "denied.state_secret": "(三)不予公开 | 1.属于国家秘密",
    "denied.law_prohibited": "2.其他法律行政法规禁止公开",
    "denied.security_stability": "3.危及“三安全一稳定”",
    "denied.third_party_rights": "4.保护第三方合法权益",
    "denied.internal_affairs": "5.属于三类内部事务信息",
    "denied.process_information": "6.属于四类过程性信息",
    "denied.enforcement_file": "7.属于行政执法案卷",
    "denied.administrative_query": "8.属于行政查询事项",
    "unable.not_held": "(四)无法提供 | 1.本机关不掌握相关政府信息",
    "unable.needs_creation": "2.没有现成信息需要另行制作",
    "unable.unclear_after_correction": "3.补正后申请内容仍不明确",
    "not_processed.complaint": "(五)不予处理 | 1.信访举报投诉类申请",
    "not_processed.duplicate": "2.重复申请",
    "not_processed.publication": "3.要求提供公开出版物",
    "not_processed.mass_repetitive": "4.无正当理由大量反复申请",
    "not_processed.confirm_or_reissue": "5.要求行政机关确认或重新出具已获取信息",
    "other.no_correction": "(六)其他处理 | 1.申请人无正当理由逾期不补正、"
    "行政机关不再处理其政府信息公开申请",
    "other.unpaid_fee": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other.other": "3.其他",
    "other": "(六)其他处理",
    "total_processed": "(七)总计",
    "carried_forward": "四、结转下年度继续办理",
}
HEADER = (
    "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 |\n"
    "自然人 | 法人或其他组织 | 总计 |\n"
    "商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |"
)
# 表二: (article line, the header's column names, its categories and their printed labels)
PUBLICATION_BLOCKS = {
    "f2021": (
        (
            "第二十条第(一)项",
            ("本年制发件数", "本年废止件数", "现行有效件数"),
            (("regulation", "规章"), ("normative_document", "行政规范性文件")),
        ),
        ("第二十条第(五)项", ("本年处理决定数量",), (("administrative_license", "行政许可"),)),
        (
            "第二十条第(六)项",
            ("本年处理决定数量",),
            (("administrative_penalty", "行政处罚"), ("administrative_coercion", "行政强制")),
        ),
        (
            "第二十条第(八)项",
            ("本年收费金额(单位:万元)",),
            (("administrative_fee", "行政事业性收费"),),
        ),
    ),
    "f2019": (
        (
            "第二十条第(一)项",
            ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
            (("regulation", "规章"), ("normative_document", "规范性文件")),
        ),
        (
            "第二十条第(五)项",
            ("上一年项目数量", "本年增/减", "处理决定数量"),
            (
                ("administrative_license", "行政许可"),
                ("other_management_service", "其他对外管理服务事项"),
            ),
        ),
        (
            "第二十条第(六)项",
            ("上一年项目数量", "本年增/减", "处理决定数量"),
            (("administrative_penalty", "行政处罚"), ("administrative_coercion", "行政强制")),
        ),
        (
            "第二十条第(八)项",
            ("上一年项目数量", "本年增/减"),
            (("administrative_fee", "行政事业性收费"),),
        ),
        (
            "第二十条第(九)项",
            ("采购项目数量", "采购总金额"),
            (("centralized_procurement", "政府集中采购"),),
        ),
    ),
}
APPEALS_HEADER = (
    "行政复议 | 行政诉讼 |\n"
    "结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |\n"
    + " | ".join(("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") * 2)
    + " |"
)


@dataclass(frozen=True)
class ApplicationsTable:
    """{item: seven values} that satisfy every sum the template fixes."""

    rows: dict[str, tuple[int, ...]]


@dataclass(frozen=True)
class OtherTables:
    """表二 ({category: {measure: printed value}}) and 表四 (fifteen values)."""

    publications: dict[str, dict[str, str]] = field(default_factory=dict)
    appeals: tuple[int, ...] = ()


def random_applications_table(
    rng: random.Random, scale: int = 30, template: str = "f2021", busy_share: float = 0.3
) -> ApplicationsTable:
    """`busy_share`: how likely each kind of organisation is to have applied at all (a
    department's table has natural persons and rarely anyone else)."""
    items = vocabulary.printed("applications", "item", template)
    outcome_items = [
        i
        for i in items
        if i not in ("new_received", "carried_over", "total_processed", "carried_forward")
    ]
    columns: dict[str, list[int]] = {item: [] for item in items}
    for column in range(len(APPLICANT_TYPES) - 1):
        busy = column == 0 or rng.random() < busy_share  # most applicants are natural persons
        for item in outcome_items:
            columns[item].append(rng.randint(0, scale) if busy and rng.random() < 0.5 else 0)
        processed = sum(columns[item][column] for item in outcome_items)
        forward = rng.randint(0, 3) if busy else 0
        carried = rng.randint(0, min(processed + forward, 5))
        columns["total_processed"].append(processed)
        columns["carried_forward"].append(forward)
        columns["carried_over"].append(carried)
        columns["new_received"].append(processed + forward - carried)
    rows = {item: tuple(values) + (sum(values),) for item, values in columns.items()}
    return ApplicationsTable(rows)


def random_other_tables(rng: random.Random, template: str = "f2021") -> OtherTables:
    publications: dict[str, dict[str, str]] = {}
    for _, _headers, categories in PUBLICATION_BLOCKS[template]:
        for category, _ in categories:
            measures = vocabulary.code("publications", "category", category).columns[template]
            publications[category] = {
                measure: _printed_measure(rng, measure) for measure in measures
            }
    appeals: list[int] = []
    for _ in APPEAL_PROCEEDINGS:
        parts = [rng.choice((0, 0, 0, rng.randint(1, 12))) for _ in APPEAL_RESULTS[:-1]]
        appeals += parts + [sum(parts)]
    return OtherTables(publications, tuple(appeals))


def _printed_measure(rng: random.Random, measure: str) -> str:
    if measure == "items_change":
        change = rng.randint(-9, 9)
        return f"+{change}" if change > 0 else str(change)
    if measure in ("amount_10k_yuan", "procurement_amount"):
        return rng.choice(("0", f"{rng.randint(1, 9999)}.{rng.randint(1, 99):02d}"))
    return str(rng.choice((0, rng.randint(1, 40), rng.randint(100, 9999))))


def table_rows(
    table: ApplicationsTable, others: OtherTables, template: str
) -> dict[str, list[tuple[list[str], list[str]]]]:
    """Each table as rows of (label cells, value cells), headers first."""

    def labels(text: str) -> list[str]:
        return [part.strip() for part in text.split(" | ") if part.strip()]

    def header(text: str) -> list[tuple[list[str], list[str]]]:
        return [(labels(line.rstrip(" |")), []) for line in text.split("\n")]

    publications: list[tuple[list[str], list[str]]] = []
    for article, headers, categories in PUBLICATION_BLOCKS[template]:
        if not any(category in others.publications for category, _ in categories):
            continue
        publications += [([article], []), (["信息内容", *headers], [])]
        for category, label in categories:
            values = others.publications.get(category, {})
            publications.append(([label], list(values.values())))
    return {
        "publications": publications,
        "applications": header(HEADER)
        + [
            (labels(ROW_LABELS[item]), [str(v) for v in values])
            for item, values in table.rows.items()
        ],
        "appeals": header(APPEALS_HEADER) + [([], [str(v) for v in others.appeals])]
        if others.appeals
        else [],
    }


def _printed(rows: list[tuple[list[str], list[str]]], shape: str) -> str:
    if shape == "glued":
        return "".join("".join(labels) + "".join(values) for labels, values in rows)
    if shape in ("lines", "collapsed"):
        # A blank cell is a text run of nothing: no line at all.
        return "\n".join(cell for labels, values in rows for cell in labels + values if cell)
    return "\n".join(" | ".join(labels + values) + " |" for labels, values in rows)


def report_text(
    table: ApplicationsTable,
    shape: str,
    year: int = 2023,
    issuer: str = "常熟市人民政府",
    template: str = "f2021",
    blank: bool = False,
    prose: str = "",
    others: OtherTables | None = None,
) -> str:
    """A whole report around its tables, printed in `shape` (one of SHAPES); `blank` prints
    every cell empty; `prose` is put in section 一; `others`: 表二 and 表四 (else absent)."""
    others = others or OtherTables()
    if blank:
        table = ApplicationsTable(
            {item: ("",) * len(values) for item, values in table.rows.items()}
        )
        others = OtherTables(
            {c: dict.fromkeys(m, "") for c, m in others.publications.items()},
            ("",) * len(others.appeals) if others.appeals else (),
        )
    tables = table_rows(table, others, template)
    if shape in ("html", "fragment"):
        return _html_report(tables, year, issuer, template, prose, whole_page=shape == "html")
    bodies = {name: _printed(rows, shape) for name, rows in tables.items()}
    text = "\n".join(
        filter(
            None,
            [
                f"{issuer}{year}年政府信息公开工作年度报告",
                f"根据《中华人民共和国政府信息公开条例》和{TEMPLATE_NOTICE[template]}规定,编制本报告。",
                "一、总体情况",
                f"{year}年,扎实推进政务公开工作。{prose}",
                "二、主动公开政府信息情况",
                bodies["publications"],
                "三、收到和处理政府信息公开申请情况",
                bodies["applications"],
                "四、政府信息公开行政复议、行政诉讼情况",
                bodies["appeals"],
                "五、存在的主要问题及改进情况",
                "继续加强培训。",
                "六、其他需要报告的事项",
                "无。",
            ],
        )
    )
    if shape == "collapsed":
        lines = text.split("\n")
        text = "\n".join(
            line for index, line in enumerate(lines) if index == 0 or line != lines[index - 1]
        )
    return _to_traditional(text) if shape == "traditional" else text


TEMPLATE_NOTICE = {
    "f2021": "《中华人民共和国政府信息公开工作年度报告格式》(国办公开办函〔2021〕30号)",
    "f2019": "《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》"
    "(国办公开办函〔2019〕60号)",
}


def old_report_text(year: int, issuer: str, prose: str) -> str:
    """A pre-2019 report: free-form sections, figures in prose only."""
    return "\n".join(
        [
            f"{issuer}{year}年政府信息公开工作年度报告",
            f"根据《中华人民共和国政府信息公开条例》规定,现公布{year}年政府信息公开工作年度报告。",
            "一、概述",
            f"{year}年,认真贯彻落实《条例》。",
            "二、主动公开政府信息情况",
            "及时公开各类信息。",
            "三、依申请公开政府信息情况",
            prose,
            "四、政府信息公开收费及减免情况",
            "未向申请人收费。",
            "五、存在问题和改进措施",
            "进一步加强培训。",
        ]
    )


def _html_report(
    tables: dict[str, list[tuple[list[str], list[str]]]],
    year: int,
    issuer: str,
    template: str,
    prose: str,
    whole_page: bool,
) -> str:
    def table(rows: list[tuple[list[str], list[str]]]) -> str:
        if not rows:
            return ""
        return (
            "<table>"
            + "".join(
                "<tr>"
                + "".join(f"<td>{html.escape(cell)}</td>" for cell in labels + values)
                + "</tr>"
                for labels, values in rows
            )
            + "</table>"
        )

    body = (
        f"<p>{issuer}{year}年政府信息公开工作年度报告</p>"
        f"<p>根据{html.escape(TEMPLATE_NOTICE[template])}编制。</p>"
        f"<p>一、总体情况</p><p>{year}年,扎实推进政务公开工作。{html.escape(prose)}</p>"
        f"<p>二、主动公开政府信息情况</p>{table(tables['publications'])}"
        f"<p>三、收到和处理政府信息公开申请情况</p>{table(tables['applications'])}"
        f"<p>四、政府信息公开行政复议、行政诉讼情况</p>{table(tables['appeals'])}"
        f"<p>五、存在的主要问题及改进情况</p>"
        f"<p>继续加强培训。</p><p>六、其他需要报告的事项</p><p>无。</p>"
    )
    if not whole_page:
        return body
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{issuer}{year}年政府信息'
        f"公开工作年度报告</title><script>var nav = '首页';</script></head><body>"
        f'<div class="nav">首页 &gt; 政务公开</div><div id="zoom">{body}</div></body></html>'
    )


def _to_traditional(text: str) -> str:
    return _s2twp().convert(text)


@lru_cache(maxsize=1)
def _s2twp() -> opencc.OpenCC:
    return opencc.OpenCC("s2twp")
