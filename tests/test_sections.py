from pipelines.extract.reading import read_report_bytes
from pipelines.extract.sections import numeral_value, split_sections
from tests.conftest import RAW_DIR, SEED_CHANGSHU, SEED_ZHAOTONG


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
