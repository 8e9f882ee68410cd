"""A 2021-template report with known figures, printed in each shape real reports come in.

Used by the property tests (a table printed as pipes, glued digits, HTML or Traditional text
must parse back to the same numbers) and by the corpus generator.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass
from functools import lru_cache

import opencc

from pipelines.extract.flattened import TEMPLATE_ROWS
from pipelines.extract.templates import APPLICANT_TYPES

# The printed label of each 表三 row of the 2021 template, as the national format words it.
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
    "other.no_correction": "(六)其他处理 | 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other.unpaid_fee": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other.other": "3.其他",
    "other": "(六)其他处理",
    "total_processed": "(七)总计",
    "carried_forward": "四、结转下年度继续办理",
}
HEADER = ("(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 |\n"
          "自然人 | 法人或其他组织 | 总计 |\n"
          "商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |")
SHAPES = ("pipes", "glued", "html", "traditional")


@dataclass(frozen=True)
class ApplicationsTable:
    """{item: seven values} that satisfy every sum the template fixes."""

    rows: dict[str, tuple[int, ...]]


def random_applications_table(rng: random.Random, scale: int = 30,
                              template: str = "f2021") -> ApplicationsTable:
    items = TEMPLATE_ROWS[template]
    outcome_items = [i for i in items if i not in
                     ("new_received", "carried_over", "total_processed", "carried_forward")]
    columns: dict[str, list[int]] = {item: [] for item in items}
    for column in range(len(APPLICANT_TYPES) - 1):
        busy = column == 0 or rng.random() < 0.3  # most applicants are natural persons
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


def report_text(table: ApplicationsTable, shape: str, year: int = 2023,
                issuer: str = "常熟市人民政府", template: str = "f2021", blank: bool = False,
                prose: str = "") -> str:
    """A whole report around table 三, printed in `shape` (one of SHAPES); `blank` prints
    every cell empty; `prose` is put in section 一."""
    if blank:
        table = ApplicationsTable({item: ("",) * len(values) for item, values in table.rows.items()})
    if shape == "html":
        return _html_report(table, year, issuer, template, prose)
    if shape == "glued":
        body = "".join(HEADER.split()).replace("|", "") + "".join(
            ROW_LABELS[item].replace(" | ", "") + "".join(str(v) for v in values)
            for item, values in table.rows.items())
    else:
        body = HEADER + "\n" + "\n".join(
            f"{ROW_LABELS[item]} | " + " | ".join(str(v) for v in values) + " |"
            for item, values in table.rows.items())
    text = "\n".join([
        f"{issuer}{year}年政府信息公开工作年度报告",
        f"根据《中华人民共和国政府信息公开条例》和{TEMPLATE_NOTICE[template]}规定,编制本报告。",
        "一、总体情况", f"{year}年,扎实推进政务公开工作。{prose}",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况", body,
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况", "继续加强培训。",
        "六、其他需要报告的事项", "无。",
    ])
    return _to_traditional(text) if shape == "traditional" else text


TEMPLATE_NOTICE = {
    "f2021": "《中华人民共和国政府信息公开工作年度报告格式》(国办公开办函〔2021〕30号)",
    "f2019": "《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知》"
             "(国办公开办函〔2019〕60号)",
}


def old_report_text(year: int, issuer: str, prose: str) -> str:
    """A pre-2019 report: free-form sections, figures in prose only."""
    return "\n".join([
        f"{issuer}{year}年政府信息公开工作年度报告",
        f"根据《中华人民共和国政府信息公开条例》规定,现公布{year}年政府信息公开工作年度报告。",
        "一、概述", f"{year}年,认真贯彻落实《条例》。",
        "二、主动公开政府信息情况", "及时公开各类信息。",
        "三、依申请公开政府信息情况", prose,
        "四、政府信息公开收费及减免情况", "未向申请人收费。",
        "五、存在问题和改进措施", "进一步加强培训。",
    ])


def _html_report(table: ApplicationsTable, year: int, issuer: str, template: str = "f2021",
                 prose: str = "") -> str:
    def cells(label: str) -> str:
        return "".join(f"<td>{html.escape(part)}</td>" for part in label.split(" | "))

    rows = "".join(f"<tr>{cells(ROW_LABELS[item])}"
                   + "".join(f"<td>{v}</td>" for v in values) + "</tr>"
                   for item, values in table.rows.items())
    header = "".join(f"<tr>{cells(line.rstrip(' |'))}</tr>" for line in HEADER.split("\n"))
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{issuer}{year}年政府信息"
            f"公开工作年度报告</title><script>var nav = '首页';</script></head><body>"
            f"<div class=\"nav\">首页 &gt; 政务公开</div><div id=\"zoom\">"
            f"<p>{issuer}{year}年政府信息公开工作年度报告</p>"
            f"<p>根据{html.escape(TEMPLATE_NOTICE[template])}编制。</p>"
            f"<p>一、总体情况</p><p>{year}年,扎实推进政务公开工作。{html.escape(prose)}</p>"
            f"<p>二、主动公开政府信息情况</p><p>三、收到和处理政府信息公开申请情况</p>"
            f"<table>{header}{rows}</table>"
            f"<p>四、政府信息公开行政复议、行政诉讼情况</p><p>五、存在的主要问题及改进情况</p>"
            f"<p>继续加强培训。</p><p>六、其他需要报告的事项</p><p>无。</p></div></body></html>")


def _to_traditional(text: str) -> str:
    return _s2twp().convert(text)


@lru_cache(maxsize=1)
def _s2twp() -> opencc.OpenCC:
    return opencc.OpenCC("s2twp")
