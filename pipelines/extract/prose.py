"""Figures stated in sentences: 收到申请341件(含上年结转6件), 行政复议13件,其中结果纠正2件 …

Each phrase is a bounded pattern (no gap longer than a clause, no nested repetition), so a
hostile file cannot make matching slow. The first statement of a figure wins; a phrase is
never read across a full stop. The matched phrase is kept as the figure's value_text.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from pipelines.extract.records import Figure
from pipelines.extract.tables import LineIndex

# The gap allowed between a verb and its count, inside one clause. Application counts must
# name 信息公开 or 依申请 in it: 受理申请121510件 alone is a service hall's caseload.
_GAP = r"[^,。;:!?\n\d]{0,25}?"
_N = r"(?P<n>\d+)"


@dataclass(frozen=True)
class Phrase:
    fact: str
    key1: str
    key2: str
    pattern: regex.Pattern
    group: str | None = "n"  # None: the phrase states zero (未收取, 无被依法纠错)
    second: tuple[str, str, str, str] | None = None  # (group, fact, key1, key2) of a 2nd figure


def _phrase(fact, key1, key2, pattern, group="n", second=None) -> Phrase:
    return Phrase(fact, key1, key2, regex.compile(pattern), group, second)


APPLICATION_PHRASES = (
    # 收到申请341件(含2020年结转的6件): a total that counts the carry-over in.
    _phrase("applications", "received_total", "total",
            rf"收到{_GAP}申请(?:共|总数)?{_N}件\((?:含|包括|其中)(?:\d{{4}}年度?|上一?年度?)?结转的?"
            r"(?P<m>\d+)件\)",
            second=("m", "applications", "carried_over", "total")),
    _phrase("applications", "new_received", "total",
            rf"(?:新收到?|收到|受理|接收)(?={_GAP}申请)(?={_GAP}(?:信息公开|依申请))"
            rf"(?!{_GAP}(?:复议|诉讼|举报|投诉)){_GAP}"
            rf"(?:共|总计|合计)?{_N}(?:件|条)(?!\((?:含|包括))"),
    # 未收到政府信息公开申请: none were received (codes.csv: 未收到申请 is 0).
    _phrase("applications", "new_received", "total",
            r"(?:未|没有)(?:收到|受理)(?![^,。;\n]{0,15}?(?:复议|诉讼))[^,。;\n\d]{0,15}?申请",
            group=None),
    _phrase("applications", "carried_over", "total",
            rf"(?:上一?年度?|\d{{4}}年度?)结转的?(?:政府信息公开)?(?:申请)?(?:共)?{_N}件"),
    _phrase("applications", "carried_forward", "total",
            rf"结转(?:到|至)?下一?年度?(?:继续)?(?:办理|答复)?的?(?:申请)?{_N}件"),
    _phrase("applications", "carried_forward", "total",
            rf"{_N}件(?:申请)?(?:顺延|结转)(?:到|至)下一?年度?"),
    _phrase("applications", "total_processed", "total",
            rf"(?<!不予)(?:答复|办结|办理|处理|回复)了?(?={_GAP}申请)(?={_GAP}(?:信息公开|依申请))"
            rf"(?!{_GAP}(?:复议|诉讼)){_GAP}"
            rf"(?:共|总计|合计)?{_N}件"),
    _phrase("applications", "total_processed", "total", rf"(?<=申请[^。\n]{{0,60}})已?办结{_N}件"),
    _phrase("applications", "granted_or_partially_granted", "total",
            rf"予以公开(?:及|和|与|、)部分公开的?(?:共)?{_N}件"),
    _phrase("applications", "granted", "total", rf"(?<!不)予以公开(?!(?:及|和|与|、)部分)的?{_N}件"),
    _phrase("applications", "partially_granted", "total", rf"(?<![及和与、])部分公开的?{_N}件"),
    _phrase("applications", "denied", "total", rf"不予公开的?{_N}件"),
    _phrase("applications", "unable", "total", rf"无法提供的?{_N}件"),
    _phrase("applications", "not_processed", "total", rf"不予处理的?{_N}件"),
    _phrase("applications", "other", "total", rf"其他处理的?{_N}件"),
)

_NO_CORRECTION = r"(?:无|没有|未有|均未)(?:被依法)?(?:纠错|纠正|被纠错)"
APPEAL_PHRASES = (
    _phrase("appeals", "administrative_review", "total",
            rf"行政复议(?:申请|案件)?(?:数)?(?:共|为)?{_N}件"),
    # 有1件涉及政府信息公开工作的行政复议
    _phrase("appeals", "administrative_review", "total",
            rf"{_N}件涉及[^,。;、\n\d]{{0,15}}?的行政复议"),
    _phrase("appeals", "administrative_review", "corrected",
            rf"行政复议(?:(?!诉讼)[^。;\n]){{0,30}}?(?:结果纠正|被依法纠错|被纠错|纠错|纠正){_N}件"),
    _phrase("appeals", "administrative_review", "corrected",
            rf"行政复议(?:(?!诉讼)[^。;\n]){{0,30}}?{_NO_CORRECTION}", group=None),
    _phrase("appeals", "litigation_total", "total",
            rf"行政诉讼(?:立案|案件)?(?:数)?(?:共|为)?{_N}件"),
    _phrase("appeals", "litigation_direct", "total", rf"未经复议直接(?:起诉|提起诉讼){_N}件"),
    _phrase("appeals", "litigation_after_review", "total", rf"复议后(?:起诉|提起诉讼){_N}件"),
    _phrase("appeals", "litigation_total", "corrected",
            rf"行政诉讼[^。;\n]{{0,50}}?(?:结果纠正|被依法纠错|被纠错){_N}件"),
    _phrase("appeals", "litigation_total", "corrected",
            rf"行政诉讼[^。;\n]{{0,30}}?{_NO_CORRECTION}", group=None),
    # 未发生行政复议和行政诉讼 / 无行政复议、提起行政诉讼: both are zero.
    _phrase("appeals", "administrative_review", "total",
            r"(?:未|没有|无)(?:发生|收到|产生|出现|涉及)?[^。;,\n]{0,12}?行政复议(?:和|及|、|或)"
            r"(?:提起)?(?:行政)?诉讼",
            group=None, second=(None, "appeals", "litigation_total", "total")),
    _phrase("appeals", "administrative_review", "total",
            r"(?:未|没有)(?:发生|收到|产生)[^。;,\n\d]{0,12}?行政复议(?![^。;\n]{0,4}诉讼)",
            group=None),
)

PUBLICATION_PHRASES = (
    _phrase("publications", "government_information", "published",
            rf"主动公开(?:各类)?(?:政府|政务)信息(?:共|总计|合计)?{_N}余?条"),
    _phrase("publications", "policy_interpretation", "published",
            rf"政策解读(?:稿件|信息|文章)?(?:共)?{_N}余?(?:条|篇)"),
)

_FEE_ZERO = regex.compile(r"(?:未|没有|均未|暂不|不|无)(?:向申请人)?收(?:取)?(?:任何)?(?:政府)?"
                          r"(?:信息处理费|信息公开(?:相关)?费用?|费用|费)")
_FEE_AMOUNT = regex.compile(r"收取了?(?:政府)?(?:信息处理费|费用)(?:共|合计|总计)?"
                            r"(?P<n>\d+(?:\.\d+)?)(?P<wan>万)?元")


def narrative_figures(text: str, template: str | None) -> list[Figure]:
    """Every standard figure the report states in prose, once per key: the first statement in
    the text wins, whichever phrase shape stated it."""
    lines = LineIndex(text)
    candidates: list[tuple[int, Figure]] = []

    def add(fact, key1, key2, value, match, unit=None):
        figure = Figure(fact, key1, key2, value, match.group(0), "narrative",
                        lines.line_of(match.start()), unit)
        candidates.append((match.start(), figure))

    for phrase in APPLICATION_PHRASES + APPEAL_PHRASES + PUBLICATION_PHRASES:
        unit = "count" if phrase.fact == "publications" else None
        for match in phrase.pattern.finditer(text):
            value = float(match.group(phrase.group)) if phrase.group else 0.0
            add(phrase.fact, phrase.key1, phrase.key2, value, match, unit)
            if phrase.second:
                group, fact, key1, key2 = phrase.second
                add(fact, key1, key2, float(match.group(group)) if group else 0.0, match)

    fee_type = "disclosure_fee" if template == "pre2019" else "information_processing_fee"
    for match in _FEE_ZERO.finditer(text):
        add("fees", fee_type, "amount_yuan", 0.0, match, "yuan")
    for match in _FEE_AMOUNT.finditer(text):
        amount = float(match.group("n")) * (10_000 if match.group("wan") else 1)
        add("fees", fee_type, "amount_yuan", amount, match, "yuan")

    first: dict[tuple[str, str, str], Figure] = {}
    for _, figure in sorted(candidates, key=lambda candidate: candidate[0]):
        first.setdefault((figure.fact, figure.key1, figure.key2), figure)
    return list(first.values())
