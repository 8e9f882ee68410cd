import pytest

from pipelines.extract import prose
from pipelines.extract.prose import narrative_figures
from pipelines.extract.reflow import reflow
from pipelines.extract.report import parse_report
from pipelines.store.files import report_files
from tests.conftest import (
    PROJECT_ROOT,
    RAW_DIR,
    SEED_CHANGSHU,
    SEED_QIAOKOU,
    SEED_WUJIANG,
    SEED_WUQING,
    SEED_ZHAOTONG,
    figure_values,
)

FIXTURES = PROJECT_ROOT / "tests" / "fixtures"


def test_received_total_counts_the_carry_over_in(seed_reports):
    values = figure_values(seed_reports[SEED_WUJIANG], "applications", "narrative")
    assert values == {
        ("received_total", "total"): 341,
        ("carried_over", "total"): 6,
        ("total_processed", "total"): 322,
        ("carried_forward", "total"): 19,
        ("granted_or_partially_granted", "total"): 87,
        ("denied", "total"): 22,
        ("unable", "total"): 159,
        ("not_processed", "total"): 18,
        ("other", "total"): 36,
    }
    assert ("new_received", "total") not in values


def test_reviews_and_lawsuits_with_corrections(seed_reports):
    values = figure_values(seed_reports[SEED_WUJIANG], "appeals", "narrative")
    assert values == {
        ("administrative_review", "total"): 13,
        ("administrative_review", "corrected"): 2,
        ("litigation_total", "total"): 7,
        ("litigation_direct", "total"): 3,
        ("litigation_after_review", "total"): 4,
        ("litigation_total", "corrected"): 2,
    }


def test_old_report_prose(seed_reports):
    report = seed_reports[SEED_CHANGSHU]
    assert figure_values(report, "applications") == {("total_processed", "total"): 206}
    appeals = figure_values(report, "appeals")
    assert appeals[("administrative_review", "corrected")] == 1  # 被依法纠错1件
    assert appeals[("litigation_total", "corrected")] == 0  # 无被依法纠错案件
    assert figure_values(report, "fees") == {("disclosure_fee", "amount_yuan"): 0}
    assert figure_values(report, "publications") == {("policy_interpretation", "published"): 61}


def test_new_received_apart_from_carry_over(seed_reports):
    values = figure_values(seed_reports[SEED_QIAOKOU], "applications", "narrative")
    assert values == {
        ("new_received", "total"): 236,
        ("carried_over", "total"): 7,
        ("carried_forward", "total"): 9,
        ("total_processed", "total"): 227,
    }


def test_fees_charged_and_not_charged(seed_reports):
    assert figure_values(seed_reports[SEED_QIAOKOU], "fees") == {
        ("information_processing_fee", "amount_yuan"): 400
    }
    fee = next(f for f in seed_reports[SEED_ZHAOTONG].figures if f.fact == "fees")
    assert (fee.value, fee.value_text) == (0, "未收取信息处理费")


def test_approximate_counts_keep_the_printed_phrase(seed_reports):
    figure = next(
        f for f in seed_reports[SEED_WUQING].figures if f.key1 == "government_information"
    )
    assert (figure.value, figure.value_text) == (6000, "主动公开各类政府信息6000余条")


def test_hotline_and_mailbox_counts_are_not_applications():
    text = "受理热线来件113880件,已办理113234件。市长信箱受理646件,均已按时办结。"
    assert narrative_figures(text, "f2021") == []


def test_review_cases_are_not_applications():
    text = "市政府法制部门受理涉及政府信息公开的行政复议18件。收到行政复议申请3件。"
    keys = {(f.fact, f.key1) for f in narrative_figures(text, "pre2019")}
    assert keys == {("appeals", "administrative_review")}


def test_no_reviews_or_lawsuits_is_zero_for_both():
    values = {
        (f.key1, f.key2): f.value
        for f in narrative_figures("本年度未发生行政复议和行政诉讼。", "f2021")
    }
    assert values == {("administrative_review", "total"): 0, ("litigation_total", "total"): 0}


def test_fee_in_ten_thousand_yuan_is_converted():
    figures = narrative_figures("共收取信息处理费0.12万元。", "f2021")
    assert [(f.key1, f.value) for f in figures] == [("information_processing_fee", 1200)]


def test_a_phrase_is_not_read_across_lines():
    text = "五、因政府信息公开申请提起行政诉讼的情况\n2018年,行政复议18件,被依法纠错1件"
    values = {(f.key1, f.key2): f.value for f in narrative_figures(text, "pre2019")}
    assert ("litigation_total", "corrected") not in values


# ---------------------------------------------------------------------------------------------
# The shapes of prose real reports use, each quoted from a report of the crawl archives in
# /work/shared/realcorpus (file named above each test; the text is copied here, the tests do
# not read that directory). Crawled text keeps its full-width punctuation and its line breaks.


def read(text, template="f2021"):
    return {(f.fact, f.key1, f.key2): f.value for f in narrative_figures(text, template)}


def figure(text, key1, template="f2021"):
    return next(f for f in narrative_figures(text, template) if f.key1 == key1)


# 160_sanming_smsrmzf_2023.txt: the crawler put every text run on its own line (CRLF).
SANMING_2023 = (
    "复质量。\r\n2023\r\n年共受理政府信息公开申请\r\n302\r\n件，上年结转\r\n1\r\n"
    "件，办结\r\n303\r\n件。发生行政复议\r\n6\r\n件、行政诉讼\r\n7\r\n件。申请的内容主要集中在政策文件、"
    "拆迁补偿和征地安置等方面。\r\n（三）政府信息管理方面。\r\n"
)


def test_a_sentence_cut_into_lines_is_read_whole():
    assert read(SANMING_2023) == {
        ("applications", "new_received", "total"): 302,
        ("applications", "carried_over", "total"): 1,
        ("applications", "total_processed", "total"): 303,
        ("appeals", "administrative_review", "total"): 6,
        ("appeals", "litigation_total", "total"): 7,
    }


def test_figures_point_at_the_number_in_the_original_text():
    new = figure(SANMING_2023, "new_received")
    assert SANMING_2023[new.span[0] : new.span[1]] == "302"
    assert new.line_no == 4  # the line that printed 302, not the reflowed sentence's
    assert new.value_text == "受理政府信息公开申请302件"
    review = figure(SANMING_2023, "administrative_review")
    assert SANMING_2023[review.span[0] : review.span[1]] == "6"
    assert review.line_no == 10


def test_a_number_cut_by_a_line_break_is_one_number():
    # 101_sanming_smsrmzf_2021.txt cuts numbers where the font run changes (行政事业性收费 / 4 /
    # 1994万元); the same cut inside a count:
    text = "202\r\n1\r\n年共受理政府信息公开申请\r\n16\r\n2\r\n件。"
    new = figure(text, "new_received")
    assert (new.value, text[new.span[0] : new.span[1]]) == (162, "16\r\n2")
    assert new.line_no == 4


def test_reflow_keeps_sentence_ends_headings_and_a_map_back():
    text = (
        "二、主动公开政府信息情况\r\n2019\r\n年，我局主动公开政府信息\r\n116\r\n条。\r\n\r\n"
        "三、收到"
    )
    flat, origin = reflow(text)
    assert flat.split("\n") == [
        "二、主动公开政府信息情况",
        "2019年,我局主动公开政府信息116条。",
        "三、收到",
    ]
    assert all(text[origin[i]] in (flat[i], "\n", "，") for i in range(len(flat)))


# 120_putian_ptsrmzf_2009.txt: outcomes in quotes, 的为 before the count.
def test_pre2019_outcomes_in_quotes():
    text = (
        "（二）受理办理情况\n在421件政府信息公开申请中，已答复421件，其中，“同意公开”的为"
        "277件、“同意部分公开”的为6件、“其他答复”的为121件，“不予公开”的为17件。"
    )
    assert read(text, "pre2019") == {
        ("applications", "total_processed", "total"): 421,
        ("applications", "granted", "total"): 277,
        ("applications", "partially_granted", "total"): 6,
        ("applications", "other", "total"): 121,
        ("applications", "denied", "total"): 17,
    }


# 120_putian_ptsrmzf_2009.txt: the total first, then the departments' parts and the channels.
def test_parts_of_a_total_are_not_the_total():
    text = (
        "全市各级政府及其工作部门共受理政府信息公开申请421件，其中市级工作部门收到362件，"
        "市县（区）人民政府（管委会）收到59件；当面申请249件，占59.2%，以网上提交表单形式申请"
        "136件，占32.4%。"
    )
    assert read(text, "pre2019") == {("applications", "new_received", "total"): 421}
    # 013_pingtan_zonghesyq_2016.txt (tests/fixtures/corpus): a part followed by its share.
    assert read("其中，区管委会及区直各部门主动公开政府信息1822条，占53%。", "pre2019") == {}


# 161_sanming_smsrmzf_2025.txt: 累计 within the year; 不予公开等其他类型 is no outcome of its own.
def test_carry_over_forward_and_outcomes_in_one_sentence():
    text = (
        "2025年全市新受理依申请公开400件，上年结转11件，结转下年9件，累计答复依申请公开402件，"
        "其中予以公开172件，部分公开66件，不予公开等其他类型164件。全年依申请公开事项涉及行政复议"
        "20件，行政诉讼11件。"
    )
    assert read(text) == {
        ("applications", "new_received", "total"): 400,
        ("applications", "carried_over", "total"): 11,
        ("applications", "carried_forward", "total"): 9,
        ("applications", "total_processed", "total"): 402,
        ("applications", "granted", "total"): 172,
        ("applications", "partially_granted", "total"): 66,
        ("appeals", "administrative_review", "total"): 20,
        ("appeals", "litigation_total", "total"): 11,
    }


# 194_putian_ptcg_2023.txt: outcomes enumerated kind by kind; each is named by one kind only
# (保护第三方合法权益不予公开1条), so that kind is all of it.
def test_an_outcome_named_by_its_only_kind():
    text = (
        "全年共答复政府信息公开申请20件，其中自然人政府信息公开申请19条、社会公益组织"
        "政府信息公开申请1条，均在法定期限内予以答复。其中予以公开2条；部分公开4条；保护第三方合法权益不予公开"
        "1条；本机关不掌握相关政府信息无法提供13条。"
    )
    assert read(text) == {
        ("applications", "total_processed", "total"): 20,
        ("applications", "granted", "total"): 2,
        ("applications", "partially_granted", "total"): 4,
        ("applications", "denied", "total"): 1,
        ("applications", "unable", "total"): 13,
    }


# 230_putian_ptstjj_2020.txt: two kinds of 不予公开 and no total of it: the total is not read.
def test_kinds_of_an_outcome_are_not_its_total():
    text = (
        "2020年我局收到依申请公开政府信息6件，均为网络申请，上年度结转依申请公开政府信息"
        "0件。我局按规定进行受理并答复，其中“属于已主动公开范围信息数”2件,非我局职能不予公开3件，无相关统计数据不予"
        "公开1件。"
    )
    assert read(text) == {
        ("applications", "new_received", "total"): 6,
        ("applications", "carried_over", "total"): 0,
    }


# 241_putian_ptstjj_2023.txt: statistics cells run into a sentence (…答复数4件) are left to
# the statistics table's reader.
def test_statistics_cells_in_a_sentence_are_not_read_as_prose():
    text = (
        "8\n件依申请公开信息已按规定进行受理并答复，其中属于已主动公开答复数\n4\n件，"
        "同意公开答复数\n4\n件，\n非我局职能或无相关统计数据\n而\n无法提供数\n0\n件。"
    )
    assert read(text) == {}


# 116_putian_ptslyj_2024.txt: 办理 inside what was received; "none from organisations" is
# not "none at all".
def test_none_of_one_kind_is_not_none_at_all():
    text = (
        "2024年，我局收到公民办理政府信息公开申请2条，均按时办结；未收到法人或其他组织办理政府"
        "信息公开申请。"
    )
    assert read(text) == {("applications", "new_received", "total"): 2}


# 187_putian_ptstyj_2013.txt / 119_putian_ptcg_2017.txt / 112_putian_ptsslj_2008.txt
@pytest.mark.parametrize(
    "text",
    [
        "本办2013年度未收到针对本部门政府信息公开的申请，故本办依申请公开政府信息的办理数量为0件。",
        "201\n7\n年我局\n未接到政府信息公开申请\n，\n历年累计\n收到依申请公开数为\n0。",
        "2008年，我局没有接到书面或其它形式要求公开政府信息的申请。",
    ],
)
def test_no_application_received_is_zero(text):
    assert read(text, "pre2019")[("applications", "new_received", "total")] == 0


def test_zero_applications_handled():
    text = (
        "本办2013年度未收到针对本部门政府信息公开的申请，故本办依申请公开政府信息的办理数量为0件。"
    )
    zero = figure(text, "total_processed", "pre2019")
    assert (zero.value, zero.value_text) == (0, "办理数量为0件")


# 126_putian_ptstjj_2013.txt: the website's applications were all there were.
def test_none_besides_some_is_not_zero():
    text = (
        "2013年度通过网站受理政府信息公开申请3条，同意答复3条，未收到网站之外的其他形式"
        "政府信息公开申请。"
    )
    assert read(text, "pre2019") == {
        ("applications", "new_received", "total"): 3,
        ("applications", "granted", "total"): 3,
    }


@pytest.mark.parametrize(
    "text",
    [
        # 119_putian_ptcg_2017.txt
        "我局\n201\n7\n年度无因政府信息公开申请行政复议、提起行政诉讼和举报情况。",
        # 118_putian_ptstyj_2017.txt: what is denied comes first
        "2017年度，我局因政府信息公开申请行政复议、提起行政诉讼的情况未发生。",
        # 106_putian_ptsmzj_2012.txt
        "因本单位未接到任何申请公开，故不存在因政府信息公开申请而引发行政复议、行政诉讼的情况发生。",
        # 126_putian_ptstjj_2013.txt: 上述 refers to the heading
        "五、有关政府信息公开行政复议、行政诉讼、行政申诉的情况\n本年度未发生上述情况。",
        # 177_sanming_smsrmzf_2015.txt
        "2015年，全市未发生因政府信息公开产生的行政复议、行政诉讼和行政申诉案件。",
    ],
)
def test_no_review_or_lawsuit_is_zero_for_both(text):
    values = read(text, "pre2019")
    assert values[("appeals", "administrative_review", "total")] == 0
    assert values[("appeals", "litigation_total", "total")] == 0


# 254_putian_ptsrmzf_2017.txt: this year's cases, then the totals since the regulation began.
def test_cumulative_totals_are_not_this_years():
    text = (
        "2017\n年，全市因政府信息公开申请行政复议\n3\n件，提起行政诉讼\n10\n件，无举报件。"
        "截至\n2017\n年底，全市因政府信息公开累计申请行政复议\n14\n件、提起行政诉讼\n24\n件，无举报件。"
    )
    assert read(text, "pre2019") == {
        ("appeals", "administrative_review", "total"): 3,
        ("appeals", "litigation_total", "total"): 10,
    }
    assert read(text.split("。")[1], "pre2019") == {}
    # 106_putian_ptsmzj_2012.txt: the cumulative total, then this year's new items
    text = (
        "本局到\n2012\n年底累计主动公开政府信息\n156\n条，全文电子化率达\n100%\n，其中："
        "本年度新增的主动公开政府信息\n36\n条，占总信息的\n23\n％。"
    )
    assert read(text, "pre2019") == {("publications", "government_information", "published"): 36}
    # 118_putian_ptstyj_2017.txt
    text = "2017年度，我局共发布主动公开政府信息30条，历年主动公开的信息累计296条。"
    assert read(text, "pre2019") == {("publications", "government_information", "published"): 30}


# 003_shanghai_shizhengfubangongting_2025.txt (tests/fixtures/corpus): no correction is not
# no review.
def test_no_correction_is_zero_corrected_not_zero_cases():
    text = "全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形。"
    assert read(text) == {
        ("appeals", "administrative_review", "corrected"): 0,
        ("appeals", "litigation_total", "corrected"): 0,
    }


@pytest.mark.parametrize(
    "text, phrase",
    [
        # 104_putian_ptkjj_2009.txt
        ("2009年度，本局未发生政府信息公开申请，因此未发生收费情况。", "未发生收费"),
        # 115_putian_ptsmzj_2023.txt
        ("规定的按件、按量收费标准，本年度没有收取信息公开处理费。", "没有收取信息公开处理费"),
        # 116_putian_ptslyj_2024.txt
        ("（一）收取信息处理费情况。\n我局今年无收取信息处理费情况。", "无收取信息处理费"),
        # 126_putian_ptstjj_2013.txt
        ("四、政府信息公开的收费及减免情况\n本年度无政府信息公开收费。", "无政府信息公开收费"),
        # 122_putian_pthyyyyj_2014.txt
        ("对公民、法人和其他组织的申请未收取任何费用。", "未收取任何费用"),
    ],
)
def test_no_fee_charged_is_zero(text, phrase):
    fee = figure(text, "information_processing_fee")
    assert (fee.value, fee.value_text, fee.unit) == (0, phrase, "yuan")
    assert text[fee.span[0] : fee.span[1]] == phrase
    assert figure(text, "disclosure_fee", "pre2019").value == 0


@pytest.mark.parametrize(
    "text",
    [
        # 122_putian_pthyyyyj_2014.txt: costs of appeals, not a fee charged, nor a zero of appeals
        "2014\n年度\n我局政府信息公开工作各项费用收入及支出均在财政拨付的行政办公经费中列支；"
        "未产生与行政复议、行政申诉、行政诉讼有关的费用支出；",
        # 250_sanming_smsrmzf_2017.txt: an inspection's finding
        "市财政局会同市物价局对市直单位进行巡查，没有发现违规收费情况。",
        # 177_sanming_smsrmzf_2015.txt: the kinds of fee, not their total
        "2015年，各级政府机关共计收取依申请公开信息邮寄费1000元，复印费2000元，其他费用250元。",
    ],
)
def test_other_money_is_not_the_fee(text):
    assert read(text, "pre2019") == {}


# 001_shuyangxian_2025.txt (tests/fixtures/corpus)
def test_fee_charged():
    text = (
        "全县行政机关在办理2025年度信息公开申请中收取信息处理费共计380元，其中民政局1件，"
        "收取380元。"
    )
    assert read(text) == {("fees", "information_processing_fee", "amount_yuan"): 380}


@pytest.mark.parametrize(
    "text, value",
    [
        # 150_putian_ptwgj_2022.txt: 公开 alone is the body's total when it says 共
        (
            "根据\n2022年\n政务公开工作要点\n，\n我局及时准确公开了政府信息共\n164\n件，其中机构职能类信息\n24\n件",
            164,
        ),
        # 128_putian_ptsjj_2015.txt: the count before its noun
        ("2015年，根据政府信息公开要点，共更新发布27条政府信息。", 27),
        # 195_putian_ptstjj_2017.txt
        (
            "(一)主动公开政府信息的数量\n2017\n年度本机关共主动公开政府信息\n348\n条，历年累计主动公开政府信息\n"
            "4163\n条",
            348,
        ),
        # 004_64bee20b8c6febd8.txt (data/raw): an approximate count is read as printed
        (
            "2021年以天津网上办事大厅和武清政务网作为政府信息公开的主渠道，主动公开各类政府信息6000余条。",
            6000,
        ),
    ],
)
def test_publications_stated_many_ways(text, value):
    assert read(text, "pre2019") == {("publications", "government_information", "published"): value}


@pytest.mark.parametrize(
    "text",
    [
        # 178_sanming_smsrmzf_2016.txt: one sector's count in a city's report
        "1-12月，各级医疗机构共公开各类信息2460条。",
        # 101_sanming_smsrmzf_2021.txt: the gazette's items
        "全年刊发《三明市人民政府公报》6期，发布政府信息31条。",
        # 256_putian_ptsrmzf_2019.txt / 124_putian_yjglj_2008.txt: handed to the archives
        "向各级档案馆、图书馆等送交主动公开政府信息10854件，其中：市本级3340件",
        "已清理分类并向市档案局报送主动公开信息621份（2005年至2008年）",
        # 177_sanming_smsrmzf_2015.txt: 条次 counts each channel's copy
        "至12月底，通过各种公开载体主动公开政府信息3.53万条次。",
        # 250_sanming_smsrmzf_2017.txt: a department named for a bare 信息
        "三是通过三明市科学技术局网公开各类科技创新政策83条、政策解读文件176条，主动公开信息87条。",
        # 158_putian_ptcg_2019.txt: others' interpretations passed on
        "同时\n主动更新转载上级政策解读文章\n5篇。",
    ],
)
def test_counts_that_are_not_the_bodys_publications(text):
    assert read(text, "pre2019") == {}


# 250_sanming_smsrmzf_2017.txt: one sector's interpretations early on, the body's total under
# the heading that asks for it.
def test_a_publication_count_under_its_heading_wins():
    text = (
        "（42）加快建立统一规范、准确及时的房地产市场信息定期发布机制。今年，共发布政策解读"
        "9条，包括《关于搭建商品房选购平台和统购公租房的实施意见》等。\n（四）开展政策解读工作情况。\n2017年，"
        "发布政策解读稿件298篇，政府网站在线访谈93次。\n"
    )
    interpretation = figure(text, "policy_interpretation", "pre2019")
    assert (interpretation.value, interpretation.value_text) == (298, "发布政策解读稿件298篇")


def test_counts_in_chinese_numerals_and_ten_thousands():
    assert read("全年共收到政府信息公开申请十二件，予以公开一百零五件，不予公开两件。") == {
        ("applications", "new_received", "total"): 12,
        ("applications", "granted", "total"): 105,
        ("applications", "denied", "total"): 2,
    }
    assert read("全年主动公开政府信息1.2万条。") == {
        ("publications", "government_information", "published"): 12000
    }
    assert read("全年主动公开政府信息两万余条。") == {
        ("publications", "government_information", "published"): 20000
    }


# ---------------------------------------------------------------------------------------------
# Hostile input: the work is bounded by the length of the text. Each character is scanned for
# words and counts once (its line's pass), so the time is linear; no test measures the clock.


def _scanned(monkeypatch):
    scanned = []
    tokens, counts = prose._tokens, prose._counts

    def count_tokens(flat, start, end, *pattern):
        scanned.append(end - start)
        return tokens(flat, start, end, *pattern)

    def count_counts(flat, start, end):
        scanned.append(end - start)
        return counts(flat, start, end)

    monkeypatch.setattr(prose, "_tokens", count_tokens)
    monkeypatch.setattr(prose, "_counts", count_counts)
    return scanned


def test_a_200000_digit_run_is_scanned_once(monkeypatch):
    scanned = _scanned(monkeypatch)
    text = "共受理政府信息公开申请" + "1" * 200_000 + "件。行政复议" + "9" * 200_000
    assert narrative_figures(text, "f2021") == []
    assert sum(scanned) <= 2 * len(text)


def test_a_megabyte_of_prose_is_scanned_once(monkeypatch):
    scanned = _scanned(monkeypatch)
    text = SANMING_2023 * (1_000_000 // len(SANMING_2023))
    assert len(text) >= 900_000
    assert read(text) == read(SANMING_2023)
    assert sum(scanned) <= 2 * len(text)


@pytest.mark.parametrize(
    "text",
    [
        "一" * 300_000,  # one run of numerals
        "未" * 300_000,  # negations with nothing to deny
        "(" * 150_000 + ")" * 150_000,
        "1,000," * 50_000,
        "受理政府信息公开申请" * 30_000,  # one endless clause: not prose, skipped
    ],
)
def test_pathological_texts_are_read_in_bounded_work(monkeypatch, text):
    scanned = _scanned(monkeypatch)
    assert narrative_figures(text, "f2021") == []
    assert sum(scanned) <= 2 * len(text)


def test_sentences_that_state_nothing_are_skimmed_without_changing_a_reading(monkeypatch):
    # The reader skips the clause-by-clause reading of a sentence with no count and no
    # negation, keeping only the topic it leaves (most sentences of a report). On every report
    # the project holds, reading every sentence whole gives the very same figures.
    paths = [
        path
        for folder in (RAW_DIR, FIXTURES / "corpus", FIXTURES / "realcorpus")
        for path in report_files(folder)
    ]
    assert len(paths) >= 50
    reports = [parse_report(path) for path in paths]
    states_nothing, verdicts = prose._states_nothing, []

    def judged(*args):
        verdicts.append(states_nothing(*args))
        return verdicts[-1]

    monkeypatch.setattr(prose, "_states_nothing", judged)
    skimmed = [narrative_figures(r.text, r.metadata.template) for r in reports if r.text]
    assert len(verdicts) > 3_000 and sum(verdicts) > 0.7 * len(verdicts)
    monkeypatch.setattr(prose, "_states_nothing", lambda *_: False)
    read_whole = [narrative_figures(r.text, r.metadata.template) for r in reports if r.text]
    assert skimmed == read_whole
    assert sum(len(figures) for figures in skimmed) >= 250


_LONG_CLAUSE = "继续推进标准化规范化便利化建设工作" * 10  # longer than a clause is read; no word


@pytest.mark.parametrize(
    ("text", "granted"),
    [
        ("本年度收到政府信息公开申请。予以公开3件。", 3),
        ("本年度办理人大建议和政协提案。予以公开3件。", None),
        ("本年度办理政协提案,收到政府信息公开申请。予以公开3件。", 3),
        ("本年度收到政府信息公开申请,办理人大建议和政协提案。予以公开3件。", None),
        ("本年度收到政府信息公开申请。继续推进。予以公开3件。", 3),
        (f"本年度收到政府信息公开申请。{_LONG_CLAUSE}。予以公开3件。", None),
        (f"本年度办理政协提案,{_LONG_CLAUSE},收到政府信息公开申请。予以公开3件。", 3),
    ],
)
def test_a_sentence_that_states_nothing_leaves_its_last_subject_as_the_topic(text, granted):
    # A bare outcome (予以公开3件) is an application figure only when the topic is
    # applications: the last subject named before it, sentences back, unless a clause too
    # long to be prose came between.
    values = {(f.key1, f.key2): f.value for f in narrative_figures(text, "f2021")}
    assert values.get(("granted", "total")) == granted


def test_no_token_begins_where_a_clause_ends():
    # (_Reader._follow_topic takes every token of a short sentence to lie in one of its
    # clauses.)
    for stop in ",:()[]":
        assert prose._TOKEN.match(stop) is None
    assert not {word[0] for word in prose._WORDS} & set(",:()[]")


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("2020年度未办结3件", [("2020年度未办结", "verb", "carried_over")]),
        ("2020年结转", [("2020年结转", "verb", "carried_over")]),
        ("结转至2022年度", [("结转至2022年度", "verb", "carried_forward")]),
        ("结转下年度", [("结转下年度", "verb", "carried_forward")]),  # a word, not the pattern
        ("2021年度收到", [("2021年度", "marker", "this_year"), ("收到", "verb", "receive")]),
        ("12021年度", []),  # five digits are no year
        ("٢٠٢٠年度未办结", [("٢٠٢٠年度未办结", "verb", "carried_over")]),  # NFKC leaves ٢ as it is
        ("拨打12345", [("12345", "subject", "other")]),
    ],
)
def test_words_and_the_year_patterns_are_told_apart(text, tokens):
    # The token pattern is one alternation by first character, the year patterns among the
    # words: what matched says which it was.
    found = [
        (text[t.start : t.end], t.kind, t.role)
        for t in prose._tokens(text, 0, len(text), prose._token_pattern_for(text))
    ]
    assert found == tokens
