"""A report's sentences as fingerprints, so copying can be found without comparing texts.

Evaluators ask whether a report is more than last year's with the year changed, and whether
one body's report is another's under a new name. Both come down to shared sentences. Each
sentence of the report (the text reflowed, cut at 。；！？ and line ends) is normalised
(numbers, years, spaces and punctuation go: 2023年受理12件 and 2024年受理3件 are one sentence)
and hashed; a report's set of hashes is then summarised by a MinHash signature cut into
bands, so reports that share many sentences share a band (locality-sensitive hashing). The
warehouse joins hashes within an issuer's series and bands across issuers: no pair of texts is
ever compared directly, nothing is quadratic.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from pipelines.extract.lines import line_index
from pipelines.extract.records import Section
from pipelines.extract.reflow import reflowed

# A sentence shorter than this (after normalising) says too little to count as copied:
# 无。 / 一、总体情况 / 2023年1月12日.
MIN_SENTENCE = 12
# MinHash: BANDS x ROWS hash functions; two reports whose sentence sets have Jaccard
# similarity s share a band with probability 1 - (1 - s^ROWS)^BANDS (s = 0.6: 0.9999,
# s = 0.4: 0.93, s = 0.1: 0.15). Bands are short so that a report that shares half its
# sentences is found; the candidates this lets through by chance mostly share a band of
# template sentences every report prints, and the warehouse drops bands that common
# (int_near_duplicates) before it counts what each candidate pair really shares.
BANDS, ROWS = 16, 2
# Hash functions h(x) = a*x + b (mod 2^64, odd a): multiply-shift hashing, which numpy
# computes for every sentence and function at once.
_A = np.array(
    [
        int.from_bytes(hashlib.blake2b(f"a{i}".encode(), digest_size=8).digest(), "big") | 1
        for i in range(BANDS * ROWS)
    ],
    dtype=np.uint64,
)
_B = np.array(
    [
        int.from_bytes(hashlib.blake2b(f"b{i}".encode(), digest_size=8).digest(), "big")
        for i in range(BANDS * ROWS)
    ],
    dtype=np.uint64,
)
# Where a sentence ends (in the reflowed text, whose ；！？ are ASCII).
_SENTENCE_ENDS = "。;!?\n"
# What each character is to a comparison, by code point.
_DROPPED, _COMPARED, _END = 0, 1, 2


@lru_cache(maxsize=1)
def _kinds() -> np.ndarray:
    """What a sentence is compared by: its letters of any script, not its digits, spaces,
    punctuation or symbols; and where it ends, to cut the text at. A table by code point that
    numpy reads for a whole text at once (str.translate over a table, character by character,
    was a third of the sentences' time). Its last entry stands for every code point past the
    Basic Multilingual Plane: those are compared."""
    kinds = np.zeros(0x10001, dtype=np.uint8)
    for code in range(0x10000):
        character = chr(code)
        if character in _SENTENCE_ENDS:
            kinds[code] = _END
        elif character.isalnum() and not character.isdecimal():
            kinds[code] = _COMPARED
    kinds[0x10000] = _COMPARED
    return kinds


class _Compared(NamedTuple):
    """A text as compared: its compared characters in order, how many of them precede each
    offset of the text (one more entry than the text has characters), and where it ends
    sentences."""

    letters: str
    before: np.ndarray
    ends: np.ndarray


def _compared(text: str) -> _Compared:
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    kinds = _kinds().take(codes, mode="clip")
    compared = kinds == _COMPARED
    before = np.zeros(len(codes) + 1, dtype=np.int64)
    np.cumsum(compared, out=before[1:])
    letters = codes[compared].tobytes().decode("utf-32-le", "surrogatepass")
    return _Compared(letters, before, np.flatnonzero(kinds == _END))


class Sentence(NamedTuple):  # a tuple: a report has a hundred of them, made in the parse
    section_no: int
    hash: int  # signed 64-bit, of the normalised text
    line_no: int
    start: int  # offsets in the report's text
    end: int


def normalised(sentence: str) -> str:
    """The sentence as compared: without digits, spaces or punctuation."""
    return _compared(sentence).letters


def sentences(
    text: str, sections: list[Section], tables: Sequence[tuple[int, int]] = ()
) -> list[Sentence]:
    """The sentences of the report's numbered sections long enough to count, each with its
    section and place. Not its tables, and not what precedes the first section: the crawler's
    header and the preamble every report prints (the period covered, where to ask), whose
    repeating says nothing of copying."""
    lines = line_index(text)
    flat, origin = reflowed(text)  # the prose reader's, read once
    compared = _compared(flat)
    # A report has a hundred sentences in a few sections: lists and bisect cut them faster
    # than numpy calls on arrays that small, which the parse's other work has left cold.
    ends = compared.ends.tolist()
    section_nos: list[int] = []
    starts: list[int] = []  # of each stretch between sentence ends, in the reflowed text
    stops: list[int] = []
    for section in sections:
        start = lines.start_of(section.body_line) if section.body_line <= lines.count else len(text)
        end = (
            lines.start_of(section.last_line + 1) if section.last_line < lines.count else len(text)
        )
        for part_start, part_end in _outside(start, end, tables):
            flat_start = origin.flat_of(part_start, len(flat))
            flat_end = origin.flat_of(part_end, len(flat))
            # the part's sentences: from its start or after an end, to an end or its end
            cuts = ends[bisect_left(ends, flat_start) : bisect_left(ends, flat_end)]
            starts.append(flat_start)
            starts += [cut + 1 for cut in cuts]
            stops += cuts
            stops.append(flat_end)
            section_nos += [section.section_no] * (len(cuts) + 1)
    if not starts:
        return []
    letter_counts = compared.before[starts + stops].tolist()
    first_letters, end_letters = letter_counts[: len(starts)], letter_counts[len(starts) :]
    kept = [
        index
        for index, (first, end) in enumerate(zip(first_letters, end_letters, strict=True))
        if end - first >= MIN_SENTENCE
    ]
    letters = compared.letters
    # one digest of each kept sentence, read as signed 64-bit integers all at once
    digests = b"".join(
        hashlib.blake2b(
            letters[first_letters[index] : end_letters[index]].encode(), digest_size=8
        ).digest()
        for index in kept
    )
    at = [origin[starts[index]] for index in kept]
    return list(
        map(
            Sentence,
            [section_nos[index] for index in kept],
            np.frombuffer(digests, dtype=">i8").tolist(),
            map(lines.line_of, at),
            at,
            [origin[stops[index] - 1] + 1 for index in kept],
        )
    )


def _outside(start: int, end: int, regions: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """[start, end) without the regions that fall in it."""
    parts, position = [], start
    for region_start, region_end in sorted(regions):
        if region_end <= position or region_start >= end:
            continue
        if region_start > position:
            parts.append((position, region_start))
        position = max(position, region_end)
    if position < end:
        parts.append((position, end))
    return parts


def bands(hashes: set[int]) -> list[int]:
    """The report's MinHash signature cut into BANDS band hashes (none for no sentences)."""
    if not hashes:
        return []
    values = np.fromiter(hashes, dtype=np.int64, count=len(hashes)).view(np.uint64)
    # (arithmetic on integer arrays wraps, silently: modulo 2^64, as the hashing wants)
    products = np.multiply.outer(values, _A)
    products += _B
    signature = np.minimum.reduce(products, axis=0)
    rows = signature.tobytes()
    width = ROWS * signature.itemsize
    return [
        int.from_bytes(
            hashlib.blake2b(
                rows[band * width : (band + 1) * width], digest_size=8, salt=band.to_bytes(8)
            ).digest(),
            "big",
            signed=True,
        )
        for band in range(BANDS)
    ]
