"""Sentences as fingerprints: copied text is found by hashes and MinHash bands, on real
reports (tests/fixtures/realcorpus: 莆田市科技局 2012 and 2013; data/raw: 三明市 2023, 2025)."""

import hashlib
from pathlib import Path

from pipelines.extract.fingerprints import BANDS, bands, normalised
from pipelines.extract.report import parse_report
from tests.conftest import RAW_DIR

FIXTURES = Path(__file__).parent / "fixtures" / "realcorpus"


def shared(report, previous):
    hashes = {sentence.hash for sentence in previous.sentences}
    return sum(sentence.hash in hashes for sentence in report.sentences), len(report.sentences)


def test_a_report_that_repeats_last_years_text_shares_every_sentence_and_every_band():
    earlier = parse_report(FIXTURES / "133_putian_ptkjj_2012.txt")
    later = parse_report(FIXTURES / "207_putian_ptkjj_2013.txt")
    assert shared(later, earlier) == (25, 25)
    assert len(set(later.bands) & set(earlier.bands)) == BANDS
    first = later.sentences[0]
    assert later.text[first.start : first.end].startswith("推进政府信息公开是莆田市科技局")


def test_a_sentence_is_hashed_by_its_letters_alone():
    # blake2b of its letters (what `normalised` keeps of it), the first 8 bytes read as a
    # signed big-endian integer: the same letters hash alike in any report and any run
    report = parse_report(FIXTURES / "207_putian_ptkjj_2013.txt")
    for sentence in report.sentences:
        letters = normalised(report.text[sentence.start : sentence.end])
        digest = hashlib.blake2b(letters.encode(), digest_size=8).digest()
        assert sentence.hash == int.from_bytes(digest, "big", signed=True)
        # placed where the text prints it: its line, and ending before its full stop
        assert sentence.line_no == report.text.count("\n", 0, sentence.start) + 1
        assert report.text[sentence.end - 1] not in "。；！？;!?\n"
        assert type(sentence.line_no) is type(sentence.start) is type(sentence.end) is int
    assert min(s.hash for s in report.sentences) < 0 < max(s.hash for s in report.sentences)


def test_reports_written_anew_share_nothing():
    # 三明市 writes its report anew each year: no sentence of 2025's is 2023's
    earlier = parse_report(RAW_DIR / "160_sanming_smsrmzf_2023.txt")
    later = parse_report(RAW_DIR / "161_sanming_smsrmzf_2025.txt")
    assert shared(later, earlier) == (0, 27)
    assert not set(later.bands) & set(earlier.bands)
    # the tables and the crawler's header are not sentences
    assert {sentence.section_no for sentence in later.sentences} == {1, 5, 6}


def test_years_and_numbers_do_not_make_a_copy_new():
    assert normalised("2023年，我局共受理申请12件。") == normalised("2024年,我局共受理申请3件")
    assert bands(set()) == []


def test_every_character_a_text_can_hold_is_either_compared_or_dropped():
    # letters of any plane are compared (𠀀 is past the Basic Multilingual Plane, ① is no
    # decimal digit); digits, punctuation, spaces and a lone surrogate (what a page's broken
    # character reference can leave) are dropped, and nothing raises
    assert normalised("2023年，申请\ud800 𠀀件①。") == "年申请𠀀件①"
