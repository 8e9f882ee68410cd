from pipelines.extract.records import Figure
from pipelines.extract.tables import Row
from pipelines.extract.templates import (
    application_item,
    label_text,
    read_applications_table,
    read_appeals_table,
    read_publications_table,
)
from tests.conftest import SEED_WUJIANG, SEED_WUQING, SEED_ZHAOTONG, figure_values


def test_table_three_of_a_filled_report(seed_reports):
    values = figure_values(seed_reports[SEED_WUQING], "applications", "table")
    assert len(values) == 25 * 7  # the 25 rows of the 2021 表三, seven columns each
    assert values[("new_received", "natural_person")] == 174
    assert values[("granted", "total")] == 67
    assert values[("denied.administrative_query", "natural_person")] == 2
    assert values[("unable.not_held", "total")] == 92
    assert values[("unable.needs_creation", "total")] == 1
    assert values[("not_processed.duplicate", "total")] == 5
    assert values[("total_processed", "total")] == 172
    assert values[("carried_forward", "natural_person")] == 2


def test_a_printed_total_row_of_zeros_stays_zero(seed_reports):
    values = figure_values(seed_reports[SEED_ZHAOTONG], "applications", "table")
    assert values[("total_processed", "total")] == 0
    assert values[("unable.not_held", "natural_person")] == 70
    assert values[("denied.third_party_rights", "commercial_enterprise")] == 1
    assert values[("other.other", "natural_person")] == 1


def test_table_cells_keep_their_printed_text_and_line(seed_reports):
    report = seed_reports[SEED_WUQING]
    cell = next(f for f in report.figures
                if (f.key1, f.key2, f.source) == ("unable.not_held", "natural_person", "table"))
    assert cell.value_text == "92"
    assert "本机关不掌握相关政府信息 | 92 |" in report.text.split("\n")[cell.line_no - 1]


def test_table_four(seed_reports):
    values = figure_values(seed_reports[SEED_WUQING], "appeals", "table")
    assert values[("administrative_review", "upheld")] == 4
    assert values[("administrative_review", "corrected")] == 2
    assert values[("litigation_direct", "pending")] == 1
    assert values[("litigation_after_review", "total")] == 4
    assert len(values) == 15


def test_table_two(seed_reports):
    values = figure_values(seed_reports[SEED_ZHAOTONG], "publications", "table")
    assert values == {
        ("regulation", "issued"): 0, ("regulation", "repealed"): 0, ("regulation", "in_force"): 0,
        ("normative_document", "issued"): 0, ("normative_document", "repealed"): 0,
        ("normative_document", "in_force"): 83, ("administrative_license", "decisions"): 0,
        ("administrative_penalty", "decisions"): 0, ("administrative_coercion", "decisions"): 0,
        ("administrative_fee", "amount_10k_yuan"): 0,
    }
    fee = next(f for f in seed_reports[SEED_ZHAOTONG].figures if f.key1 == "administrative_fee")
    assert fee.unit == "10k_yuan"


def test_blank_tables_give_no_table_values(seed_reports):
    report = seed_reports[SEED_WUJIANG]
    assert report.table_values == "blank"
    assert not [f for f in report.figures if f.source == "table"]


def test_labels_and_outcome_groups():
    assert label_text("(一)予以公开") == "予以公开"
    assert label_text("3.其他") == "其他"
    assert application_item(["(六)其他处理", "3.其他"], None) == ("other.other", "other")
    assert application_item(["3.其他"], "other") == ("other.other", "other")
    assert application_item(["2.其他法律行政法规禁止公开"], "denied")[0] == "denied.law_prohibited"
    # The 2019 template prints (六)其他处理 as one row with values.
    assert application_item(["(六)其他处理"], None) == ("other", "other")
    assert application_item(["(七)总计"], "other")[0] == "total_processed"


def test_a_short_row_is_flagged_not_guessed():
    reading = read_applications_table([Row(3, ("(一)予以公开", "2", "0", "2"))])
    assert reading.problems == ["表三 line 3: row granted has 3 cells, expected 7; "
                                "its values are left NULL"]
    assert {f.value for f in reading.figures} == {None}


def test_a_repeated_row_keeps_the_first():
    rows = [Row(1, ("(一)予以公开",) + ("1",) * 7), Row(2, ("(一)予以公开",) + ("9",) * 7)]
    reading = read_applications_table(rows)
    assert {f.value for f in reading.figures} == {1}
    assert "printed again" in reading.problems[0]


def test_signed_changes_of_the_2019_table_two():
    rows = [Row(1, ("信息内容", "上一年项目数量", "本年增/减", "处理决定数量")),
            Row(2, ("行政许可", "12", "+4", "30")), Row(3, ("行政处罚", "5", "-2", "7"))]
    figures = read_publications_table(rows).figures
    values = {(f.key1, f.key2): f.value for f in figures}
    assert values[("administrative_license", "items_change")] == 4
    assert values[("administrative_penalty", "items_change")] == -2
    assert values[("administrative_penalty", "items_prev_year")] == 5


def test_a_table_four_with_missing_cells_is_flagged():
    reading = read_appeals_table([Row(8, ("0",) * 14)])
    assert reading.problems == ["表四 line 8: 14 cells, expected 15; its values are left NULL"]
    assert all(isinstance(f, Figure) and f.value is None for f in reading.figures)
