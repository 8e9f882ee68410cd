"""The table reader on the shapes real crawl archives print: a few lines of real reports each
(../shared/realcorpus, named in each test), one shape per test."""

import random
from itertools import pairwise

from pipelines.extract.lines import LineIndex
from pipelines.extract.report import collapsed_lines, parse_report
from pipelines.extract.statistics import statistics_table_figures
from pipelines.extract.tables.decoding import (
    MAX_REPORT_STEPS,
    MAX_STEPS,
    Budget,
    Printing,
    RowSums,
    decode_row,
)
from pipelines.extract.tables.grid import read_appeals, read_applications, read_publications
from pipelines.extract.tables.labels import Vocabulary, vocabulary_of
from pipelines.extract.tables.tokens import BLANK, LABEL, NUMBER, number_value, tokens_of
from pipelines.extract.vocabulary import APPLICANT_TYPES
from tests.conftest import RAW_DIR

APPLICANT_SUMS = RowSums(((0, 6),))
APPEAL_SUMS = RowSums(((0, 4), (5, 9), (10, 14)))
COLLAPSED = Printing(collapsed=True)


def tokens(text):
    return tokens_of(text, 0, len(text), LineIndex(text))


def values(text):
    return [t for t in tokens(text) if t.kind != LABEL]


def applications(text, template="f2021", printing=Printing()):
    result = read_applications(text, 0, len(text), template, printing, Budget())
    return result, {(f.key1, f.key2): f.value for f in result.figures}


def row(cells, item):
    return [cells[(item, applicant)] for applicant in APPLICANT_TYPES]


def test_numbers_and_labels_whatever_separated_them():
    # pipes (seed 002), glued digits (corpus 004), a line per text run (realcorpus 101)
    assert [(t.kind, t.text) for t in tokens("4.保護第三方合法權益 | 0 | 1 | 0 |")] == [
        (LABEL, "4.保護第三方合法權益"),
        (NUMBER, "0"),
        (NUMBER, "1"),
        (NUMBER, "0"),
    ]
    assert [(t.kind, t.text) for t in tokens("(三)不予公开1.属于国家秘密00000002.其他法律")] == [
        (LABEL, "(三)不予公开1.属于国家秘密"),
        (NUMBER, "0000000"),
        (LABEL, "2.其他法律"),
    ]
    assert [t.gap for t in tokens("行政许可\n554782")] == ["line", "line"]


def test_what_a_line_per_run_crawler_splits_is_put_back_together():
    # 160_sanming: 1. / 属于国家秘密 ; 239_putian: 本年增 / `/` / 减 ; 238: 增 / 3 ;
    # 108: + 14 ; 218: 851 / . / 776247 ; 220: 3批
    assert [t.kind for t in tokens("（三）不予公开\n1.\n属于国家秘密\n2")] == [
        LABEL,
        LABEL,
        LABEL,
        NUMBER,
    ]
    assert [t.kind for t in tokens("上一年项目数量\n本年增\n/\n减\n处理决定数量")] == [LABEL] * 5
    assert [number_value(t.text) for t in values("行政许可\n2\n增\n3\n7")] == [2, 3, 7]
    assert [number_value(t.text) for t in values("行政许可\n14\n+ 14\n11")] == [14, 14, 11]
    assert [number_value(t.text) for t in values("行政事业性收费\n851\n.\n776247")] == [851.776247]
    assert [number_value(t.text) for t in values("政府集中采购\n3批\n160200元")] == [3, 160200]
    assert [t.kind for t in tokens("行政许可 |  | 3 |")] == [LABEL, BLANK, NUMBER]


def test_a_regions_tokens_do_not_depend_on_which_regions_were_read_before_it():
    # The readers take a text's lines tokenised once, each line when a region first takes it
    # in. Each region read first in a text of its own (the report's text with trailing
    # newlines added: the same lines, offsets and line numbers) against the same regions read
    # one after another, overlapping, in shuffled order, in the report's text.
    rng = random.Random(12)
    rejoined_somewhere = False
    for path in sorted(RAW_DIR.iterdir()):
        text = parse_report(path).text
        lines = LineIndex(text)  # (one index: the tokenised lines are kept per text and index)
        starts = lines.starts
        cuts = [*starts, len(text)]
        regions = [(0, len(text)), (starts[len(starts) // 2], len(text))]
        regions += [tuple(sorted(rng.sample(cuts, 2))) for _ in range(10)]
        alone = [
            tokens_of(text + "\n" * (k + 1), start, end, LineIndex(text + "\n" * (k + 1)))
            for k, (start, end) in enumerate(regions)
        ]
        order = list(range(len(regions)))
        rng.shuffle(order)
        for k in order:
            start, end = regions[k]
            assert tokens_of(text, start, end, lines) == alone[k], (path.name, k)
        # (a line alone has nothing to put back together across lines: the whole text read
        # otherwise than its lines one by one shows the regions above agreed on such tokens)
        by_line = [t for a, b in pairwise(cuts) for t in tokens_of(text, a, b, lines)]
        rejoined_somewhere |= tokens_of(text, 0, len(text), lines) != by_line
    assert rejoined_somewhere


def test_a_number_broken_over_two_lines_is_joined_where_the_row_sum_says():
    # 101_sanming_smsrmzf_2021.txt, lines 429-437: (七)总计 160 0 0 2 0 0 162
    decoding = decode_row(values("（七）总计\n1\n60\n0\n0\n2\n0\n0\n1\n62"), 7, APPLICANT_SUMS)
    assert decoding.cells == (160, 0, 0, 2, 0, 0, 162)
    assert not decoding.as_printed


def test_a_row_printed_apart_is_taken_as_printed_even_when_its_sum_fails():
    # seed 002 prints a total row of zeros under non-zero parts: the report's finding
    decoding = decode_row(values("(七)總計 | 5 | 0 | 0 | 0 | 0 | 0 | 0 |"), 7, APPLICANT_SUMS)
    assert decoding.as_printed and decoding.cells == (5, 0, 0, 0, 0, 0, 0)


def test_runs_of_equal_lines_a_crawler_dropped_are_restored_by_the_row_sum():
    # 256_putian_ptsrmzf_2019.txt: 二、上年结转… 8 / 0 / 8 ; 115_putian: a row of zeros as `0`
    assert decode_row(
        values("二、上年结转政府信息公开申请数量\n8\n0\n8"), 7, APPLICANT_SUMS, COLLAPSED
    ).cells == (8, 0, 0, 0, 0, 0, 8)
    assert (
        decode_row(
            values("一、本年新收政府信息公开申请数量\n0"), 7, APPLICANT_SUMS, COLLAPSED
        ).cells
        == (0,) * 7
    )


def test_table_four_collapsed_into_thirteen_lines():
    # 256_putian_ptsrmzf_2019.txt, lines 311-323, under its header
    printed = "总计\n3\n8\n0\n1\n12\n0\n1\n0\n1\n2\n1\n0\n1"
    assert decode_row(values(printed), 15, APPEAL_SUMS, COLLAPSED).cells == (
        3,
        8,
        0,
        1,
        12,
        0,
        1,
        0,
        1,
        2,
        1,
        0,
        0,
        0,
        1,
    )


def test_a_row_that_fits_several_ways_keeps_only_the_cells_they_agree_on():
    # 220_putian_ptsjj_2020.txt: 一、本年新收… 0 / 1 / 0 / 1 — the 1 may be any of four
    # organisation columns, and the other rows (also 0 1 0 1) cannot tell which; every
    # reading agrees that natural persons made 0, other organisations 0, and the total is 1
    text = (
        "申请人情况\n自然人\n法人或其他组织\n总计\n"
        "一、本年新收政府信息公开申请数量\n0\n1\n0\n1\n"
        "二、上年结转政府信息公开申请数量\n0\n"
    )
    result, cells = applications(text, "f2019", COLLAPSED)
    assert row(cells, "new_received") == [0, None, None, None, None, 0, 1]
    assert row(cells, "carried_over") == [0] * 7
    assert result.problems[0] == (
        "表三 line 6: row new_received printed '0 1 0 1': 4 ways to make 7 cells that fit the "
        "row's sums; cells left NULL: commercial_enterprise, research_institution, "
        "social_welfare_org, legal_service_org"
    )
    figure = next(f for f in result.figures if f.key1 == "new_received")
    assert (figure.value_text, figure.decoded) == ("0 1 0 1", True)


def test_rows_that_fit_several_ways_are_settled_by_the_column_sums():
    # 256_putian_ptsrmzf_2019.txt: 本机关不掌握 140 / 5 / 0 / 1 / 0 / 146 fits two ways alone (the
    # 1 a social-welfare or a legal-service applicant); the social-welfare column adds up to 0
    report = parse_report(RAW_DIR / "256_putian_ptsrmzf_2019.txt")
    cells = {(f.key1, f.key2): f.value for f in report.figures if f.source == "table"}
    assert row(cells, "unable.not_held") == [140, 5, 0, 0, 1, 0, 146]
    not_held = next(f for f in report.figures if f.key1 == "unable.not_held" and f.decoded)
    assert not_held.value_text == "140 5 0 1 0 146"


def test_cells_left_blank_make_a_lone_number_ambiguous():
    # 108_putian_ptwgj_2019.txt leaves rows blank (nothing after 予以公开), so a row printing
    # `1` may hold it in any applicant column: only its total is certain
    text = (
        "申请人情况\n自然人\n一、本年新收政府信息公开申请数量\n1\n"
        "二、上年结转政府信息公开申请数量\n0\n"
        "三、本年度办理结果\n（一）予以公开\n（二）部分公开（区分处理的，只计这一情形，不计其他情形）\n"
    )
    result, cells = applications(text, "f2019", COLLAPSED)
    assert row(cells, "new_received") == [None] * 6 + [1]
    assert row(cells, "carried_over") == [None] * 7  # 0 in some cells, blank in others
    assert row(cells, "granted") == [None] * 7
    assert any("row new_received printed '1': " in p for p in result.problems)


def test_glued_digits_with_a_sign_keep_it_on_the_first_cell():
    # a glued f2019 表二 (as corpus 009 prints it): 上一年项目数量, 本年增/减, 处理决定数量
    text = (
        "第二十条第(五)项信息内容上一年项目数量本年增/减处理决定数量行政许可0-10"
        "其他对外管理服务事项38+623"
    )
    result = read_publications(text, 0, len(text), "f2019", Printing(), Budget())
    cells = {(f.key1, f.key2): f.value for f in result.figures}
    measures = ("items_prev_year", "items_change", "decisions")
    assert [cells[("administrative_license", m)] for m in measures] == [0, -1, 0]
    # 38+623 is 3|8|+623, 38|+6|23 or 38|+62|3: no sum to choose by, so NULL
    assert [cells[("other_management_service", m)] for m in measures] == [None] * 3
    assert "printed '38 +623': 3 ways to make 3 cells;" in result.problems[0]


def test_a_header_the_template_does_not_print_is_read_by_its_words_not_its_position():
    # 256_putian_ptsrmzf_2019.txt prints 2019年项目数量 instead of 上一年项目数量 / 本年增减
    text = (
        "第二十条第\n(\n五\n)\n项\n信息内容\n2019年\n项目数量\n处理\n决定数量\n行政许可\n"
        "2876\n123291"
    )
    result = read_publications(text, 0, len(text), "f2019", COLLAPSED, Budget())
    cells = {(f.key1, f.key2): f.value for f in result.figures}
    assert cells == {
        ("administrative_license", "items_current_year"): 2876,
        ("administrative_license", "decisions"): 123291,
    }
    # 171_putian_ptsrmzfbgs_2019.txt misprints 本年新作数量: the template's own order names it
    text = "信息内容\n本年新作数量\n本年新公开数量\n对外公开总数量\n规章\n0\n规范性文件\n265"
    result = read_publications(text, 0, len(text), "f2019", COLLAPSED, Budget())
    cells = {(f.key1, f.key2): f.value for f in result.figures}
    assert cells[("normative_document", "produced")] == 265
    assert cells[("regulation", "published_total")] == 0


def test_table_four_after_its_header_padding():
    # seed 004: the header's merged cells leave empty cells before the values row
    text = (
        "行政复议 | 行政诉讼 | |||||||||||||\n"
        "结果维持 | 结果 | 其他 | 尚未 | 总计 | 未经复议直接起诉 | 复议后起诉 | ||||||||\n"
        "结果 | 结果 | 其他 | 尚未 | 总计 | 结果 | 结果 | 其他 | 尚未 | 总计 | |||||\n"
        "4 | 2 | 0 | 0 | 6 | 0 | 0 | 0 | 1 | 1 | 0 | 0 | 0 | 4 | 4 |"
    )
    result = read_appeals(text, 0, len(text), "f2021", Printing(), Budget())
    assert [f.value for f in result.figures] == [4, 2, 0, 0, 6, 0, 0, 0, 1, 1, 0, 0, 0, 4, 4]


def test_a_crawler_that_drops_equal_lines_is_recognised():
    assert collapsed_lines("一、本年新收\n0\n二、上年结转\n0\n三、本年度办理结果\n1\n0\n1")
    assert not collapsed_lines("一、本年新收\n0\n0\n0\n0\n0\n0\n0")  # 三明 prints every zero


def test_a_hostile_run_of_digits_costs_a_bounded_search():
    # 100 glued digits under 表四's fifteen cells: the search stops at its bound, NULL
    decoding = decode_row(values("总计" + "1234567891" * 10), 15, APPEAL_SUMS)
    assert decoding.gave_up and decoding.cells is None
    budget = Budget(steps=3 * MAX_STEPS)
    for _ in range(5):
        decode_row(values("总计" + "1234567891" * 10), 15, APPEAL_SUMS, budget=budget)
    assert budget.steps <= 0  # a report's rows share one budget: later rows cost nothing


def test_a_row_printed_again_is_decoded_alike_and_costs_its_report_the_same_steps():
    # glued 表三 row (corpus 004's shape): 64|0|0|2|0|4|70, found by a search. Rows repeat
    # across reports, and a decoding seen before is given again without the search: it must
    # be the one the search would give, under whatever budget the report has left.
    row = values("（一）予以公开640020470")
    first_budget = Budget()
    first = decode_row(row, 7, APPLICANT_SUMS, budget=first_budget)
    steps = MAX_REPORT_STEPS - first_budget.steps
    assert first.cells == (64, 0, 0, 2, 0, 4, 70) and steps > 1
    for _ in range(2):
        budget = Budget()
        again = decode_row(values("（一）予以公开640020470"), 7, APPLICANT_SUMS, budget=budget)
        assert again == first and MAX_REPORT_STEPS - budget.steps == steps
    # a report with fewer steps left than the search takes gets what the search gives it
    short = decode_row(row, 7, APPLICANT_SUMS, budget=Budget(steps=steps - 1))
    assert short.gave_up and short.cells is None
    # what one reader does with its decoding is no other's
    first.ways.clear()
    assert decode_row(row, 7, APPLICANT_SUMS).cells == (64, 0, 0, 2, 0, 4, 70)
    # printed otherwise (a line per cell), the same digits are another row
    lines = decode_row(values("（一）予以公开\n640020470"), 7, APPLICANT_SUMS)
    assert lines.cells is None


def test_labels_printed_again_name_the_same_rows():
    # 表三's row labels as a line-per-run crawler splits them (realcorpus 160_sanming), read
    # again in another report: the matches kept from the first are the ones found anew, and
    # what one reader does with its list is no other's.
    words = vocabulary_of("applications", "item", "f2021")
    labels = ["（三）不予公开", "1.", "属于国家秘密", "2.", "其他法律行政法规禁止公开"]
    first = words.matches(labels)
    assert [m.code for m in first][-2:] == ["denied.state_secret", "denied.law_prohibited"]
    first.clear()
    again = words.matches(list(labels))
    assert [m.code for m in again][-2:] == ["denied.state_secret", "denied.law_prohibited"]
    assert again == Vocabulary("applications", "item", "f2021").matches(labels)  # found anew
    assert words.matches(labels[:3])[-1].code == "denied.state_secret"


def test_a_long_glued_row_is_decoded_within_the_bound():
    # A row of seven cells glued into 20 digits (generated report 511525_2022_000413): every
    # cut is tried, but one whose parts already add up to more digits than are left for the
    # total is not followed; before that, the search passed its bound and the row was NULL.
    decoding = decode_row(
        values("一、本年新收政府信息公开申请数量44919833432204391742"), 7, APPLICANT_SUMS
    )
    assert not decoding.gave_up
    assert decoding.cells == (449, 198, 334, 322, 0, 439, 1742)
    # A number cut short before a numbering dot is a cell of no digits: the bound, which
    # counts digits, must not drop the reading it belongs to.
    for printed in ("91 1,234.x 00010", "91 a+1. 00010"):
        assert decode_row(values(printed), 7, APPLICANT_SUMS).cells == (9, 1, None, 0, 0, 0, 10)


def statistics(text, collapsed=False):
    reading = statistics_table_figures(text, collapsed)
    return reading, {(f.key1, f.key2): f.value for f in reading.figures}


def test_the_old_statistics_table_in_every_shape():
    # 202_putian_ptstyj_2015.html: a page's table; `3不予公开答复数` prints its numbering bare
    page = (
        "指标名称 | 计量单位 | 2015年度 | 历年累计 |\n主动公开文件数 | 条 | 30 | 233 |\n"
        "对申请的答复总数 | 条 | 0 | 0 |\n其中:1.同意公开答复数 | 条 | 0 | 0 |\n"
        "2.同意部分公开答复数 | 条 | 0 | 0 |\n3不予公开答复数 | 条 | 0 | 0 |"
    )
    reading, cells = statistics(page)
    assert cells == {
        ("government_information", "published"): 30,
        ("total_processed", "total"): 0,
        ("granted", "total"): 0,
        ("partially_granted", "total"): 0,
        ("denied", "total"): 0,
    }
    assert reading.problems == []
    # 133_putian_ptkjj_2012.txt: a line per run, equal lines dropped (0 / 0 printed as 0)
    lines = (
        "指\n标\n名\n称\n计量 单位\n2012年度\n历年累计\n主动公开文件数\n条\n48\n154\n"
        "受理依申请公开信息总数\n条\n0\n其中：\n1.\n当面申请数\n条\n0"
    )
    _, cells = statistics(lines, collapsed=True)
    assert cells == {("government_information", "published"): 48, ("new_received", "total"): 0}
    # corpus 018: glued; 2|19 is the one cut with this year no larger than the cumulative
    _, cells = statistics("指标名称计量单位2013年度历年累计其中:1.同意公开答复数条2192.同意")
    assert cells == {("granted", "total"): 2}


def test_a_statistics_row_that_reads_two_ways_stays_null():
    # 252_putian_ptsrmzf_2015.txt: 行政诉讼数 / 件 / 16 / 2 / 7 is 16|27, or 1627 twice with a
    # line dropped: the report's prose (行政诉讼16件) says which, the table cannot
    reading, cells = statistics(
        "指标名称\n计量单位\n累计\n行政诉讼数\n件\n16\n2\n7", collapsed=True
    )
    assert cells == {("litigation_total", "total"): None}
    assert reading.problems == [
        "统计表 line 6: 行政诉讼数 printed '1627'; this year's figure "
        "cannot be told from the cumulative one; left NULL"
    ]
    assert reading.figures[0].value_text.endswith("16 2 7")
