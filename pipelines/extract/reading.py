"""Bytes of a report file -> one normalised, Simplified-Chinese text.

Reports arrive as UTF-8 (with or without BOM), GB18030/GBK or UTF-16, in Simplified or
Traditional script. Everything downstream reads the text this module returns, so every
figure's line number refers to the same text an analyst sees in `fct_report_sections`.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import regex

from pipelines.extract.conversion import converter
from pipelines.extract.pages import declared_charset, looks_like_html, looks_like_markup, page_text

# Share of Han characters that must be Traditional-only before the text counts as Traditional.
# Simplified text contains a handful of such characters by accident (names, quotations).
TRADITIONAL_SHARE = 0.02

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Unicode's White_Space but the newline, spelled out for the standard engine, which searches
# a pattern that begins with a class by that class in C (regex's \s differs from it: \x1c-\x1f).
_HORIZONTAL_SPACE = re.compile(
    "[\t\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+"
)
# What str.strip() strips, but the newline (every such character is in the BMP).
_BLANK = "".join(c for c in map(chr, range(0x10000)) if c.isspace() and c != "\n")
# Blanks that begin a line (after the first) and blanks that end one, each pattern led by what
# it searches for rather than by an anchor the engine must try at every position.
_LINE_START_BLANKS = re.compile(f"\n[{re.escape(_BLANK)}]+")
_LINE_END_BLANKS = re.compile(f"[{re.escape(_BLANK)}]+(?![^\n])")
_HAN = regex.compile(r"\p{Han}")
_HAN_RUN = regex.compile(r"\p{Han}+")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
# PDF extraction puts spaces around numbers and between characters: 2024 年 -> 2024年.
_SPACE_BESIDE_HAN = regex.compile(r"(?<=\p{Han}) +(?=[\p{Han}\d])|(?<=\d) +(?=\p{Han})")


class UnreadableReport(ValueError):
    """The file cannot be read as text; the message says why, in words for the parse log."""


@dataclass(frozen=True)
class ReportText:
    text: str
    encoding: str
    script: str  # "simplified" | "traditional"


def read_report_bytes(data: bytes) -> ReportText:
    """Decode, normalise and convert one report's bytes (a text file or a saved HTML page).

    A page is told by what its text is (see `pages.looks_like_markup`), whether a whole page,
    a fragment or XHTML, in a charset its <meta> declares or any a text file may have."""
    text, encoding = normalised_text(data)
    script = detect_script(text)
    if script == "traditional":
        text = to_simplified(text, taiwan_phrasing=has_taiwan_phrasing(text))
    return ReportText(text=text, encoding=encoding, script=script)


def normalised_text(data: bytes) -> tuple[str, str]:
    """(text, encoding) of a report's bytes, decoded and normalised but not yet converted."""
    if looks_like_html(data):
        decoded, encoding = decode_page(data)
    else:
        decoded, encoding = decode(data)  # a UTF-16 page shows its tags only once decoded
    if looks_like_markup(decoded):
        raw = page_text(decoded)
        if not raw:
            raise UnreadableReport(f"HTML page ({encoding}) holds no text")
    else:
        raw = decoded
    text = normalise(raw)
    if not _HAN.search(text):
        raise UnreadableReport(f"decoded as {encoding} but holds no Chinese text")
    return text, encoding


def decode(data: bytes) -> tuple[str, str]:
    if not data.strip():
        raise UnreadableReport("file is empty")
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _strict(data, name), name
    utf16 = _bomless_utf16(data)
    if utf16:
        return data.decode(utf16), utf16
    if b"\x00" in data:
        raise UnreadableReport("binary file: contains NUL bytes and is not UTF-16")
    for name in ("utf-8", "gb18030"):
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    raise UnreadableReport("not valid UTF-8, UTF-16 or GB18030 text")


def decode_page(data: bytes) -> tuple[str, str]:
    """An HTML page's text in the charset its <meta> declares, else as any text file."""
    charset = declared_charset(data)
    if charset and not charset.startswith(("utf-16", "utf-32", "ucs", "unicode")):
        # (bytes whose tags read as ASCII are not UTF-16 or UTF-32, whatever the page says)
        try:
            return data.decode(charset), charset
        except LookupError:
            pass  # a charset Python does not know: detect it like a text file
        except UnicodeDecodeError:
            raise UnreadableReport(
                f"HTML page declares charset {charset} but does not decode as it"
            ) from None
    return decode(data)


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise UnreadableReport(
            f"looks like {encoding} but does not decode: {error.reason} at byte {error.start}"
        ) from None


# UTF-16 without BOM shows its byte order in one column of bytes: ASCII leaves NULs as its
# high bytes, CJK ideographs (U+4E00-U+9FFF) leave 0x4E-0x9F. The other column is the low
# bytes: few NULs and, for ideographs, spread over all 256 values (about a third in 0x4E-0x9F).
_HIGH_CJK = bytes(range(0x4E, 0xA0))
# Share of characters a decoding must make Chinese, ASCII or the punctuation, symbols and
# forms Chinese text prints, before it is believed.
PLAUSIBLE_UTF16 = 0.9
_PLAUSIBLE_CHAR = regex.compile(
    r"[\p{Han}\t\n\r\x20-\x7e\xa0-\xff\u2000-\u206f\u2100-\u27bf"
    r"\u3000-\u30ff\u3200-\u33ff\ufe30-\ufe4f\uff00-\uffef]"
)


def _bomless_utf16(data: bytes) -> str | None:
    """The byte order of UTF-16 without BOM, if the bytes are that and decode to text."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:8000]
    even, odd = sample[0::2], sample[1::2]
    even_nuls, odd_nuls = even.count(0) / len(even), odd.count(0) / len(odd)
    even_cjk = (len(even) - len(even.translate(None, _HIGH_CJK))) / len(even)
    odd_cjk = (len(odd) - len(odd.translate(None, _HIGH_CJK))) / len(odd)
    # NULs first: ASCII letters are 0x41-0x7A, so ASCII in UTF-16 fills a 0x4E-0x9F column too.
    candidates = []
    if odd_nuls > 0.2 and even_nuls < 0.05:
        candidates.append("utf-16-le")
    if even_nuls > 0.2 and odd_nuls < 0.05:
        candidates.append("utf-16-be")
    if odd_cjk >= 0.4 and odd_cjk - even_cjk >= 0.2:
        candidates.append("utf-16-le")
    if even_cjk >= 0.4 and even_cjk - odd_cjk >= 0.2:
        candidates.append("utf-16-be")
    for name in dict.fromkeys(candidates):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        sample_text = text[:20000]
        if len(_PLAUSIBLE_CHAR.findall(sample_text)) >= PLAUSIBLE_UTF16 * len(sample_text):
            return name
    return None


def normalise(text: str) -> str:
    """NFKC (full-width digits and brackets become ASCII), one kind of newline, no invisible
    characters, single spaces and none beside Chinese characters, no trailing blanks."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Each pattern stays within a line (neither matches nor looks past a newline), so the
    # whole text is done at once, as if line by line; then each line is stripped.
    text = _SPACE_BESIDE_HAN.sub("", _HORIZONTAL_SPACE.sub(" ", text))
    text = _LINE_START_BLANKS.sub("\n", text.lstrip(_BLANK))
    return _LINE_END_BLANKS.sub("", text).strip("\n")


def detect_script(text: str) -> str:
    bmp, astral = _traditional_patterns()
    hits = len(bmp.findall(text))
    if _ASTRAL.search(text):
        hits += len([ch for ch in _ASTRAL.findall(text) if ch in astral])
    if not hits:  # most reports: no need to count their Han characters
        return "simplified"
    han = sum(map(len, _HAN_RUN.findall(text)))
    return "traditional" if han and hits / han >= TRADITIONAL_SHARE else "simplified"


# Words only Taiwan usage has. Government sites make their 繁體 pages with a converter,
# either character by character (the page keeps mainland words: 规范性文件 -> 規范性文件) or
# with Taiwan phrasing (s2twp: 规范性文件 -> 規範性檔案, 优化 -> 最佳化). Only the second kind
# may go through OpenCC's tw2sp phrase table: on the first it would rewrite mainland words
# that also exist in Taiwan usage with another sense (文件 -> 文档, 查询 -> 查找).
TAIWAN_ONLY_WORDS = (
    "最佳化",
    "入口網站",
    "網際網路",
    "資料庫",
    "智慧型",
    "軟體",
    "資訊",
    "套用",
    "列印",
    "視窗",
    "網路",
    "程式",
)


def has_taiwan_phrasing(text: str) -> bool:
    return any(word in text for word in TAIWAN_ONLY_WORDS)


def to_simplified(text: str, taiwan_phrasing: bool) -> str:
    """Traditional -> Simplified; with Taiwan phrasing also 檔案 -> 文件, 入口網站 -> 门户网站.

    Only for text detected as Traditional: the phrase tables also rewrite words that are
    ordinary Simplified (程序 -> 进程), so running them on Simplified text would corrupt it.
    The output is opencc-python-reimplemented's, from its dictionaries, many times as fast
    (see `conversion`)."""
    return converter("tw2sp" if taiwan_phrasing else "t2s").convert(text)


@lru_cache(maxsize=1)
def _traditional_characters() -> frozenset[str]:
    """Characters that only occur in Traditional writing, from OpenCC's own T->S table."""
    table = resources.files("opencc").joinpath("dictionary/TSCharacters.txt").read_text("utf-8")
    chars = set()
    for line in table.splitlines():
        source, _, targets = line.partition("\t")
        if len(source) == 1 and source not in targets.split():
            chars.add(source)
    return frozenset(chars)


@lru_cache(maxsize=1)
def _traditional_patterns() -> tuple[re.Pattern[str], frozenset[str]]:
    """Those characters as one character class of the BMP (a class past the BMP is not a
    bitmap in `re` and scans 30 times slower), and the few past it."""
    chars = _traditional_characters()
    bmp = "".join(re.escape(c) for c in sorted(chars) if ord(c) < 0x10000)
    return re.compile(f"[{bmp}]"), frozenset(c for c in chars if ord(c) >= 0x10000)
