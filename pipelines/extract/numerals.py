"""Numbers as reports print them in prose: 302, 1,234, 0.12, 1.2万, 两, 十二, 一百零五, 两千三百.

`NUMBER` finds printed numbers in text; `number_value` reads one. Both are bounded: a run of
digits longer than `MAX_DIGITS` is not a figure anyone states in a sentence (it is a glued
table row or a hostile file) and reads as None, so no caller converts a huge digit string.
"""

from __future__ import annotations

import re
from decimal import Decimal

# Counts, amounts in yuan and years fit in 12 digits; anything longer is not a stated figure.
MAX_DIGITS = 12

DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
LARGE_UNITS = {"万": 10_000, "亿": 100_000_000}
CHINESE_NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(LARGE_UNITS)

_NUMERAL = "[" + CHINESE_NUMERAL_CHARS + "]"
# Arabic: 1,234,567 (groups of three only, so a list such as 3,5 is not one number) or a plain
# run of digits, an optional decimal part, an optional 万/亿 multiplier (1.2万). Chinese: a run
# of numeral characters. Every alternative is a possessive run that only starts where a number
# starts (never inside one: not after a digit, nor after a digit and a `.` or `,`; a numeral
# not after a numeral) and never gives characters back, so finding numbers, even in a hostile
# run of a million digits, is linear in the length of the text.
# The pattern is led by the class of a number's first character, and asks what must not come
# before it once that character is read: a pattern so led is one the standard engine searches
# by its first class in C, skipping the text no number starts in (regex's engine, and this
# one with the look-behinds first, try every position). (`\d` is the standard library's
# Unicode 14 table; regex's newer one adds 110 astral digits of scripts encoded since, so
# beside one of those a number regex would not have found, or would have run on, is found.)
NUMBER = re.compile(
    r"[\d" + CHINESE_NUMERAL_CHARS + "]"
    r"(?:(?<=\d)(?<!\d\d)(?<!\d[.,]\d)(?:\d{0,2}(?:,\d{3})+(?!\d)|\d*+)(?:\.\d++)?[万亿]?"
    f"|(?<={_NUMERAL})(?<!{_NUMERAL}{_NUMERAL}){_NUMERAL}*+)"
)


def number_value(printed: str) -> float | None:
    """The value of one printed number (Arabic or Chinese, with 万/亿), or None."""
    if not printed:
        return None
    if printed[0].isascii() and printed[0].isdigit():
        multiplier = 1
        if printed[-1] in LARGE_UNITS:
            multiplier = LARGE_UNITS[printed[-1]]
            printed = printed[:-1]
        value = arabic_value(printed)
        if value is None or multiplier == 1:
            return value
        return float(Decimal(printed.replace(",", "")) * multiplier)
    return chinese_value(printed)


def arabic_value(printed: str) -> float | None:
    """1,234 -> 1234; 0.12 -> 0.12; None for anything else or for more than MAX_DIGITS."""
    whole, _, fraction = printed.partition(".")
    if "," in whole and not re.fullmatch(r"\d{1,3}(?:,\d{3})+", whole):
        return None
    digits = whole.replace(",", "")
    if not (digits.isascii() and digits.isdigit()) or len(digits) > MAX_DIGITS:
        return None
    if fraction and not (fraction.isascii() and fraction.isdigit() and len(fraction) <= MAX_DIGITS):
        return None
    return float(Decimal(f"{digits}.{fraction}")) if fraction else float(int(digits))


def chinese_value(printed: str) -> float | None:
    """十二 -> 12, 二十 -> 20, 一百零五 -> 105, 两千三百 -> 2300, 三万五千 -> 35000,
    一百五 -> 150 (a last digit right after a unit counts in the next unit down),
    二〇一九 -> 2019 (digit by digit); None when the characters do not form a number."""
    if not printed or len(printed) > 2 * MAX_DIGITS:
        return None
    if any(ch not in CHINESE_NUMERAL_CHARS for ch in printed):
        return None
    if all(ch in DIGITS for ch in printed):
        if len(printed) == 1:
            return float(DIGITS[printed])
        if "两" in printed or not any(ch in "零〇○" for ch in printed):
            return None  # 二〇一九 is read digit by digit; 一二 or 两三 is no number
        return float(int("".join(str(DIGITS[ch]) for ch in printed)))
    total = 0  # the completed 亿 and 万 sections
    section = 0  # the part below the last 万/亿
    digit: int | None = None
    unit_before: int | None = None  # the unit right before the pending digit (None after 零)
    last_small = 10_000  # 十/百/千 must descend inside a section
    last_large = 10**12  # and 万/亿 across sections
    for ch in printed:
        if ch in DIGITS:
            if digit is not None:
                return None  # 一二十: two digits in a row
            if DIGITS[ch] == 0:
                unit_before = None
                continue
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            if unit >= last_small:
                return None  # 百十, 十十
            if digit is None:
                if unit != 10:
                    return None  # 百 with no digit before it
                digit = 1  # 十二, 一百十
            section += digit * unit
            digit, last_small, unit_before = None, unit, unit
        else:
            unit = LARGE_UNITS[ch]
            if unit >= last_large:
                return None
            if digit is not None:
                section += digit
                digit = None
            if section == 0:
                return None
            total += section * unit
            section, last_small, last_large, unit_before = 0, 10_000, unit, unit
    if digit is not None:
        section += digit * (unit_before // 10 if unit_before else 1)
    value = total + section
    return float(value) if value else None
