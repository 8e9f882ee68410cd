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
import re
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
_SENTENCE_END = re.compile(f"[{_SENTENCE_ENDS}]")


@lru_cache(maxsize=1)
def _compared() -> list[str | None]:
    """What a sentence is compared by: its letters of any script, not its digits, spaces,
    punctuation or symbols, and where it ends, to cut the text after. A table for
    str.translate (a list, which it reads far faster than a dictionary, and faster than a
    regular expression substitutes): None drops the character."""
    return [
        chr(code)
        if chr(code) in _SENTENCE_ENDS or (chr(code).isalnum() and not chr(code).isdecimal())
        else None
        for code in range(0x10000)
    ]


class Sentence(NamedTuple):  # a tuple: a report has a hundred of them, made in the parse
    section_no: int
    hash: int  # signed 64-bit, of the normalised text
    line_no: int
    start: int  # offsets in the report's text
    end: int


def normalised(sentence: str) -> str:
    """The sentence as compared: without digits, spaces or punctuation."""
    return _SENTENCE_END.sub("", sentence.translate(_compared()))


def _hash(text: str) -> int:
    return int.from_bytes(
        hashlib.blake2b(text.encode(), digest_size=8).digest(), "big", signed=True
    )


def sentences(
    text: str, sections: list[Section], tables: Sequence[tuple[int, int]] = ()
) -> list[Sentence]:
    """The sentences of the report's numbered sections long enough to count, each with its
    section and place. Not its tables, and not what precedes the first section: the crawler's
    header and the preamble every report prints (the period covered, where to ask), whose
    repeating says nothing of copying."""
    lines = line_index(text)
    flat, origin = reflowed(text)  # the prose reader's, read once
    found = []
    for section in sections:
        start = lines.start_of(section.body_line) if section.body_line <= lines.count else len(text)
        end = (
            lines.start_of(section.last_line + 1) if section.last_line < lines.count else len(text)
        )
        for part_start, part_end in _outside(start, end, tables):
            flat_start = origin.flat_of(part_start, len(flat))
            part = flat[flat_start : origin.flat_of(part_end, len(flat))]
            # Normalising keeps where sentences end, so the normalised text cuts into the
            # same sentences as the text, one for one.
            compared = _SENTENCE_END.split(part.translate(_compared()))
            for printed, normal in zip(_SENTENCE_END.split(part), compared, strict=True):
                flat_end = flat_start + len(printed)
                if len(normal) >= MIN_SENTENCE:
                    at = origin[flat_start]
                    found.append(
                        Sentence(
                            section.section_no,
                            _hash(normal),
                            lines.line_of(at),
                            at,
                            origin[flat_end - 1] + 1,
                        )
                    )
                flat_start = flat_end + 1
    return found


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
    values = np.array(sorted(hashes), dtype=np.int64).view(np.uint64)
    with np.errstate(over="ignore"):
        signature = (values[:, None] * _A[None, :] + _B[None, :]).min(axis=0)
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
