"""Figures stated in sentences: 共受理政府信息公开申请302件,上年结转1件,办结303件 …

A report says the same figure many ways, and crawlers cut its sentences into lines
(`2023` / `年共受理政府信息公开申请` / `302` / `件`). The reader works on the class of such
statements, not on one pattern per sentence:

1. `reflow` joins the lines a crawler broke (a break ends a sentence only after 。；！？, at a
   blank line, a table row or a heading) and keeps, for every character of the reflowed text,
   its offset in the original (`Origin`), so every figure points at what the report printed.
2. Each sentence is cut into clauses (at , : and brackets) and each clause into the words of
   the lexicon below: subjects (申请, 行政复议, 政府信息, 政策解读, 信息处理费 …), verbs (收到,
   办结, 上年结转, 予以公开, 纠正, 主动公开, 收取 …), negations (未, 没有, 无 …), markers
   (截至/历年, 全年, 其中, 因, 上述 …), and counts (a number as numerals.py reads it, with its
   unit: 件 条 篇 个 项 份 起 元 …).
3. A count yields a figure when its verb and its subject fit one of the readings of `_Clause`
   (application totals, carry-overs, outcomes, appeals, corrections, publications, fees), with
   nothing but filler words between them; a negation yields a zero when what it denies is a
   subject (未收到申请, 未发生行政复议和行政诉讼, 未收取信息处理费). A count of something else
   in the same clause (a service hall's 办件, a percentage, a date, a total since some earlier
   year, one department's or one channel's part, one kind of an outcome) fits no reading and is
   left alone: a wrong figure is worse than a missing one. The subject may also come from an
   earlier clause of the sentence (…申请302件,上年结转1件,办结303件) or, for a bare 申请 or an
   anaphor (未发生上述情况), from the sentence or heading just before.

The first statement of a figure in the text wins, except that a publication count stated under
the heading that asks for it ((四)开展政策解读工作情况) wins over one stated earlier (big
reports also give such counts per sector). Every figure carries `span`, the offsets in the
original text of the number it read (of the phrase, for a zero), the line where that starts, and
the phrase as a person would quote it. The work is linear in the length of the text: words and
counts are found in one pass per line by patterns that never backtrack far, a clause longer than
`MAX_CLAUSE` characters is not prose and is skipped, a clause looks back a bounded distance, and
a number longer than numerals.MAX_DIGITS digits is not read.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple, TypeAlias, TypeVar

import regex

from pipelines.extract.lines import line_index
from pipelines.extract.numerals import NUMBER, number_value
from pipelines.extract.records import Figure
from pipelines.extract.reflow import is_heading, reflowed

# A clause longer than this is a table run together or a hostile file, not a sentence.
MAX_CLAUSE = 160
# A verb and its count further apart than this are not one statement (each reading asks more
# of what lies between them).
MAX_GAP = 45
# How far back in its sentence a clause looks: the subjects it remembers, the characters it
# searches for another body named before a count.
MAX_FAMILIES = 12
# How many sentences after one about disclosure applications a bare 申请 still means one.
APP_CONTEXT_REACH = 3
MAX_LOOKBACK = 2 * MAX_CLAUSE

# ---------------------------------------------------------------------------------------------
# The lexicon. Words are matched longest first, so a longer word hides the shorter ones inside
# it: 未经复议直接起诉 is not a negation, 不予公开 is not 公开, 信息公开申请 is not 信息.

APPLICATION = ("application", "application?")
# Subjects by family. "application?" is the bare 申请: an application for disclosure only where
# its sentence (or the heading of its section) speaks of 信息公开 / 依申请.
SUBJECTS: dict[str, tuple[str, ...]] = {
    "application": (
        "政府信息公开申请",
        "信息公开申请",
        "政务公开申请",
        "公开申请",
        "公开申请事项",
        "依申请公开政府信息",
        "依申请公开信息",
        "依申请公开事项",
        "依申请公开办件",
        "依申请公开件",
        "依申请公开申请",
        "依申请公开",
        "依申请",
        "申请公开政府信息",
        "申请公开信息",
        "申请公开",
        "政府信息依申请公开",
        "政府信息依申请公开事项",
        "依申请事项",
        "公开依申请事项",
    ),
    "application?": ("申请", "申请件", "申请事项"),
    "review": ("行政复议", "行政复议案件", "行政复议案", "行政复议申请", "复议"),
    "litigation": ("行政诉讼", "行政诉讼案件", "行政诉讼案", "诉讼"),
    "litigation_direct": (
        "未经复议直接起诉",
        "未经复议直接提起诉讼",
        "未经复议直接提起行政诉讼",
        "直接起诉",
        "直接提起诉讼",
        "直接提起行政诉讼",
    ),
    "litigation_after_review": (
        "复议后起诉",
        "复议后提起诉讼",
        "复议后提起行政诉讼",
        "经复议后起诉",
        "经复议后提起诉讼",
        "经复议后提起行政诉讼",
    ),
    "publication": ("政府信息", "政务信息", "各类信息", "信息"),
    # 作为依申请公开6667条: a kind of information produced, not applications.
    "publication_kind": ("作为依申请公开", "依申请公开文件", "不予公开信息", "不予公开的信息"),
    "interpretation": (
        "政策解读",
        "解读稿件",
        "解读材料",
        "解读文章",
        "政策文件解读",
        "文件解读",
        "解读类信息",
        "解读信息",
        "政策解读稿件",
        "政策解读信息",
        "政策解读文章",
        "政策解读材料",
        "政策解读稿",
        "解读稿",
    ),
    "fee": (
        "信息处理费",
        "政府信息处理费",
        "信息公开处理费",
        "处理费",
        "信息公开费",
        "信息公开费用",
        "费用",
        "收费",
    ),
    # Things counted in 件/条 that are not disclosure figures: they take the topic away.
    "other": (
        "提案",
        "建议",
        "议案",
        "热线",
        "来件",
        "信箱",
        "来信",
        "来访",
        "咨询",
        "投诉",
        "举报",
        "诉求",
        "办件",
        "审批",
        "许可",
        "处罚",
        "案件",
        "政务服务",
        "网上办事",
        "服务事项",
        "留言",
        "访谈",
        "申诉",
        "行政申诉",
        "应诉",
        "事项",
        "12345",
        "窗口",
        "大厅",
        "服务中心",
        "行政服务",
        "便民服务",
    ),
}
APPEAL_FAMILIES = ("review", "litigation", "litigation_direct", "litigation_after_review")
APPEAL_KEYS = {
    "review": "administrative_review",
    "litigation": "litigation_total",
    "litigation_direct": "litigation_direct",
    "litigation_after_review": "litigation_after_review",
}

VERBS: dict[str, tuple[str, ...]] = {
    "receive": (
        "收到",
        "新收到",
        "新收",
        "受理",
        "新受理",
        "接收",
        "接到",
        "收悉",
        "收到和受理",
        "共收到",
        "接收到",
        "收到并受理",
    ),
    "process": (
        "办结",
        "答复",
        "办理",
        "处理",
        "回复",
        "办复",
        "予以答复",
        "作出答复",
        "已答复",
        "妥善处理",
        "办理完毕",
        "完成办理",
        "受理并答复",
        "受理回复",
    ),
    "carried_over": (
        "上年结转",
        "上一年结转",
        "上年度结转",
        "上一年度结转",
        "上年度未办结",
        "上年未办结",
    ),
    "carried_forward": (
        "结转下年度",
        "结转下一年度",
        "结转至下年度",
        "结转到下年度",
        "结转至下一年度",
        "结转到下一年度",
        "结转下年",
        "结转至下年",
        "结转到下年",
        "转下一年度",
        "转下年度",
        "结转下一年",
        "结转至下一年",
        "结转到下一年",
        "转下一年",
        "转入下一年",
        "转入下一年度",
        "转入下年度",
        "顺延到下年度",
        "顺延至下年度",
        "顺延到下一年度",
        "顺延至下一年度",
        "结转至次年",
        "结转到次年",
        "结转次年",
    ),
    "granted": ("予以公开", "同意公开", "同意全部公开", "准予公开", "同意答复"),
    "partially_granted": ("部分公开", "同意部分公开", "予以部分公开"),
    "granted_or_partially_granted": (
        "予以公开及部分公开",
        "予以公开和部分公开",
        "予以公开与部分公开",
        "公开及部分公开",
        "全部或部分公开",
        "全部公开或部分公开",
        "全部公开及部分公开",
        "全部或部分予以公开",
        "已公开或部分公开",
        "公开或部分公开",
    ),
    "denied": ("不予公开", "不同意公开"),
    "unable": ("无法提供",),
    "not_processed": ("不予处理",),
    "other": ("其他处理", "其它处理", "其他答复", "其它答复"),
    "corrected": ("结果纠正", "被依法纠错", "依法纠错", "被纠错", "纠错", "纠正", "被纠正", "败诉"),
    "publish": (
        "主动公开",
        "主动发布",
        "主动向社会公开",
        "新增主动公开",
        "发布主动公开",
        "主动公布",
        "主动公开了",
    ),
    "publish_weak": (
        "公开",
        "发布",
        "公布",
        "更新发布",
        "刊发",
        "公开发布",
        "编发",
        "推出",
        "更新",
        "解读",
        "公开了",
        "发布了",
    ),
    "charge": ("收取", "进行收费"),
    # Passing on what others published or handing it over: not the body's own publication.
    "repost": ("转载", "转发", "报送", "送交", "移交", "接收送交"),
}
OUTCOMES = (
    "granted",
    "partially_granted",
    "granted_or_partially_granted",
    "denied",
    "unable",
    "not_processed",
    "other",
)

NEGATIONS = (
    "未",
    "没有",
    "无",
    "均未",
    "并未",
    "尚未",
    "还未",
    "暂未",
    "不存在",
    "暂无",
    "均无",
    "从未",
    "也没有",
    "亦未",
    "未曾",
    "也未",
    "均没有",
    "并没有",
    "未有",
)
# Words that begin like a negation or hold a shorter word of the lexicon but are neither.
NEUTRAL = (
    "无法",
    "无论",
    "无需",
    "无正当理由",
    "无理由",
    "无相关",
    "未按",
    "未能",
    "未及时",
    "尚未审结",
    "无纸化",
    "无缝",
    "未来",
    "未成年",
    "无偿",
    "未经",
    "无误",
    "无异议",
    "未予",
    "申请人",
    "申请表",
    "申请书",
    "申请材料",
    "申请渠道",
    "申报",
    "申请流程",
    "政府信息公开",
    "信息公开",
    "政务公开",
    "信息化",
    "公开栏",
    "公开办",
    "信息公开栏",
    "依申请公开文件数",
    "依申请公开信息数",
    "政府信息公开工作",
    "信息处理费管理办法",
    "公开方式",
    "公开范围",
    "公开形式",
    "公开目录",
    "公开指南",
    "公开专栏",
    "答复书",
    "办理结果",
    "办理情况",
    "处理决定",
    "收费标准",
    "收费项目",
    "收费通知",
    "行政事业性收费",
    "费用支出",
    "经费",
    "复议决定",
    "诉讼费",
    "减免",
    "免费",
    "免收",
    "信息资源",
    "信息系统",
    "信息平台",
    "信息数据",
    "违规收费",
    "乱收费",
    "收费行为",
    "收费问题",
    "公共",
    "共享",
    "共同",
    "共建",
    "共性",
    "因此",
    "因地制宜",
    "所属",
    "属地",
    "属实",
    "专属",
)
MARKERS: dict[str, tuple[str, ...]] = {
    # A total since some earlier date: never this year's figure.
    "since": (
        "历年",
        "以来",
        "至今",
        "迄今",
        "目前",
        "截至",
        "截止",
        "年底",
        "成立以来",
        "历史上",
        "至目前",
    ),
    "this_year": ("全年", "本年度", "本年", "今年", "当年", "年内", "新增", "年度内"),
    "breakdown": ("其中",),
    # 因重复申请等原因不予处理: without 等, one kind of an outcome rather than its total.
    # The kinds of 表三 (本机关不掌握, 保护第三方合法权益 …) name one kind of an outcome too.
    "reason": (
        "因",
        "由于",
        "属于",
        "属",
        "涉密",
        "原因",
        "国家秘密",
        "禁止公开",
        "安全一稳定",
        "第三方",
        "内部事务",
        "过程性信息",
        "行政执法案卷",
        "行政查询",
        "不掌握",
        "另行制作",
        "仍不明确",
        "信访",
        "重复申请",
        "公开出版物",
        "反复申请",
        "重新出具",
        "逾期不补正",
        "缴纳费用",
        "商业秘密",
        "个人隐私",
        "非本机关",
        "职能",
    ),
    "anaphor": (
        "上述情况",
        "此类情况",
        "以上情况",
        "这类情况",
        "上述",
        "以上",
        "此类",
        "该类",
        "上述事项",
    ),
    "total": ("共", "共计", "总计", "合计", "总数", "各类"),
    # Where a count was published, when it is not the body's own total.
    "channel": (
        "微信",
        "微博",
        "公众号",
        "头条",
        "抖音",
        "网站",
        "专栏",
        "栏目",
        "公报",
        "新媒体",
        "客户端",
        "平台",
        "报刊",
        "电视",
        "广播",
        "显示屏",
        "档案馆",
        "图书馆",
    ),
}

UNITS = {
    "application": "件条",
    "appeal": "件起宗例个",
    "publication": "条件篇份项",
    "interpretation": "篇条件份",
    "fee": "元",
}

_WORDS: dict[str, tuple[str, str]] = {}
for _subject_family, _words in SUBJECTS.items():
    _WORDS.update((w, ("subject", _subject_family)) for w in _words)
for _role, _words in VERBS.items():
    _WORDS.update((w, ("verb", _role)) for w in _words)
_WORDS.update((w, ("negation", "negation")) for w in NEGATIONS)
for _kind, _words in MARKERS.items():
    _WORDS.update((w, ("marker", _kind)) for w in _words)
_WORDS.update((w, ("neutral", "neutral")) for w in NEUTRAL)
# A negation that carries its verb and object: 不收费 / 不收取.
_WORDS.update({"不收费": ("negation", "fee"), "不收取": ("negation", "fee")})


# A trie of words: a character -> the trie of what follows it; "" marks the end of a word.
_Trie: TypeAlias = dict[str, "_Trie"]


def _trie_of(words: Iterable[str]) -> _Trie:
    trie: _Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return trie


def _trie_pattern(node: _Trie) -> str:
    """What may follow a trie's node, as one alternation: longest first, linear to match."""
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def _token_pattern(words: Iterable[str], digits: str = "0123456789") -> str:
    """The words and three patterns among them (a year's carried-over applications,
    2020年度未办结; those carried forward, 结转至2021年; a year, 2021年度), as one alternation
    whose every branch begins with its own first character. Such a pattern is the one kind
    the standard engine searches by that set of characters alone, skipping in C the three
    quarters of the text no word begins in; where one may begin it tries the branches in
    turn, and since no two begin alike, their order changes nothing. A year may begin with
    any of `digits`."""
    trie = _trie_of(words)
    branches = {ch: [_trie_pattern(child)] for ch, child in trie.items()}
    # The patterns come before the words that begin alike, as they would if tried first;
    # the year's first digit must not follow another.
    years = r"(?<!\d\d)\d{3}年(?:度?(?:未办结|结转)(?![至到下])|度)"
    for digit in digits:
        branches.setdefault(digit, []).insert(0, years)
    branches.setdefault("结", []).insert(0, r"转(?:至|到)\d{4}年度?")
    return "|".join(
        re.escape(ch) + (rests[0] if len(rests) == 1 else "(?:" + "|".join(rests) + ")")
        for ch, rests in sorted(branches.items())
    )


# The standard library's engine runs this large literal alternation five times faster than
# regex's, and 1.4 times as fast as it ran behind a look-ahead of its first characters.
_TOKEN = re.compile(_token_pattern(_WORDS))
# A digit of another script (٢, which NFKC leaves as it is) may begin a year as well.
_OTHER_DIGIT = re.compile(r"[^\D0-9]")


@lru_cache(maxsize=1)
def _token_pattern_any_digit() -> re.Pattern[str]:
    """The token pattern with a year under each of the engine's 660 digits, for the rare
    line that prints another script's: made once, when first needed (0.2 s), and slower to
    search (1.7 M characters a second), but one pattern whatever digits a file mixes."""
    digits = "".join(ch for ch in map(chr, range(sys.maxunicode + 1)) if ch.isdecimal())
    return re.compile(_token_pattern(_WORDS, digits))


def _pattern_word(printed: str) -> tuple[str, str]:
    """The kind and role of what one of _token_pattern's three patterns matched."""
    if printed[0] == "结":
        return "verb", "carried_forward"
    if printed.endswith(("未办结", "结转")):
        return "verb", "carried_over"
    return "marker", "this_year"


# (in the standard engine, as NUMBER, which leads it: see there)
_COUNT = re.compile(
    r"(?P<number>" + NUMBER.pattern + r")(?P<approx>余|多)?(?P<wan>万)?(?:余|多)?"
    r"(?P<unit>元|件|条|个|篇|项|份|宗|起|例)(?!次)"
)

# (these two, run on every sentence, in the standard library's engine: twice as fast here;
# neither has a class whose members differ between the engines' Unicode tables)
_SENTENCE_STOP = re.compile(r"[。;!?]")
_APP_CONTEXT = re.compile(r"信息公开|依申请|政府信息|政务信息|申请公开|公开申请")
# Clauses end at , : and brackets, but not at the comma of 1,234.
_CLAUSE = regex.compile(r"[^,:()\[\]]++(?:(?<=\d),(?=\d{3}(?!\d))[^,:()\[\]]*+)*+")

# Filler between a word and its count, by reading.
_APPEAL_FILL = regex.compile(
    r"(?:案件|案|立案|申请|的|数量?为|为|是|共计|共|合计|总计|有|达|了|各|分别为|发生|"
    r"[“”\"'‘’])*"
)
_OUTCOME_FILL = regex.compile(r"(?:的|为|是|共计|共|计|有|了|答复|决定|申请|[“”\"'‘’])*")
_COUNT_FILL = regex.compile(
    r"(?:共计|共|总计|合计|总数为?|数量为?|的数量为?|为|是|有|达|的|件|计|累计|约|近|逾|超过|"
    r"共有|总量为?|[“”\"'‘’])*"
)
_PROCESS_FILL = regex.compile(r"(?:了|已|共|均|全部|依法|按时|及时|予以|完毕)*|数量为?")
_PUBLICATION_GAP = regex.compile(
    r"(?:各类|各项|了|的|向社会|全部|所有|本级|[^,。;\d]{0,6}?各级(?:单位|部门|机关)?|"
    r"涉及[^,。;\d]{1,40}?等(?:重点)?(?:领域|方面)?的?)*"
)
_FEE_FILL = regex.compile(r"(?:共计|合计|共|总计|金额|总额|为|了|人民币|用)*")
_CARRY_FILL = regex.compile(r"(?:的|了|共|为|有|继续|办理|答复|处理|的有)*")
_CORRECTED_FILL = regex.compile(r"(?:的|为|是|共|有|了|案件|案|共计|[“”\"])*")
# A number printed right after 数 is a statistics table's cell run into the text
# (同意公开答复数17条), not a sentence: the statistics table reader owns it.
_STATISTICS_LABEL = regex.compile(r"(?<!总)数$")
_SHARE = regex.compile(r",?占|\([\d.]+%")
_INCLUDES_CARRY_OVER = regex.compile(r"\((?:含|包括|其中)[^)]{0,20}?结转")
_EXCLUSION = regex.compile(r"之外|以外|除")
# Another body named before a bare 信息 or a 政策解读 count (三明市科学技术局网…, 各级医疗机构…):
# its count, not the issuer's.
_OTHER_BODY = regex.compile(
    r"\p{Han}{2}(?:(?<![我本该格布结大全当])局(?![面势])|委员会|管委会|医院|学校|公司|"
    r"(?<![我本各级])机构|(?<![我本])厅(?!堂))"
)
# 信息621份(2005年至2008年): a count over a span of years.
_YEAR_RANGE = regex.compile(r"\(?\d{4}年?(?:至|-|—|到|~)\d{4}")
_SOME_APPLICANTS = regex.compile(
    r"公民|自然人|法人|组织|企业|个人|当面|信函|网络|网上|电子邮件|"
    r"传真|邮寄"
)
_ALL_APPLICANTS = regex.compile(r"公民[、,和及与]法人|任何|各种|其[他它]形式")
_FEE_BLOCK = regex.compile(r"支出|经费|行政事业性|罚没|罚款|补偿|税费")
_CORRECTED_LEAD = regex.compile(r"(?:被|依法|有|发生|出现|存在|任何|过)*")
_DENIES = regex.compile(
    r"(?:发生|收到|接到|产生|出现|涉及|有|存在|被|因为?|提起|引发|引起|就|针对|申请|任何|过|"
    r"相关|关于|与|对|向)"
)
_FORWARD_AFTER = regex.compile(
    r"(?:申请|政府信息公开申请)?(?:(?:顺延|结转|转入?)(?:到|至)?下一?年度?|结转(?:到|至)?次年)"
)
_INVOLVES_REVIEW = regex.compile(r"涉及[^,。;、\d]{0,15}?的行政复议")


# Tuples, not dataclasses: a report makes thousands of each, and a frozen dataclass's
# constructor costs several times a tuple's.
class Token(NamedTuple):
    start: int  # offsets in the reflowed text
    end: int
    kind: str  # subject | verb | negation | marker | neutral
    role: str  # the subject's family, the verb's role, the marker's kind


class Count(NamedTuple):
    start: int  # the number, in the reflowed text
    end: int
    phrase_end: int  # end of its unit
    value: float
    unit: str


@dataclass(frozen=True, slots=True)
class Reading:
    """One figure read in the reflowed text, before it is mapped back to the original."""

    fact: str
    key1: str
    key2: str
    value: float
    phrase_start: int
    phrase_end: int
    number_start: int
    number_end: int
    unit: str | None = None
    # Stated under a heading that names its subject ((四)开展政策解读工作情况): for publication
    # counts, which big reports also give per sector or channel elsewhere, such a statement
    # wins over earlier ones.
    under_its_heading: bool = False


@dataclass
class _Sentence:
    start: int
    app_context: bool
    # The subjects named so far in the sentence, the last few in order (a sentence may be a
    # whole crawled page: keeping them all would make long ones slow).
    families: list[str] = field(default_factory=list)
    since: bool = False  # a since-marker (截至, 以来 …) was met in an earlier clause
    published: bool = False  # an earlier clause had a verb of publishing (发布, 公开 …)
    breakdown: bool = False  # the last clause was 其中


# ---------------------------------------------------------------------------------------------
# Reading.


def narrative_figures(text: str, template: str | None) -> list[Figure]:
    """Every standard figure the report states in prose, once per key: the first statement in
    the text wins, however it was worded."""
    flat, origin = reflowed(text)
    fee_type = "disclosure_fee" if template == "pre2019" else "information_processing_fee"
    first: dict[tuple[str, str, str], tuple[tuple[bool, int], Reading]] = {}
    for reading in _Reader(flat, fee_type).read():
        key = (reading.fact, reading.key1, reading.key2)
        rank = (
            reading.fact == "publications" and not reading.under_its_heading,
            reading.number_start,
        )
        if key not in first or rank < first[key][0]:
            first[key] = (rank, reading)
    lines = line_index(text)
    figures = []
    for _, reading in sorted(first.values(), key=lambda item: item[1].number_start):
        start = origin[reading.number_start]
        end = origin[reading.number_end - 1] + 1
        figures.append(
            Figure(
                reading.fact,
                reading.key1,
                reading.key2,
                reading.value,
                flat[reading.phrase_start : reading.phrase_end],
                "narrative",
                lines.line_of(start),
                reading.unit,
                span=(start, end),
            )
        )
    return figures


class _Reader:
    def __init__(self, flat: str, fee_type: str):
        self.flat = flat
        self.token_pattern = _token_pattern_for(flat)
        self.fee_type = fee_type
        self.readings: list[Reading] = []
        self.topic: str | None = None  # family of the last subject read, across sentences
        self.heading_families: set[str] = set()
        self.heading_app = False
        self.after_heading = False  # no sentence read since the last heading
        self.app_recent = 0  # sentences left in which a bare 申请 may lean on an earlier one
        # Outcomes stated for one kind (保护第三方合法权益不予公开1条) in the current paragraph.
        self.kinds: dict[str, list[tuple[Count, int]]] = {}

    def read(self) -> list[Reading]:
        flat = self.flat
        position = 0
        for line in flat.split("\n"):
            start, end = position, position + len(line)
            position = end + 1
            if not line:
                continue
            if is_heading(line):
                self._heading(start, end)
                continue
            # Words and counts are found once per line, then handed to its clauses in order.
            tokens = _tokens(flat, start, end, self.token_pattern)
            counts = _counts(flat, start, end)
            cursor = [0, 0]
            sentence_start = start
            for stop in _SENTENCE_STOP.finditer(flat, start, end):
                self._sentence(sentence_start, stop.end(), tokens, counts, cursor)
                sentence_start = stop.end()
            if sentence_start < end:
                self._sentence(sentence_start, end, tokens, counts, cursor)
            self.kinds_read(start)
        return self.readings

    def kinds_read(self, paragraph_start: int) -> None:
        """An outcome stated for one kind only (其中予以公开2条;部分公开4条;保护第三方合法权益不予
        公开1条) is that outcome's total when its paragraph names no other kind of it and states
        no total of it: the report enumerated its outcomes. Two kinds (非我局职能不予公开3件,
        无相关统计数据不予公开1件) leave the total unread."""
        if not self.kinds:
            return
        stated = set()
        for reading in reversed(self.readings):
            if reading.number_start < paragraph_start:
                break
            stated.add(reading.key1)
        for role, kinds in self.kinds.items():
            if len(kinds) == 1 and role not in stated:
                count, phrase_start = kinds[0]
                self.add("applications", role, "total", count, phrase_start)
        self.kinds = {}

    def _heading(self, start: int, end: int) -> None:
        tokens = _tokens(self.flat, start, end, self.token_pattern)
        subjects = [t for t in tokens if t.kind == "subject"]
        self.heading_families = {t.role for t in subjects}
        self.heading_app = bool(self.heading_families & set(APPLICATION))
        self.app_recent = APP_CONTEXT_REACH if self.heading_app else 0
        self.topic = _family(subjects[-1], self.heading_app) if subjects else None
        self.after_heading = True

    def _sentence(
        self, start: int, end: int, tokens: list[Token], counts: list[Count], cursor: list[int]
    ) -> None:
        # A bare 申请 is a disclosure application where its sentence says so (信息公开, 依申请),
        # or a sentence or heading just before did and nothing else is counted in this one
        # (本年度全区共收到70件申请 under (二)依申请公开方面).
        first = stop = cursor[0]
        while stop < len(tokens) and tokens[stop].start < end:
            stop += 1
        own = tokens[first:stop]  # the sentence's words
        said = self._application_context(start, end, own)
        if end - start <= MAX_CLAUSE and _states_nothing(end, own, counts, cursor[1]):
            self._follow_topic(own, said or self.heading_app)
            cursor[0] = stop
            self.after_heading = False
            return
        sentence = _Sentence(start, said)
        for clause in _CLAUSE.finditer(self.flat, start, end):
            cstart, cend = clause.span()
            clause_tokens = _take(tokens, cursor, 0, cstart, cend)
            clause_counts = _take(counts, cursor, 1, cstart, cend)
            if cend - cstart > MAX_CLAUSE:
                self.topic = None
                sentence.breakdown = False
                continue
            self._clause(cstart, cend, sentence, clause_tokens, clause_counts)
        self.after_heading = False

    def _application_context(self, start: int, end: int, tokens: list[Token]) -> bool:
        """Whether a bare 申请 in the sentence [start, end), of these tokens, is a disclosure
        application, counting down the sentences an earlier one reaches."""
        said = bool(_APP_CONTEXT.search(self.flat, start, end))
        context_said = said
        if not said and self.app_recent:
            said = not any(t.kind == "subject" and t.role == "other" for t in tokens)
        self.app_recent = APP_CONTEXT_REACH if context_said else max(0, self.app_recent - 1)
        return said

    def _follow_topic(self, tokens: list[Token], app_context: bool) -> None:
        """The topic a sentence that states nothing (of these tokens) leaves to the ones after
        it, as _clause would leave it: its last subject. (The sentence is no longer than a
        clause may be, and every token lies in a clause: no word begins with , : or a bracket,
        and a test holds the lexicon to it.)"""
        subject = next((t for t in reversed(tokens) if t.kind == "subject"), None)
        if subject is not None:
            self.topic = _family(subject, app_context)

    # -- one clause --------------------------------------------------------------------------

    def _clause(
        self, start: int, end: int, sentence: _Sentence, tokens: list[Token], counts: list[Count]
    ) -> None:
        markers = {t.role for t in tokens if t.kind == "marker"}
        this_year = "this_year" in markers
        if counts or any(t.kind == "negation" for t in tokens):
            other = any(t.kind == "subject" and t.role == "other" for t in tokens)
            app_context = sentence.app_context or (self.heading_app and not other)
            clause = _Clause(self, sentence, start, end, tokens, markers, app_context, this_year)
            if not ((sentence.since or "since" in markers) and not this_year):
                topic_at_start = self.topic
                for count in counts:
                    before = [t for t in tokens if t.end <= count.start]
                    topic = next(
                        (_family(t, app_context) for t in reversed(before) if t.kind == "subject"),
                        topic_at_start,
                    )
                    clause.count(count, before, topic)
            for index, token in enumerate(tokens):
                if token.kind == "negation":
                    clause.negation(index)
        else:
            app_context = sentence.app_context or self.heading_app
        for token in tokens:
            if token.kind == "subject":
                self.topic = _family(token, app_context)
                sentence.families.append(self.topic)
        del sentence.families[:-MAX_FAMILIES]
        sentence.since = sentence.since or ("since" in markers and not this_year)
        sentence.published = sentence.published or any(
            t.kind == "verb" and t.role in ("publish", "publish_weak") for t in tokens
        )
        sentence.breakdown = self.flat.endswith("其中", start, end)

    # -- recording ---------------------------------------------------------------------------

    def add(
        self,
        fact: str,
        key1: str,
        key2: str,
        count: Count,
        phrase_start: int,
        phrase_end: int | None = None,
        unit: str | None = None,
    ) -> None:
        family = {
            "government_information": "publication",
            "policy_interpretation": "interpretation",
        }.get(key1)
        self.readings.append(
            Reading(
                fact,
                key1,
                key2,
                count.value,
                phrase_start,
                phrase_end or count.phrase_end,
                count.start,
                count.end,
                unit,
                family in self.heading_families,
            )
        )

    def zero(
        self, fact: str, key1: str, key2: str, start: int, end: int, unit: str | None = None
    ) -> None:
        self.readings.append(Reading(fact, key1, key2, 0.0, start, end, start, end, unit))


@dataclass
class _Clause:
    """The readings of one clause: what each count and each negation in it states."""

    reader: _Reader
    sentence: _Sentence
    start: int
    end: int
    tokens: list[Token]
    markers: set[str]
    app_context: bool
    this_year: bool

    @property
    def flat(self) -> str:
        return self.reader.flat

    def count(self, count: Count, before: list[Token], topic: str | None) -> None:
        flat = self.flat
        if _STATISTICS_LABEL.search(flat, self.start, count.start):
            return
        # 1. 行政复议13件 / 被申请行政复议7件 / 行政诉讼立案7件: the proceeding names the count.
        appeal = self._appeal_subject(before, count)
        if appeal is not None:
            if count.unit in UNITS["appeal"] and count.value.is_integer():
                self.reader.add("appeals", APPEAL_KEYS[appeal.role], "total", count, appeal.start)
            return
        # 2. Counts before their words: 19件申请顺延到下年度 / 1件涉及…的行政复议.
        if count.unit in UNITS["application"] and count.value.is_integer():
            forward = _FORWARD_AFTER.match(flat, count.phrase_end, self.end)
            if forward and topic in (*APPLICATION, None) and not _foreign(before, APPLICATION):
                self.reader.add(
                    "applications", "carried_forward", "total", count, count.start, forward.end()
                )
                return
            involves = _INVOLVES_REVIEW.match(flat, count.phrase_end, self.end)
            if involves:
                self.reader.add(
                    "appeals", "administrative_review", "total", count, count.start, involves.end()
                )
                return
        # 3. Verb … count.
        verb = self._verb(before, count)
        if verb is None:
            self._named_only(count, before)
            return
        after = [t for t in self.tokens if t.start >= count.phrase_end]
        role = verb.role
        if role in ("receive", "process"):
            self._application_total(role, verb, count, before, after, topic)
        elif role in ("carried_over", "carried_forward"):
            self._carry(role, verb, count, before, topic)
        elif role in OUTCOMES:
            self._outcome(role, verb, count, before, topic)
        elif role == "corrected":
            self._corrected(verb, count, before)
        elif role in ("publish", "publish_weak"):
            self._publication(verb, count, before, after)
        elif role == "charge":
            self._fee(verb, count, before)

    def _appeal_subject(self, before: list[Token], count: Count) -> Token | None:
        """The proceeding a count follows with nothing but filler between (案件, 共, 为 …)."""
        for token in reversed(before):
            if token.kind == "subject" and token.role in APPEAL_FAMILIES:
                gap = self.flat[token.end : count.start]
                return token if _APPEAL_FILL.fullmatch(gap) else None
            if token.kind == "subject" and token.role == "application?":
                continue  # 行政复议申请3件
            if token.kind == "marker" and token.role == "total":
                continue
            return None
        return None

    def _verb(self, before: list[Token], count: Count) -> Token | None:
        """The last verb before the count, no further than MAX_GAP, with no number between."""
        verbs = [t for t in before if t.kind == "verb"]
        if not verbs:
            return None
        verb = verbs[-1]
        if count.start - verb.end > MAX_GAP or _COUNT.search(self.flat, verb.end, count.start):
            return None
        if verb.role != "process" or len(verbs) < 2:
            return verb
        previous = verbs[-2]
        # 结转下年度继续办理9件 / 不予公开答复0条: the outcome or carry-over, not the 办理 or
        # 答复 that follows it.
        if previous.role in (*OUTCOMES, "carried_forward", "carried_over") and regex.fullmatch(
            r"(?:继续|并|的|需|仍需|予以|后)*", self.flat[previous.end : verb.start]
        ):
            return previous
        # 收到公民办理政府信息公开申请2条: 办理 is part of what was received.
        if previous.role == "receive" and count.start - previous.end <= MAX_GAP:
            return previous
        return verb

    def _application_total(
        self,
        role: str,
        verb: Token,
        count: Count,
        before: list[Token],
        after: list[Token],
        topic: str | None,
    ) -> None:
        """收到/受理 … 申请 N件: new_received, or received_total when the carry-over is
        counted in (收到申请341件(含上年结转6件)); 办结/答复 … 申请 N件: total_processed."""
        flat = self.flat
        if count.unit not in UNITS["application"] or not count.value.is_integer():
            return
        between = [t for t in before if t.start >= verb.end]
        if _foreign(between, APPLICATION):
            return
        subject = next((t for t in reversed(between) if t.kind == "subject"), None)
        phrase_end = count.phrase_end
        if subject is None:
            following = next((t for t in after if t.kind == "subject"), None)
            if (
                following is not None
                and following.role in APPLICATION
                and flat[count.phrase_end : following.start] in ("", "的")
                and flat[following.end : following.end + 1] != "中"
            ):
                subject, phrase_end = following, following.end
        if subject is not None:
            if _family(subject, self.app_context) != "application":
                return
            if subject.end <= count.start and not _COUNT_FILL.fullmatch(
                flat, subject.end, count.start
            ):
                return
        elif not (
            role == "process"
            and topic == "application"
            and not _foreign(before, APPLICATION)
            and _PROCESS_FILL.fullmatch(flat, verb.end, count.start)
        ):
            return
        if self._part_of_a_total(verb, count):
            return
        if role == "receive":
            if _INCLUDES_CARRY_OVER.match(flat, count.phrase_end):
                close = flat.find(")", count.phrase_end, self.end + 30)
                self.reader.add(
                    "applications",
                    "received_total",
                    "total",
                    count,
                    verb.start,
                    close + 1 if close > 0 else phrase_end,
                )
            else:
                self.reader.add(
                    "applications", "new_received", "total", count, verb.start, phrase_end
                )
        else:
            self.reader.add(
                "applications", "total_processed", "total", count, verb.start, phrase_end
            )

    def _part_of_a_total(self, verb: Token, count: Count) -> bool:
        """其中市级工作部门收到362件 / …1592条,占76.9%: one part of a total, not the total."""
        lead = self.flat[self.start : verb.start]
        if (
            ("其中" in lead or self.sentence.breakdown)
            and not self.this_year
            and not regex.fullmatch(r"(?:其中)?[::]?", lead)
        ):
            return True
        return not self.this_year and bool(_SHARE.match(self.flat, count.phrase_end))

    def _carry(
        self, role: str, verb: Token, count: Count, before: list[Token], topic: str | None
    ) -> None:
        """上年结转申请7件 / 结转下年度继续办理9件 / 结转至2026年6件."""
        flat = self.flat
        if count.unit not in UNITS["application"] or not count.value.is_integer():
            return
        between = [t for t in before if t.start >= verb.end]
        if _foreign(between, APPLICATION):
            return
        if topic not in (*APPLICATION, None) and not between:
            return
        if count.start - verb.end > 15:
            return
        gap = flat[verb.end : count.start]
        for token in between:
            gap = gap.replace(flat[token.start : token.end], "", 1)
        if _CARRY_FILL.fullmatch(gap):
            self.reader.add("applications", role, "total", count, verb.start)

    def _outcome(
        self, role: str, verb: Token, count: Count, before: list[Token], topic: str | None
    ) -> None:
        """予以公开172件 / “同意公开”的为277件 / 因本机关不掌握等原因无法提供564件."""
        flat = self.flat
        if count.unit not in UNITS["application"] or not count.value.is_integer():
            return
        if not _OUTCOME_FILL.fullmatch(flat, verb.end, count.start):
            return  # 不予公开等其他类型164件: not the outcome alone
        reasons = [t for t in before if t.kind == "marker" and t.role == "reason"]
        if reasons:
            # What a reason names (本机关不掌握相关政府信息无法提供) is not the topic.
            topic = next(
                (
                    t.role
                    for t in reversed(before)
                    if t.kind == "subject" and t.end <= reasons[0].start
                ),
                self.reader.topic,
            )
        if topic not in APPLICATION and not set(APPLICATION) & set(self.sentence.families):
            return
        if reasons and "等" not in flat[self.start : verb.start]:
            # 因无理由重复申请不予处理7件: one kind of the outcome. It is the outcome's total
            # only if its paragraph names no other kind of it (see _Reader.kinds_read).
            self.reader.kinds.setdefault(role, []).append((count, verb.start))
            return
        self.reader.add("applications", role, "total", count, verb.start)

    def _corrected(self, verb: Token, count: Count, before: list[Token]) -> None:
        """行政复议13件,其中结果纠正2件 / 行政诉讼…被依法纠错1件."""
        if count.unit not in UNITS["appeal"] or not count.value.is_integer():
            return
        if not _CORRECTED_FILL.fullmatch(self.flat, verb.end, count.start):
            return
        family = self._last_appeal_family(before)
        if family is not None:
            key1 = "administrative_review" if family == "review" else "litigation_total"
            self.reader.add("appeals", key1, "corrected", count, verb.start)

    def _last_appeal_family(self, before: list[Token]) -> str | None:
        families = self.sentence.families + [t.role for t in before if t.kind == "subject"]
        last = next((f for f in reversed(families) if f not in APPLICATION), None)
        return last if last in APPEAL_FAMILIES else None

    def _publication(
        self, verb: Token, count: Count, before: list[Token], after: list[Token]
    ) -> None:
        """主动公开(各类)政府信息N条 / 全年发布各类政府信息N条 / 共更新发布27条政府信息 /
        发布政策解读N篇."""
        flat = self.flat
        if not count.value.is_integer():
            return
        between = [t for t in before if t.start >= verb.end and t.kind == "subject"]
        subject = between[-1] if between else None
        phrase_end = count.phrase_end
        if subject is None:
            following = next((t for t in after if t.kind == "subject"), None)
            if (
                following is not None
                and flat[count.phrase_end : following.start] in ("", "的")
                and (
                    flat[following.start : following.end] in ("政府信息", "政务信息")
                    or following.role == "interpretation"
                )
                and flat[following.end : following.end + 1] != "中"
            ):
                subject, phrase_end = following, following.end
        if subject is None:
            return
        if subject.end <= count.start and not _COUNT_FILL.fullmatch(flat, subject.end, count.start):
            return
        if _YEAR_RANGE.match(flat, count.phrase_end):
            return
        if subject.role == "interpretation":
            if count.unit not in UNITS["interpretation"] or any(
                t.role not in ("publication", "interpretation") for t in between
            ):
                return
            if subject.start - verb.end > 15 or _COUNT.search(
                flat, verb.end, min(subject.start, count.start)
            ):
                return
            if self._other_body(subject.start):
                return
            self.reader.add(
                "publications",
                "policy_interpretation",
                "published",
                count,
                verb.start,
                phrase_end,
                unit="count",
            )
            return
        if (
            subject.role != "publication"
            or len(between) > 1
            or count.unit not in UNITS["publication"]
        ):
            return
        if subject.end <= count.start and not _PUBLICATION_GAP.fullmatch(
            flat, verb.end, subject.start
        ):
            return
        lead = [t for t in self.tokens if t.end <= verb.start]
        channels = [t for t in lead if t.kind == "marker" and t.role == "channel"]
        if flat[subject.start : subject.end] in ("信息", "各类信息") and self._other_body(
            verb.start
        ):
            return  # 三明市科学技术局网…主动公开信息87条: another body's count
        if regex.search(r"报送|送交|移交|档案", flat[self.start : verb.start]):
            return  # 向市档案局报送主动公开信息621份: handed over, not published
        if verb.role == "publish_weak":
            # 发布政府信息31条 alone may be one channel's count (a gazette, an account): only a
            # total (共, 全年, 各类) of no named channel is the body's.
            if flat[verb.start : verb.end] in ("更新", "解读", "推出"):
                return
            # …通过市政府门户网站公开政府信息12254条: the body's own portal is its total.
            portal = (
                channels
                and all(flat[t.start : t.end] == "网站" for t in channels)
                and regex.search(r"门户网站|政府网站|政府网", flat[self.start : verb.start])
                and flat[subject.start : subject.end] in ("政府信息", "政务信息")
            )
            if channels and not portal:
                return
            if not portal and not self.markers & {"total", "this_year"}:
                return
        if self._part_of_a_total(verb, count):
            return
        self.reader.add(
            "publications",
            "government_information",
            "published",
            count,
            verb.start,
            phrase_end,
            unit="count",
        )

    def _other_body(self, verb_start: int) -> bool:
        """Whether the sentence names another body than the issuer before the verb."""
        start = max(self.sentence.start, verb_start - MAX_LOOKBACK)
        return bool(_OTHER_BODY.search(self.flat, start, verb_start))

    def _fee(self, verb: Token, count: Count, before: list[Token]) -> None:
        """收取信息处理费(共计)N元 / 共收取政府信息处理费400元 / 收取信息处理费0.12万元."""
        flat = self.flat
        if count.unit != "元":
            return
        between = [t for t in before if t.start >= verb.end and t.kind == "subject"]
        if len(between) != 1 or between[0].role != "fee":
            return
        subject = between[0]
        if subject.start - verb.end > 12 or regex.search(r"费|\d", flat[verb.end : subject.start]):
            return  # 收取依申请公开信息邮寄费1000元: one kind of fee, not the total
        if not _FEE_FILL.fullmatch(flat, subject.end, count.start):
            return
        if _FEE_BLOCK.search(flat, verb.start, count.phrase_end):
            return
        self.reader.add("fees", self.reader.fee_type, "amount_yuan", count, verb.start, unit="yuan")

    def _named_only(self, count: Count, before: list[Token]) -> None:
        """A count named by its subject alone, the verb further back in the clause:
        主动公开各类政府信息19066条、政策解读223条."""
        flat = self.flat
        if count.unit not in UNITS["interpretation"] or not count.value.is_integer():
            return
        subject = next((t for t in reversed(before) if t.kind == "subject"), None)
        if subject is None or subject.role != "interpretation":
            return
        if not _COUNT_FILL.fullmatch(flat, subject.end, count.start):
            return
        if self._other_body(subject.start):
            return
        verbs = [t for t in before if t.kind == "verb" and t.end <= subject.start]
        if regex.search(r"[件条篇份项]、$", flat[self.start : subject.start]):
            # The next item of a list whose first item had the verb: …19066条、政策解读223条.
            if not verbs or verbs[-1].role not in ("publish", "publish_weak"):
                return
        elif (
            verbs
            or not self.sentence.published
            or "breakdown" in self.markers
            or self.sentence.breakdown
        ):
            # Or a clause of its own after one that published: 共发布政策文件189份,配套…解读
            # 材料420份. Not a part of a breakdown (其中…政策解读3条).
            return
        self.reader.add(
            "publications", "policy_interpretation", "published", count, subject.start, unit="count"
        )

    # -- zeros -------------------------------------------------------------------------------

    def negation(self, index: int) -> None:
        """未收到申请 / 未发生行政复议和行政诉讼 / 未收取信息处理费 / 无被依法纠错案件 /
        …的情况未发生 / 本年度未发生上述情况: each states a zero."""
        flat, tokens, reader = self.flat, self.tokens, self.reader
        negation = tokens[index]
        scope_end = min(self.end, negation.end + 40)
        if _COUNT.search(flat, negation.end, scope_end):
            return  # the clause states a number after all
        scope = [t for t in tokens[index + 1 :] if t.end <= scope_end]
        rest = flat[negation.end : scope_end]
        if negation.role == "fee":  # 不收费, 不收取
            if not _FEE_BLOCK.search(rest):
                reader.zero(
                    "fees",
                    reader.fee_type,
                    "amount_yuan",
                    negation.start,
                    negation.end,
                    unit="yuan",
                )
            return
        subjects = [t for t in scope if t.kind == "subject"]
        verbs = [t for t in scope if t.kind == "verb"]
        if rest.startswith(("发现", "出现问题")):
            return  # 没有发现…: an inspection's finding, not the issuer's own figure

        # 未收取(任何)费用 / 未发生收费情况 / 本年度无政府信息公开收费.
        fee = next((t for t in subjects if t.role == "fee"), None)
        if fee is not None:
            charged = (
                any(t.role == "charge" for t in verbs)
                or flat[fee.start : fee.end] == "收费"
                or regex.match(r"(?:发生|出现|产生|有)", rest)
            )
            if charged and not _FEE_BLOCK.search(flat, negation.end, fee.end + 4):
                reader.zero(
                    "fees", reader.fee_type, "amount_yuan", negation.start, fee.end, unit="yuan"
                )
            return

        # 无被依法纠错案件 / 均未被纠错: the proceeding named before it was not corrected.
        corrected = next((t for t in verbs if t.role == "corrected"), None)
        if corrected is not None:
            # 未发生因依申请公开被行政复议纠错或行政诉讼败诉情形: each proceeding named right
            # before a correction was not corrected.
            proceedings = [
                t
                for t in subjects
                if t.role in APPEAL_FAMILIES
                and any(v.role == "corrected" and 0 <= v.start - t.end <= 2 for v in verbs)
            ]
            if proceedings and (proceedings[0].start - negation.end <= 12 or _DENIES.match(rest)):
                for subject in proceedings:
                    key1 = (
                        "administrative_review" if subject.role == "review" else "litigation_total"
                    )
                    end = next(v.end for v in verbs if v.start >= subject.end)
                    reader.zero("appeals", key1, "corrected", negation.start, end)
                return
            if not _CORRECTED_LEAD.fullmatch(flat, negation.end, corrected.start):
                return
            family = self._last_appeal_family([t for t in tokens[:index] if t.kind == "subject"])
            if family is not None and not any(t.role in APPEAL_FAMILIES for t in subjects):
                key1 = "administrative_review" if family == "review" else "litigation_total"
                reader.zero("appeals", key1, "corrected", negation.start, corrected.end)
            return

        # 未发生(因政府信息公开申请)行政复议、(提起)行政诉讼(的情况).
        appeals = [t for t in subjects if t.role in APPEAL_FAMILIES]
        if appeals:
            if "费" in rest or "经费" in rest:
                return  # 未产生与行政复议…有关的费用支出: money, not cases
            if appeals[0].start == negation.end or _DENIES.match(rest):
                self._appeal_zeros({t.role for t in appeals}, negation.start, appeals[-1].end)
            return

        # 本年度未发生上述情况 / …这几条,我局无此类情况: what the heading or sentence named.
        anaphor = next((t for t in scope if t.kind == "marker" and t.role == "anaphor"), None)
        if anaphor is not None:
            if anaphor.start - negation.end > 4:
                return
            named = {t.role for t in tokens[:index] if t.kind == "subject"} or set(
                self.sentence.families
            )
            if not named and reader.after_heading:
                named = set(reader.heading_families)
            self._appeal_zeros(named, negation.start, anaphor.end)
            if "fee" in named:
                reader.zero(
                    "fees", reader.fee_type, "amount_yuan", negation.start, anaphor.end, unit="yuan"
                )
            return

        # …行政复议、提起行政诉讼的情况未发生: what is denied comes before the negation.
        if not scope and regex.fullmatch(r"(?:发生|出现|产生)过?", rest.strip(" 。;!?")):
            earlier = [t for t in tokens[:index] if t.kind == "subject"]
            named = {t.role for t in earlier if t.role in APPEAL_FAMILIES}
            if named and not any(t.kind == "negation" for t in tokens[:index]):
                first = next(t for t in earlier if t.role in APPEAL_FAMILIES)
                self._appeal_zeros(named, first.start, negation.end + len(rest.rstrip(" 。;!?")))
            return

        # 未收到(任何)政府信息公开申请 / 没有接到…要求公开政府信息的申请.
        if verbs and verbs[0].role == "receive" and verbs[0].start - negation.end <= 1:
            verb_end = verbs[0].end
        elif regex.match(r"(?:发生|有)", rest):
            verb_end = negation.end + 2
        else:
            return
        applications = [t for t in subjects if t.role in APPLICATION]
        if not applications or any(t.role not in (*APPLICATION, "publication") for t in subjects):
            return
        if (
            applications[0].role == "application?"
            and not self.app_context
            and not regex.search(r"任何|针对|公开", flat[verb_end : applications[0].end])
        ):
            return
        if _EXCLUSION.search(flat, negation.end, applications[-1].end):
            return  # 未收到网站之外的其他形式申请: some did arrive
        if _SOME_APPLICANTS.search(
            flat, negation.end, applications[-1].end
        ) and not _ALL_APPLICANTS.search(flat, negation.end, applications[-1].end):
            return  # 未收到法人或其他组织…的申请: none of one kind, not none at all
        reader.zero("applications", "new_received", "total", negation.start, applications[-1].end)

    def _appeal_zeros(self, families: set[str], start: int, end: int) -> None:
        if "review" in families:
            self.reader.zero("appeals", "administrative_review", "total", start, end)
        if families & {"litigation", "litigation_direct", "litigation_after_review"}:
            self.reader.zero("appeals", "litigation_total", "total", start, end)


_Located = TypeVar("_Located", Token, Count)


def _take(
    items: list[_Located], cursor: list[int], which: int, start: int, end: int
) -> list[_Located]:
    """The items (in text order) that lie in [start, end), advancing cursor[which] past them."""
    index = cursor[which]
    while index < len(items) and items[index].start < start:
        index += 1
    first = index
    while index < len(items) and items[index].start < end:
        index += 1
    cursor[which] = index
    return items[first:index]


def _states_nothing(end: int, tokens: list[Token], counts: list[Count], next_count: int) -> bool:
    """Whether the sentence ending at `end`, of these tokens (its counts from counts[next_count]
    on), has no count and no negation, so yields no reading: all a sentence remembers (its
    subjects, a since-marker, a verb of publishing) serves only readings of its own. Most
    sentences of a report are such: table rows, headings run into prose, policy text."""
    if next_count < len(counts) and counts[next_count].start < end:
        return False
    return not any(t.kind == "negation" for t in tokens)


def _token_pattern_for(text: str) -> re.Pattern[str]:
    """_TOKEN, or where the text prints another script's digit, the pattern that knows it."""
    return _token_pattern_any_digit() if _OTHER_DIGIT.search(text) else _TOKEN


def _tokens(flat: str, start: int, end: int, pattern: re.Pattern[str]) -> list[Token]:
    """The words of flat[start:end]; `pattern`: _token_pattern_for the whole text."""
    tokens = []
    for match in pattern.finditer(flat, start, end):
        printed = match.group()
        kind, role = _WORDS.get(printed) or _pattern_word(printed)
        tokens.append(Token(match.start(), match.end(), kind, role))
    return tokens


def _counts(flat: str, start: int, end: int) -> list[Count]:
    counts = []
    for match in _COUNT.finditer(flat, start, end):
        printed = match.group("number")
        if (
            not printed[0].isdigit()
            and match.start() > 0
            and flat[match.start() - 1] in "第每任统唯同逐单某其之进一万这"
        ):
            continue  # 第一条, 每一件, 进一步: not counts
        value = number_value(printed)
        if value is None:
            continue
        if match.group("wan"):
            value *= 10_000
        counts.append(
            Count(
                match.start("number"), match.end("number"), match.end(), value, match.group("unit")
            )
        )
    return counts


def _family(token: Token, app_context: bool) -> str:
    """A subject's family; the bare 申请 is an application where the context says so."""
    if token.role == "application?":
        return "application" if app_context else "application?"
    return token.role


def _foreign(tokens: list[Token], families: tuple[str, ...]) -> bool:
    """Whether the tokens name a subject of another family than `families`."""
    return any(t.kind == "subject" and t.role not in families for t in tokens)
