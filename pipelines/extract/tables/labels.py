"""Printed labels -> the codes they name, with the template's vocabulary (codes.csv keywords).

A label may arrive whole (`三、本年度办理结果 | (一)予以公开`), split over lines one text run at
a time (`（三）` / `不予公开` / `1.` / `属于国家秘密`) or glued to its neighbours, so labels are
matched as a *segment*: every label token between two runs of numbers, joined. A segment may
name several rows (rows printed blank have no numbers between their labels); the numbers that
follow belong to the last one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from pipelines.extract import vocabulary

# A label's numbering and the punctuation around it: (一) 1. 一、 ①.
_NUMBERING = regex.compile(
    r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十\d]+\)|\d+[.、]|"
    r"[①-⑳])"
)
_PUNCTUATION = regex.compile(r"[\s\p{P}]+")
MATCHES_KEPT = 4096


def label_text(text: str) -> str:
    """A label without its numbering and punctuation: '(七)总计' -> '总计'."""
    return _PUNCTUATION.sub("", _NUMBERING.sub("", text.strip()))


@dataclass(frozen=True)
class Match:
    code: str
    start: int  # offset in the segment's joined text
    end: int
    whole: bool  # matched a whole label (=其他, =总计), not a word inside one


class Vocabulary:
    """The words of one dimension of one template: which codes are printed, which are
    groups of printed codes, and the keywords of both."""

    def __init__(self, fact: str, dimension: str, template: str | None):
        """template None: what any of the templates prints."""
        codes = vocabulary.dimension(fact, dimension)
        self.printed = tuple(
            c.code
            for c in codes
            if any(c.printed_in(t) for t in ((template,) if template else vocabulary.TEMPLATES))
        )
        self.parent = {c.code: c.parent for c in codes}
        parents = {self.parent[c] for c in self.printed if self.parent.get(c)}
        self.groups = frozenset(
            c.code for c in codes if c.code in parents and c.code not in self.printed
        )
        words: list[tuple[str, str]] = []
        self.whole_labels: dict[str, str] = {}
        for c in codes:
            if c.code not in self.printed and c.code not in self.groups:
                continue
            for keyword in c.keywords:
                if keyword.startswith("="):
                    self.whole_labels[keyword[1:]] = c.code
                else:
                    words.append((keyword, c.code))
        words.sort(key=lambda pair: -len(pair[0]))  # longest first at the same position
        self.code_of = dict(words)
        self.pattern = regex.compile("|".join(regex.escape(w) for w, _ in words)) if words else None

    def matches(self, labels: list[str]) -> list[Match]:
        """Codes named by a segment's labels, in printed order."""
        return list(_kept_matches(self, tuple(labels)))

    def found_in(self, labels: tuple[str, ...]) -> tuple[Match, ...]:
        """The codes the labels name, found anew (matches keeps what it found)."""
        joined = "".join(labels)
        found = (
            [
                Match(self.code_of[m.group(0)], m.start(), m.end(), False)
                for m in self.pattern.finditer(joined)
            ]
            if self.pattern
            else []
        )
        position = 0
        for label in labels:
            code = self.whole_labels.get(label_text(label))
            if code:
                found.append(Match(code, position, position + len(label), True))
            position += len(label)
        return tuple(sorted(found, key=lambda m: m.start))


# A template's labels are printed alike report after report (all but 101 of 16 000 segments
# of 600 generated reports, all but 181 of 2 000 of the real corpus): the last MATCHES_KEPT
# segments' matches are kept, of whichever vocabulary.
@lru_cache(maxsize=MATCHES_KEPT)
def _kept_matches(vocabulary: Vocabulary, labels: tuple[str, ...]) -> tuple[Match, ...]:
    return vocabulary.found_in(labels)


@cache
def vocabulary_of(fact: str, dimension: str, template: str | None) -> Vocabulary:
    return Vocabulary(fact, dimension, template)
