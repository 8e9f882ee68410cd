import random
import re

import pytest
import regex

from pipelines.extract.numerals import (
    CHINESE_NUMERAL_CHARS,
    MAX_DIGITS,
    NUMBER,
    chinese_value,
    number_value,
)


@pytest.mark.parametrize(
    "printed, value",
    [
        ("302", 302),
        ("0", 0),
        ("1,234", 1234),
        ("12,345,678", 12345678),
        ("0.12", 0.12),
        ("2.5", 2.5),
        ("1.2万", 12000),
        ("0.12万", 1200),
        ("29.39万", 293900),
        ("41994万", 419940000),
        ("3亿", 300000000),
    ],
)
def test_arabic_numbers(printed, value):
    assert number_value(printed) == value


@pytest.mark.parametrize("printed", ["3,5", "1,23", "12,3456", "1.2.3", "", ".5", "1,2.5"])
def test_what_is_not_one_arabic_number(printed):
    assert number_value(printed) is None


@pytest.mark.parametrize(
    "printed, value",
    [
        ("零", 0),
        ("〇", 0),
        ("一", 1),
        ("两", 2),
        ("二", 2),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十五", 25),
        ("一百", 100),
        ("一百零五", 105),
        ("一百一十", 110),
        ("一百五", 150),
        ("两千三百", 2300),
        ("两千三", 2300),
        ("一千零五十", 1050),
        ("三万五千", 35000),
        ("一万二", 12000),
        ("一万零五", 10005),
        ("十万", 100000),
        ("一亿", 100000000),
        ("十二万三千四百五十六", 123456),
        ("二〇一九", 2019),
        ("二零二一", 2021),
    ],
)
def test_chinese_numerals(printed, value):
    assert chinese_value(printed) == value
    assert number_value(printed) == value


@pytest.mark.parametrize(
    "printed", ["百", "千", "一二", "两三", "十十", "百十", "一二十", "万万", "一万万", "件"]
)
def test_what_is_not_a_chinese_number(printed):
    assert chinese_value(printed) is None


def test_a_digit_run_longer_than_any_count_is_not_read():
    # Python refuses int() of more than 4300 digits; such runs must not even get there.
    assert number_value("1" * 200_000) is None
    assert number_value("9" * (MAX_DIGITS + 1)) is None
    assert number_value("9" * MAX_DIGITS) == 10**MAX_DIGITS - 1
    assert number_value("1." + "5" * 200_000) is None
    assert chinese_value("一" * 10_000) is None


@pytest.mark.parametrize(
    "text, found",
    [
        ("共受理申请302件,上年结转1件", ["302", "1"]),
        ("收到申请1,234件", ["1,234"]),
        ("收取信息处理费0.12万元", ["0.12万"]),
        ("主动公开政府信息1.2万条", ["1.2万"]),
        ("予以公开一百零五件,不予公开两件", ["一百零五", "两"]),
        ("办结303件,1件结转下年度", ["303", "1"]),
    ],
)
def test_numbers_are_found_where_they_start(text, found):
    assert [m.group() for m in NUMBER.finditer(text)] == found


def test_finding_numbers_never_starts_inside_one():
    # 1,234 is one number, not 1 and 234; 0.12 is not 0 and 12.
    found = [m.group() for m in NUMBER.finditer("1,234 0.12 一百零五")]
    assert found == ["1,234", "0.12", "一百零五"]
    run = "7" * 200_000
    assert [m.group() for m in NUMBER.finditer(run)] == [run]


# NUMBER as first written, with the look-behinds first: what the pattern led by a number's
# first character (which the standard engine searches far faster) must find, match for match.
_AS_FIRST_WRITTEN = regex.compile(
    r"(?<!\d)(?<!\d[.,])(?:\d{1,3}(?:,\d{3})+(?!\d)|\d++)(?:\.\d++)?[万亿]?"
    r"|(?<![" + CHINESE_NUMERAL_CHARS + r"])[" + CHINESE_NUMERAL_CHARS + r"]++"
)


def test_numbers_are_found_as_the_look_behind_pattern_finds_them():
    rng = random.Random(20261130)
    pieces = [*"0123456789.,", *"一二十百千万亿零两", *"件条元余多次", "a", "中", "第", " "]
    for _ in range(100_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        assert [m.span() for m in NUMBER.finditer(text)] == [
            m.span() for m in _AS_FIRST_WRITTEN.finditer(text)
        ], text
    # The engines' digit tables differ only past the BMP, in scripts no report prints.
    for code in range(0x10000):
        assert bool(re.fullmatch(r"\d", chr(code))) == bool(regex.fullmatch(r"\d", chr(code)))
