"""A report's sentences as fingerprints, so copying can be found without comparing texts.

Evaluators ask whether a report is more than last year's with the year changed, and whether
one body's report is another's under a new name. Both come down to shared sentences. Each
sentence of the report (the text reflowed, cut at 。；！？ and line ends) is normalised (numbers
and years become #, spaces and punctuation go) and hashed; a report's set of hashes is then
summarised by a MinHash signature cut into bands, so reports that share many sentences share
a band (locality-sensitive hashing). The warehouse joins hashes within an issuer's series and
bands across issuers: no pair of texts is ever compared directly, nothing is quadratic.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import regex

from pipelines.extract.lines import line_index
from pipelines.extract.records import Section
from pipelines.extract.reflow import reflow

# A sentence shorter than this (after normalising) says too little to count as copied:
# 无。 / 一、总体情况 / 2023年1月12日.
MIN_SENTENCE = 12
# MinHash: BANDS x ROWS hash functions; two reports whose sentence sets have Jaccard
# similarity s share a band with probability 1 - (1 - s^ROWS)^BANDS (s = 0.8: 0.999,
# s = 0.3: 0.06).
BANDS, ROWS = 8, 4
# Hash functions h(x) = a*x + b (mod 2^64, odd a): multiply-shift hashing, which numpy
# computes for every sentence and function at once.
_A = np.array([int.from_bytes(hashlib.blake2b(f"a{i}".encode(), digest_size=8).digest(), "big")
               | 1 for i in range(BANDS * ROWS)], dtype=np.uint64)
_B = np.array([int.from_bytes(hashlib.blake2b(f"b{i}".encode(), digest_size=8).digest(), "big")
               for i in range(BANDS * ROWS)], dtype=np.uint64)
_SENTENCE = regex.compile(r"[^。;!?\n]+")
_NUMBERS = regex.compile(r"[\d〇○零一二两三四五六七八九十百千万亿]*\d[\d,.]*"
                         r"|[〇○零][〇○零一二三四五六七八九]{3}")
_NOISE = regex.compile(r"[\s\p{P}\p{S}]+")


@dataclass(frozen=True)
class Sentence:
    section_no: int  # 0: before the first section
    hash: int  # signed 64-bit, of the normalised text
    line_no: int
    start: int  # offsets in the report's text
    end: int


def normalised(sentence: str) -> str:
    """The sentence as compared: numbers and years as #, no spaces or punctuation."""
    return _NOISE.sub("", _NUMBERS.sub("#", sentence))


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big",
                          signed=True)


def sentences(text: str, sections: list[Section],
              tables: Sequence[tuple[int, int]] = ()) -> list[Sentence]:
    """The sentences of the report's sections (not its crawler header, not its tables) long
    enough to count, each with its section and place."""
    lines = line_index(text)
    found = []
    for section in sections:
        start = lines.start_of(section.body_line) if section.body_line <= lines.count else \
            len(text)
        end = lines.start_of(section.last_line + 1) if section.last_line < lines.count \
            else len(text)
        for part_start, part_end in _outside(start, end, tables):
            flat, origin = reflow(text[part_start:part_end])
            for match in _SENTENCE.finditer(flat):
                compared = normalised(match.group(0))
                if len(compared) < MIN_SENTENCE:
                    continue
                at = part_start + origin[match.start()]
                found.append(Sentence(section.section_no, _hash(compared), lines.line_of(at),
                                      at, part_start + origin[match.end() - 1] + 1))
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
    return [_hash(f"{band}:" + ",".join(map(str, signature[band * ROWS:(band + 1) * ROWS])))
            for band in range(BANDS)]
