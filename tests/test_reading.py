import pytest

from pipelines.extract.reading import (
    UnreadableReport,
    decode,
    detect_script,
    normalise,
    read_report_bytes,
)
from tests.conftest import RAW_DIR, SEED_WUJIANG, SEED_WUQING, SEED_ZHAOTONG


def seed_bytes(name):
    return (RAW_DIR / name).read_bytes()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "utf-16", "utf-16-le", "utf-16-be"])
def test_every_encoding_reads_to_the_same_text(encoding):
    expected = read_report_bytes(seed_bytes(SEED_WUQING)).text
    encoded = seed_bytes(SEED_WUQING).decode("utf-8").encode(encoding)
    assert read_report_bytes(encoded).text == expected


def test_gbk_traditional_text_is_read():
    original = seed_bytes(SEED_ZHAOTONG).decode("utf-8")
    read = read_report_bytes(original.encode("gb18030"))
    assert read.encoding == "gb18030"
    assert "昭通市人民政府办公室" in read.text


def test_taiwan_phrasing_is_converted_to_mainland_words():
    read = read_report_bytes(seed_bytes(SEED_WUJIANG))
    assert read.script == "traditional"
    # 行政規範性檔案 / 入口網站 / 最佳化 in the scrape
    assert "集中公开以区政府名义制发的继续有效的行政规范性文件69件" in read.text
    assert "政府门户网站全面升级改造" in read.text
    assert "助力优化营商环境" in read.text


def test_character_converted_traditional_keeps_its_mainland_words():
    # 002 was converted character by character: 規范性文件 must not become 规范性文档.
    read = read_report_bytes(seed_bytes(SEED_ZHAOTONG))
    assert read.script == "traditional"
    assert "行政规范性文件 | 0 | 0 | 83 |" in read.text
    assert "8.属于行政查询事项" in read.text
    assert "文档" not in read.text


def test_simplified_text_is_left_alone():
    read = read_report_bytes(seed_bytes(SEED_WUQING))
    assert read.script == "simplified"
    assert "应用程序" in read.text  # tw2sp would have made it 应用进程


def test_normalise_folds_full_width_and_invisible_characters():
    assert normalise("（一）予以公开\u200b｜ ６７\u3000 件\r\n") == "(一)予以公开| 67件"


def test_normalise_drops_pdf_spaces_beside_chinese_but_not_between_numbers():
    assert normalise("2024 年 上海市 科委 有 1 件") == "2024年上海市科委有1件"
    assert normalise("(六)其他处理4 0 0 0 0 0 4") == "(六)其他处理4 0 0 0 0 0 4"


def test_detect_script_on_short_strings():
    assert detect_script("政府信息公开工作年度报告") == "simplified"
    assert detect_script("政府資訊公開工作年度報告") == "traditional"


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"   \n\t ", "empty"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)), "binary"),
    (b"\x80\x81\xfe\xff\x80" * 50, "not valid"),
    (b"plain ascii only, no Chinese at all", "no Chinese"),
])
def test_unreadable_input_says_why(data, reason):
    with pytest.raises(UnreadableReport, match=reason):
        read_report_bytes(data)


def test_decode_reports_the_encoding_it_used():
    assert decode("年度报告".encode("gb18030")) == ("年度报告", "gb18030")
