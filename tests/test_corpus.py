"""Real reports of every shape the corpus holds (tests/fixtures/corpus, see its MANIFEST.tsv),
with the values they print, read by a person."""

from pathlib import Path

import pytest

from pipelines.extract.report import parse_report

CORPUS = Path(__file__).parent / "fixtures" / "corpus"


@pytest.fixture(scope="module")
def corpus():
    return {path.name[:3]: parse_report(path) for path in sorted(CORPUS.glob("0*"))}


def row(report, item, source="table"):
    return [
        f.value
        for f in report.figures
        if f.fact == "applications" and f.key1 == item and f.source == source
    ]


def value(report, fact, key1, key2, source):
    matches = [
        f
        for f in report.figures
        if (f.fact, f.key1, f.key2, f.source) == (fact, key1, key2, source)
    ]
    assert len(matches) == 1, (fact, key1, key2, source, matches)
    return matches[0]


def test_every_corpus_report_gets_its_template_year_and_place(corpus):
    expected = {
        "004": (2021, "f2021"),
        "009": (2020, "f2019"),
        "010": (2019, "f2019"),
        "011": (2018, "pre2019"),
        "016": (2013, "pre2019"),
        "021": (2011, "pre2019"),
        "002": (2024, "f2021"),
        "003": (2025, "f2021"),
        "025": (2025, "f2021"),
    }
    for key, (year, template) in expected.items():
        meta = corpus[key].metadata
        assert (meta.report_year, meta.template) == (year, template), key
    pingtan = [r for k, r in corpus.items() if "pingtan" in r.source_file]
    assert len(pingtan) == 19
    assert {r.metadata.jurisdiction_code for r in pingtan} == {"350128"}
    assert corpus["002"].metadata.jurisdiction_code == "310000"


def test_issuers_and_scopes_over_the_pingtan_series(corpus):
    assert (corpus["004"].metadata.issuer, corpus["004"].metadata.scope) == (
        "平潭综合实验区管委会",
        "government",
    )
    assert (corpus["020"].metadata.issuer, corpus["020"].metadata.scope) == (
        "平潭县人民政府",
        "government",
    )
    assert (corpus["017"].metadata.issuer, corpus["017"].metadata.scope) == (
        "平潭综合实验区地方税务局",
        "agency",
    )
    assert corpus["004"].metadata.url.startswith("https://www.pingtan.gov.cn/")


def test_glued_rows_are_decoded_under_the_template_sums(corpus):
    report = corpus["004"]  # 一、本年新收政府信息公开申请数量640020470
    assert row(report, "new_received") == [64, 0, 0, 2, 0, 4, 70]
    new = value(report, "applications", "new_received", "natural_person", "table")
    assert new.decoded and new.value_text == "640020470"
    # 270020130 cuts two ways alone; only 27|0|0|2|0|1|30 lets every column add up.
    assert row(report, "granted") == [27, 0, 0, 2, 0, 1, 30]
    assert row(report, "total_processed") == [63, 0, 0, 2, 0, 4, 69]
    assert value(report, "appeals", "litigation_direct", "upheld", "table").value == 12
    assert report.table_values == "filled"


def test_an_ambiguous_glued_cell_stays_null_with_its_digits(corpus):
    report = corpus["004"]  # 行政规范性文件693665 under three measures: no sum to decide by
    cell = value(report, "publications", "normative_document", "in_force", "table")
    assert (cell.value, cell.value_text) == (None, "693665")
    assert any("printed '693665': 10 ways to make 3 cells;" in e for e in report.parse_errors)
    fee = value(report, "publications", "administrative_fee", "amount_10k_yuan", "table")
    assert fee.value == 24252.311082


def test_the_2019_template(corpus):
    report = corpus["009"]
    assert row(report, "other") == [4, 0, 0, 0, 0, 0, 4]  # one (六)其他处理 row
    assert row(report, "new_received") == [20, 0, 0, 0, 0, 1, 21]  # 200 000121
    change = value(report, "publications", "administrative_fee", "items_change", "table")
    assert change.value == -15  # 行政事业性收费35-15
    outcome = next(
        c for c in report.checks if (c.check_name, c.subject) == ("outcome_sum", "total")
    )
    assert (outcome.status, outcome.expected, outcome.actual) == ("fail", 21, 27)


def test_a_prose_figure_that_disagrees_with_its_table_is_flagged(corpus):
    report = corpus["005"]  # 收到政府信息公开申请75件 beside a table whose total says 74
    checks = {c.subject: c for c in report.checks if c.check_name == "narrative_vs_table"}
    new = checks["applications.new_received.total"]
    assert (new.expected, new.actual, new.status) == (74, 75, "fail")
    # 行政复议案件2件 agrees with 表四's 0 1 1 0 2
    assert checks["appeals.administrative_review.total"].status == "pass"


def test_old_reports_prose_and_statistics_table(corpus):
    report = corpus["011"]
    assert (
        value(report, "publications", "government_information", "published", "narrative").value
        == 2069
    )
    assert value(report, "applications", "new_received", "total", "narrative").value == 0
    assert value(report, "appeals", "litigation_total", "total", "narrative").value == 0
    assert report.table_values == "none"
    old = corpus["015"]
    assert (
        value(old, "applications", "new_received", "total", "narrative").value_text
        == "收到有关政府信息公开的信函申请1条"
    )
    assert value(old, "applications", "total_processed", "total", "narrative").value == 1
    assert value(old, "fees", "disclosure_fee", "amount_yuan", "narrative").value == 0


def test_glued_statistics_rows(corpus):
    # 1.同意公开答复数条2192.同意… : this year 2, cumulative 19, then the next row's number
    assert value(corpus["018"], "applications", "granted", "total", "narrative").value == 2
    # 同意公开答复数条17172. : 1|717 and 17|17 both fit
    assert value(corpus["020"], "applications", "granted", "total", "narrative").value is None
    assert any("同意公开答复数 printed '1717'" in e for e in corpus["020"].parse_errors)


def test_an_html_page_reads_like_a_text_file(corpus):
    report = corpus["025"]
    assert row(report, "new_received") == [13612, 252, 0, 45, 128, 32, 14069]
    assert row(report, "unable.not_held")[-1] == 3222
    assert value(report, "publications", "regulation", "in_force", "table").value == 74
    assert {c.status for c in report.checks} == {"pass"}
    assert report.parse_errors == ["place not resolved to a GB/T 2260 code"]  # 测试市


def test_pdf_text_with_spaces_and_footers(corpus):
    report = corpus["003"]
    assert (report.metadata.issuer, report.metadata.report_year) == ("上海市人民政府办公厅", 2025)
    assert value(report, "applications", "new_received", "total", "narrative").value == 1295


def test_what_cannot_be_read_is_said(corpus):
    fragment = corpus["024"]
    assert fragment.parse_status == "partial"
    assert "report year not found" in fragment.parse_errors
    ocr = corpus["001"]  # 沭阳 printed 沐阳 throughout; 泌阳县 is one character off too, but
    # 沐/沭 is the confusion OCR makes, so 沭阳县 is read, and the report says so
    assert (ocr.metadata.jurisdiction_code, ocr.metadata.issuer) == ("321322", "沭阳县人民政府")
    assert (
        ocr.parse_errors[0] == "place printed as 沐阳县, read as 沭阳县 (one character "
        "off, as OCR misreads it)"
    )


def test_ocr_tables_one_per_row_and_table_four_in_three_parts(corpus):
    # 001 (OCR text as Markdown): every 表三 row is its own small table under a heading and a
    # header row (| 类别 | 数据1 | … | 总计 |) whose words name no row; 表四 is three small
    # tables, one per proceeding, put back in the template's order by the proceeding each names
    report = corpus["001"]
    assert row(report, "new_received") == [705, 3, 0, 0, 5, 0, 713]
    assert row(report, "other.other") == [142, 1, 0, 0, 0, 0, 143]
    assert row(report, "total_processed") == [710, 3, 0, 0, 5, 0, 718]
    assert row(report, "carried_forward") == [31, 0, 0, 0, 0, 0, 31]
    appeals = [f.value for f in report.figures if f.fact == "appeals" and f.source == "table"]
    assert appeals == [27, 10, 9, 15, 61, 3, 0, 0, 0, 3, 8, 0, 1, 1, 10]
    assert [u for u in report.unread_numbers if u.in_table] == []


def test_values_under_labels_a_pdf_scattered_are_not_pinned_on_a_guess(corpus):
    # 002 (PDF text): `| 1 | 0 | 0 | 0 | 0 | 0 | 1 |` under the labels of 5.属于三类内部事务信息
    # and 1.本机关不掌握相关政府信息: which row it is cannot be told, so neither takes it
    report = corpus["002"]
    assert row(report, "denied.internal_affairs") == [None] * 7
    assert row(report, "unable.not_held") == [None] * 7
    assert row(report, "denied.process_information") == [1, 0, 0, 0, 0, 0, 1]
    unread = [u for u in report.unread_numbers if u.in_table]
    assert unread and {u.why for u in unread} == {"表三: numbers without a row label"}
