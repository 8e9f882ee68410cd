from pipelines.extract.reading import read_report_bytes
from pipelines.extract.report import parse_report_bytes
from pipelines.extract.sections import numeral_value, split_sections
from tests.conftest import RAW_DIR, SEED_CHANGSHU, SEED_WUQING, SEED_ZHAOTONG


def sections_of(name):
    text = read_report_bytes((RAW_DIR / name).read_bytes()).text
    return split_sections(text)


def test_the_six_template_sections_in_order():
    headings = [s.heading for s in sections_of(SEED_ZHAOTONG)]
    assert headings == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]


def test_table_rows_numbered_like_headings_are_not_sections():
    # 表三 holds 一、本年新收… and 四、结转下年度继续办理 rows; they stay inside section 三.
    sections = sections_of(SEED_ZHAOTONG)
    assert "四、结转下年度继续办理 | 0 |" in sections[2].body
    assert sections[3].body.startswith("行政复议 | 行政诉讼")


def test_old_report_sections():
    sections = sections_of(SEED_CHANGSHU)
    assert [s.section_no for s in sections] == [1, 2, 3, 4, 5, 6]
    assert sections[3].heading == "四、政府信息公开收费及减免情况"
    assert "未向申请人收费" in sections[3].body


def test_numerals():
    assert [numeral_value(n) for n in ("一", "五", "十", "十二")] == [1, 5, 10, 12]
    # numerals no section heading has: no number, never an error
    assert [numeral_value(n) for n in ("二十", "五五", "十十")] == [None, None, None]


def test_a_report_run_into_one_line_that_cites_article_twenty_still_parses():
    # a crawler dropped every line break, and the text cites 第二十、二十一条…情况: the inline
    # heading finder once took 二十 for a section number and failed the whole report
    text = (RAW_DIR / SEED_WUQING).read_text(encoding="utf-8").replace("\n", "")
    cited = text.index("。", 300) + 1  # in the middle of section 一, far from any heading
    text = text[:cited] + "按条例第二十、二十一条规定的情况。" + text[cited:]
    report = parse_report_bytes(text.encode("utf-8"), "one_line.txt")
    assert report.parse_status != "failed", report.parse_errors
    assert [s.heading[:2] for s in report.sections] == [
        "一、",
        "二、",
        "三、",
        "四、",
        "五、",
        "六、",
    ]
