from pipelines.extract.prose import narrative_figures
from tests.conftest import (
    SEED_CHANGSHU,
    SEED_QIAOKOU,
    SEED_WUJIANG,
    SEED_WUQING,
    SEED_ZHAOTONG,
    figure_values,
)


def test_received_total_counts_the_carry_over_in(seed_reports):
    values = figure_values(seed_reports[SEED_WUJIANG], "applications", "narrative")
    assert values == {
        ("received_total", "total"): 341, ("carried_over", "total"): 6,
        ("total_processed", "total"): 322, ("carried_forward", "total"): 19,
        ("granted_or_partially_granted", "total"): 87, ("denied", "total"): 22,
        ("unable", "total"): 159, ("not_processed", "total"): 18, ("other", "total"): 36,
    }
    assert ("new_received", "total") not in values


def test_reviews_and_lawsuits_with_corrections(seed_reports):
    values = figure_values(seed_reports[SEED_WUJIANG], "appeals", "narrative")
    assert values == {
        ("administrative_review", "total"): 13, ("administrative_review", "corrected"): 2,
        ("litigation_total", "total"): 7, ("litigation_direct", "total"): 3,
        ("litigation_after_review", "total"): 4, ("litigation_total", "corrected"): 2,
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
    assert values == {("new_received", "total"): 236, ("carried_over", "total"): 7,
                      ("carried_forward", "total"): 9, ("total_processed", "total"): 227}


def test_fees_charged_and_not_charged(seed_reports):
    assert figure_values(seed_reports[SEED_QIAOKOU], "fees") == {
        ("information_processing_fee", "amount_yuan"): 400}
    fee = next(f for f in seed_reports[SEED_ZHAOTONG].figures if f.fact == "fees")
    assert (fee.value, fee.value_text) == (0, "未收取信息处理费")


def test_approximate_counts_keep_the_printed_phrase(seed_reports):
    figure = next(f for f in seed_reports[SEED_WUQING].figures
                  if f.key1 == "government_information")
    assert (figure.value, figure.value_text) == (6000, "主动公开各类政府信息6000余条")


def test_hotline_and_mailbox_counts_are_not_applications():
    text = "受理热线来件113880件,已办理113234件。市长信箱受理646件,均已按时办结。"
    assert narrative_figures(text, "f2021") == []


def test_review_cases_are_not_applications():
    text = "市政府法制部门受理涉及政府信息公开的行政复议18件。收到行政复议申请3件。"
    keys = {(f.fact, f.key1) for f in narrative_figures(text, "pre2019")}
    assert keys == {("appeals", "administrative_review")}


def test_no_reviews_or_lawsuits_is_zero_for_both():
    values = {(f.key1, f.key2): f.value
              for f in narrative_figures("本年度未发生行政复议和行政诉讼。", "f2021")}
    assert values == {("administrative_review", "total"): 0, ("litigation_total", "total"): 0}


def test_fee_in_ten_thousand_yuan_is_converted():
    figures = narrative_figures("共收取信息处理费0.12万元。", "f2021")
    assert [(f.key1, f.value) for f in figures] == [("information_processing_fee", 1200)]


def test_a_phrase_is_not_read_across_lines():
    text = "五、因政府信息公开申请提起行政诉讼的情况\n2018年,行政复议18件,被依法纠错1件"
    values = {(f.key1, f.key2): f.value for f in narrative_figures(text, "pre2019")}
    assert ("litigation_total", "corrected") not in values
