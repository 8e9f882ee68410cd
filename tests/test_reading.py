import contextlib
import random

import pytest
import regex

from pipelines.extract import reading
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


def test_normalise_collapses_unicode_white_space_and_strips_each_line():
    # The horizontal class is spelled out for the standard engine: it must be Unicode's
    # White_Space but the newline, as regex's class was.
    for code in range(0x10000):
        ch = chr(code)
        assert bool(reading._HORIZONTAL_SPACE.fullmatch(ch)) == bool(
            regex.fullmatch(r"[^\S\n]", ch)
        ), hex(code)
    # Every line is stripped of what str.strip() strips (\x1c-\x1f too, which are not
    # White_Space and so stay inside a line), whatever mix of blanks and newlines.
    pieces = ["\n", " ", "\t", "\u3000", "\xa0", "\x1c", "\x1f", "\u2028", "a", "1", "中"]
    rng = random.Random(20261130)
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 24)))
        lines = normalise(text).split("\n")
        assert all(line == line.strip(reading._BLANK) for line in lines), repr(text)
        assert normalise(text) == normalise("\n".join(line.strip() for line in text.split("\n")))
    assert normalise(" \x1c a\x1c\x1c b \n\u3000\n 中 文 \t") == "a\x1c\x1c b\n\n中文"


def test_detect_script_on_short_strings():
    assert detect_script("政府信息公开工作年度报告") == "simplified"
    assert detect_script("政府資訊公開工作年度報告") == "traditional"


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)), "binary"),
        (b"\x80\x81\xfe\xff\x80" * 50, "not valid"),
        (b"plain ascii only, no Chinese at all", "no Chinese"),
    ],
)
def test_unreadable_input_says_why(data, reason):
    with pytest.raises(UnreadableReport, match=reason):
        read_report_bytes(data)


def test_decode_reports_the_encoding_it_used():
    assert decode("年度报告".encode("gb18030")) == ("年度报告", "gb18030")


# From 201_putian_ptsjj_2012.html (莆田市审计局 2012), without its digits: UTF-16 of Chinese has
# no NUL bytes, so only the column of high bytes (0x4E-0x9F) tells its byte order.
CHINESE_ONLY = (
    "本年度我局未收到任何形式的依申请公开的申请，也没有发生因依申请公开引起的"
    "行政复议与行政诉讼的情况。一是个别工作人员对信息公开工作尚未理解到位，有一定的畏烦情绪。二是信息公开的内容有待充实，"
    "时效性、便捷性有待进一步提高。"
)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "text",
    [
        CHINESE_ONLY,
        "一、概述\n" + CHINESE_ONLY + "\n二、主动公开政府信息的情况\n共更新发布56条信息",
        "一、一、一、一" * 40,  # 一 is U+4E00: a NUL in every low byte
    ],
)
def test_utf16_without_bom_of_chinese_text_is_read(encoding, text):
    read = read_report_bytes(text.encode(encoding))
    assert read.encoding == encoding
    assert read.text == normalise(text)


def test_utf16_of_mostly_chinese_html_without_bom_is_read_as_a_page():
    page = f"<p>一、概述</p><p>{CHINESE_ONLY}</p>"
    read = read_report_bytes(page.encode("utf-16-le"))
    assert read.text == normalise(f"一、概述\n{CHINESE_ONLY}")


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8"])
def test_chinese_in_other_encodings_is_not_taken_for_utf16(encoding):
    for text in (CHINESE_ONLY, seed_bytes(SEED_ZHAOTONG).decode("utf-8")):
        data = text.encode(encoding)
        if len(data) % 2:
            data += b" "
        assert decode(data)[1] == encoding


def test_bytes_that_only_look_like_utf16_are_not_believed():
    # One column of bytes 0x9F and 0xE0 (the other 0x20-0x3F): as UTF-16-LE half of it would be
    # U+E0xx, private use, so it is not UTF-16 whatever its columns suggest.
    data = bytes(b for i in range(512) for b in (0x20 + i % 32, (0x9F, 0xE0)[i % 2]))
    with contextlib.suppress(UnreadableReport):
        assert not decode(data)[1].startswith("utf-16")


def test_a_fragment_of_html_is_read_as_a_page_not_as_text_with_tags():
    read = read_report_bytes(
        "<div class=TRS_Editor><p>一、概述</p><p>本年共受理申请<span>1</span>"
        "<span>60</span>件。</p></div>".encode()
    )
    assert read.text == "一、概述\n本年共受理申请160件。"


def test_plain_text_with_a_quotation_in_angle_brackets_stays_text():
    text = (
        "<<中华人民共和国政府信息公开条例>>第二十条\n一、总体情况\n关于印发<政府信息公开目录>的通知"
    )
    assert read_report_bytes(text.encode("gb18030")).text == text
