"""The converter gives opencc-python-reimplemented's output exactly, for both profiles the
parser uses, on every Traditional text the project has and on generated strings."""

import random
import re
from functools import cache, lru_cache

import opencc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipelines.extract.conversion as conversion
from pipelines.extract.conversion import (
    PROFILES,
    converter,
    dictionary_groups,
    read_dictionary,
    separator_class,
)
from pipelines.extract.pages import looks_like_html, looks_like_markup, page_text
from pipelines.extract.reading import decode, decode_page, detect_script, normalise
from pipelines.synthetic.corpus import FILLER
from pipelines.synthetic.printing import (
    old_report_text,
    random_applications_table,
    random_other_tables,
    report_text,
)
from tests.conftest import PROJECT_ROOT, RAW_DIR

FIXTURES = PROJECT_ROOT / "tests" / "fixtures"
SYNTHETIC_REPORTS = 24
SEEDED_STRINGS = 6000  # per profile, besides hypothesis's examples


@cache
def library(profile: str) -> opencc.OpenCC:
    return opencc.OpenCC(profile)


def _decoded(path) -> str:
    data = path.read_bytes()
    text, _ = decode_page(data) if looks_like_html(data) else decode(data)
    return page_text(text) if looks_like_markup(text) else text


@lru_cache(maxsize=1)
def project_texts() -> tuple[tuple[str, str], ...]:
    """(name, text): every report of data/raw and tests/fixtures that is Traditional, as
    decoded and as normalised (what the parser converts); every Simplified one made
    Traditional by OpenCC's s2t (character by character) and s2twp (Taiwan phrasing); and
    reports printed by the generator in its `traditional` shape."""
    texts = []
    paths = sorted(
        p
        for folder in (RAW_DIR, FIXTURES)
        for p in folder.rglob("*")
        if p.is_file() and p.suffix in (".txt", ".html")
    )
    for path in paths:
        raw = _decoded(path)
        name = str(path.relative_to(PROJECT_ROOT))
        if detect_script(normalise(raw)) == "traditional":
            texts += [(name, raw), (f"{name} normalised", normalise(raw))]
        else:
            texts += [
                (f"{name} s2t", library("s2t").convert(raw)),
                (f"{name} s2twp", library("s2twp").convert(raw)),
            ]
    rng = random.Random(12)
    for index in range(SYNTHETIC_REPORTS):
        year = rng.randint(2008, 2025)
        issuer = rng.choice(
            (
                "台北市信息中心",
                "常熟市人民政府",
                "昭通市人民政府办公室",
                "平潭综合实验区管委会",
                "苏州市吴江区人民政府",
            )
        )
        prose = "".join(rng.sample(FILLER, len(FILLER))) + f"全年共收到申请{rng.randint(0, 99)}件。"
        if year < 2019:
            text = library("s2twp").convert(old_report_text(year, issuer, prose))
        else:
            template = "f2021" if year >= 2021 else "f2019"
            text = report_text(
                random_applications_table(rng, template=template),
                "traditional",
                year,
                issuer,
                template,
                prose=prose,
                others=random_other_tables(rng, template),
            )
        texts.append((f"generated {index}", text))
    return tuple(texts)


def test_the_texts_are_many_and_traditional():
    texts = project_texts()
    assert len(texts) >= 80
    assert sum(detect_script(normalise(text)) == "traditional" for _, text in texts) >= 0.9 * len(
        texts
    )


@pytest.mark.parametrize("profile", PROFILES)
def test_every_project_text_converts_as_opencc_does(profile):
    wrong = [
        name
        for name, text in project_texts()
        if converter(profile).convert(text) != library(profile).convert(text)
    ]
    assert not wrong


# Strings made of the dictionaries' own keys and values (so phrases meet and overlap),
# pieces of keys, separators, other punctuation, digits, letters and blanks.
@lru_cache(maxsize=1)
def alphabet() -> tuple[tuple[str, ...], tuple[str, ...]]:
    words = set()
    for profile in PROFILES:
        for names in dictionary_groups(profile):
            for name in names:
                for key, value in read_dictionary(name).items():
                    words.update((key, value, key[: len(key) // 2 + 1], key[len(key) // 2 :]))
    separators = tuple("，。、；：？！…“”‘’「」『』（）《》〈〉【】—－～．／＼　,.?!*- \t\n")
    others = tuple("0123456789abcXYZ·|%年月日件条\u3000\u00a0\u200b𠀀𫫇")
    return tuple(sorted(words)), separators + others


def _string(rng: random.Random) -> str:
    words, marks = alphabet()
    parts = [
        rng.choice(words) if rng.random() < 0.8 else rng.choice(marks)
        for _ in range(rng.randint(0, 12))
    ]
    return "".join(parts)


@pytest.mark.parametrize("profile", PROFILES)
def test_seeded_random_strings_convert_as_opencc_does(profile):
    rng = random.Random(profile)
    strings = [_string(rng) for _ in range(SEEDED_STRINGS)]
    ours, theirs = converter(profile), library(profile)
    wrong = [s for s in strings if ours.convert(s) != theirs.convert(s)]
    assert not wrong[:5]


@st.composite
def dictionary_strings(draw):
    words, marks = alphabet()
    parts = draw(st.lists(st.one_of(st.sampled_from(words), st.sampled_from(marks)), max_size=12))
    return "".join(parts)


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=dictionary_strings(), profile=st.sampled_from(PROFILES))
def test_generated_strings_convert_as_opencc_does(text, profile):
    assert converter(profile).convert(text) == library(profile).convert(text)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=40), profile=st.sampled_from(PROFILES))
def test_any_text_converts_as_opencc_does(text, profile):
    assert converter(profile).convert(text) == library(profile).convert(text)


def test_longest_phrase_first_not_leftmost_longest():
    # 人工智慧 (4) starts further left, but 智慧財產權 (5) is longer: the library takes it first.
    assert converter("tw2sp").convert("人工智慧財產權") == "人工知识产权"
    assert converter("tw2sp").convert("資訊雜比") == "资信噪比"
    assert converter("t2s").convert("凌藉助於") == "凌借助于"


def test_separators_are_the_librarys():
    ours = re.compile(separator_class())
    theirs = opencc.OpenCC().split_chars_re
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert ours.sub("", every) == theirs.sub("", every)


def test_a_long_text_converts_block_by_block_as_a_whole(monkeypatch):
    text = "".join(text for _, text in project_texts()[:12])
    assert len(text) > conversion.BLOCK / 2
    whole = {profile: converter(profile).convert(text) for profile in PROFILES}
    monkeypatch.setattr(conversion, "BLOCK", 40)
    for profile in PROFILES:
        assert converter(profile).convert(text) == whole[profile] == library(profile).convert(text)
