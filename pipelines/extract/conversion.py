"""OpenCC's Traditional -> Simplified conversion, at the speed of `str.translate`.

opencc-python-reimplemented stays the source of the dictionaries (its installed `config/` and
`dictionary/` files are read here, at first use) and of the rules, which this module mirrors
exactly (`tests/test_conversion.py` compares the two):

- the library cuts the text at its separators (whitespace and punctuation, its
  `split_chars_re`) and converts each piece between them on its own;
- a profile is a chain of groups of dictionaries (`t2s`: [TSPhrases, TSCharacters];
  `tw2sp`: [TWPhrasesRev, TWVariantsRevPhrases, TWVariantsRev] then [TSPhrases,
  TSCharacters]); each group converts what the group before it wrote;
- in a group, each dictionary converts what the dictionaries before it left unmatched, and
  its matches are not touched again in the group;
- one dictionary matches the *longest key first, leftmost among keys of that length*, then
  again in what is left on either side: every occurrence of a key is taken in the order
  (longer first, then further left) unless it overlaps one taken before. That is not
  leftmost-longest: with the keys AB and BCD, ABCD converts as A + BCD;
- a value with several candidates ("乾 乾 干") converts to its first.

No key and no value holds a separator, so an occurrence of a key never crosses a piece's
bounds and the pieces stay the same from group to group: the whole text is converted at
once. Occurrences of the phrase dictionaries' keys are found by a character-class scan (a
key's first character followed by a possible second one) and a dict lookup per candidate;
the greedy order above picks among them. The last dictionary of every group maps single
characters to single characters: everything no phrase matched is converted by one
`str.translate` of the whole text (or, for a table of a few characters, one `re.sub` where
they are), which keeps offsets, so the phrases' values are spliced into it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import opencc

# The profiles the parser uses (reading.to_simplified); any other profile of the library
# whose groups each end with a dictionary of single characters is converted the same way.
PROFILES = ("t2s", "tw2sp")

_BMP = 0x10000
# A last dictionary of at most this many characters is applied by re.sub, not str.translate.
FEW = 100
# Characters converted at once, at least (a text is cut after the next separator).
BLOCK = 1 << 16
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def separator_class() -> str:
    """The library's separators as one character class: its pattern is an alternation of
    `\\s+` and single characters."""
    pattern = opencc.OpenCC().split_chars_re.pattern
    if not (pattern.startswith("(") and pattern.endswith(")")):
        raise ValueError(f"unexpected OpenCC separator pattern {pattern!r}")
    members = []
    for alternative in pattern[1:-1].split("|"):
        if alternative == r"\s+":
            members.append(r"\s")
            continue
        char = alternative[1:] if alternative.startswith("\\") else alternative
        if len(char) != 1:
            raise ValueError(f"unexpected OpenCC separator {alternative!r}")
        members.append(re.escape(char))
    return "[" + "".join(members) + "]"


_SEPARATOR = re.compile(separator_class())


def read_dictionary(name: str) -> dict[str, str]:
    """key -> first candidate, read as the library reads it (the last line of a key wins)."""
    mapping = {}
    text = resources.files("opencc").joinpath("dictionary", name).read_text("utf-8")
    for line in text.splitlines():
        key, value = line.strip().split("\t")
        mapping[key] = value
    return {key: value.split(" ")[0] for key, value in mapping.items()}


def dictionary_groups(profile: str) -> list[list[str]]:
    """The dictionary file names of each group of a profile's conversion chain, in order."""
    config = json.loads(
        resources.files("opencc").joinpath("config", f"{profile}.json").read_text("utf-8")
    )

    def files(entry: dict[str, Any]) -> list[str]:
        if entry.get("type") == "group":
            return [name for item in entry["dicts"] for name in files(item)]
        if entry.get("type") == "txt":
            return [entry["file"]]
        return []

    return [names for chain in config["conversion_chain"] if (names := files(chain["dict"]))]


def _character_class(chars: Iterable[str]) -> str:
    return "[" + "".join(map(re.escape, sorted(chars))) + "]"


@dataclass(frozen=True)
class _Group:
    """One group of a profile's chain: its phrase dictionaries in order, then its characters."""

    phrases: tuple[dict[str, str], ...]  # key -> value, each without the keys no piece holds
    # a key's first two characters -> (its dictionary, its length) of each such key
    candidates: dict[str, tuple[tuple[int, int], ...]]
    pairs: re.Pattern[str] | None  # where such two characters may start
    singles: dict[str, tuple[int, ...]]  # one-character keys -> their dictionaries
    single: re.Pattern[str] | None
    table: list[int]  # code point -> code point, for str.translate of the BMP
    astral: dict[str, str]  # characters past the BMP the last dictionary converts
    # A table of a few characters (TWVariantsRev: 39) is applied where they are, not by a
    # translate of every character.
    few: tuple[re.Pattern[str], dict[str, str]] | None

    def convert(self, text: str) -> str:
        matches = self._matches(text) if self.phrases else []
        translated = self._translate(text)
        if not matches:
            return translated
        matches.sort()
        pieces = []
        done = 0
        for at, stop, value in matches:
            pieces.append(translated[done:at])
            pieces.append(value)
            done = stop
        pieces.append(translated[done:])
        return "".join(pieces)

    def _matches(self, text: str) -> list[tuple[int, int, str]]:
        """(start, stop, value) of the phrases matched: each dictionary in turn, its
        occurrences taken longest first, then leftmost, unless they overlap one taken."""
        found: list[list[tuple[int, int]]] = [[] for _ in self.phrases]
        phrases, candidates, size = self.phrases, self.candidates, len(text)
        if self.pairs is not None:
            for at in [match.start() for match in self.pairs.finditer(text)]:
                keys = candidates.get(text[at : at + 2])
                if keys:
                    for index, length in keys:
                        # (a slice past the end is shorter than the key it may equal)
                        if at + length <= size and text[at : at + length] in phrases[index]:
                            found[index].append((-length, at))
        if self.single is not None:
            for match in self.single.finditer(text):
                for index in self.singles[match[0]]:
                    found[index].append((-1, match.start()))
        matches = []
        taken = bytearray(size)
        for mapping, occurrences in zip(phrases, found, strict=True):
            occurrences.sort()
            for negative, at in occurrences:
                stop = at - negative
                if taken.find(1, at, stop) < 0:
                    taken[at:stop] = b"\x01" * -negative
                    matches.append((at, stop, mapping[text[at:stop]]))
        return matches

    def _translate(self, text: str) -> str:
        if self.few is not None:
            pattern, mapping = self.few
            return pattern.sub(lambda match: mapping[match[0]], text)
        translated = text.translate(self.table)
        if not self.astral or not _ASTRAL.search(text):
            return translated
        # The BMP table left the characters past it as they were (and a BMP character may
        # have become one past it: left alone).
        pieces = []
        done = 0
        for match in _ASTRAL.finditer(text):
            value = self.astral.get(match[0])
            if value is not None:
                at = match.start()
                pieces += [translated[done:at], value]
                done = at + 1
        pieces.append(translated[done:])
        return "".join(pieces)


@lru_cache(maxsize=1)
def _identity() -> tuple[int, ...]:
    return tuple(range(_BMP))


@cache
def _group(names: tuple[str, ...]) -> _Group:
    """(tw2sp's second group is t2s's, built once.)"""
    *phrase_names, character_name = names
    characters = read_dictionary(character_name)
    if any(len(key) != 1 or len(value) != 1 for key, value in characters.items()):
        raise ValueError(
            f"{character_name}: the last dictionary of a group must map single "
            f"characters to single characters"
        )
    # Separators never reach a dictionary: the library converts only the pieces between
    # them, so neither a separator nor a key holding one is ever matched.
    characters = {k: v for k, v in characters.items() if not _SEPARATOR.match(k)}
    phrases = tuple(
        {k: v for k, v in read_dictionary(name).items() if not _SEPARATOR.search(k)}
        for name in phrase_names
    )
    for mapping in (characters, *phrases):
        if any(_SEPARATOR.search(value) for value in mapping.values()):
            # The pieces would then not stay the same pieces from one group to the next.
            raise ValueError("an OpenCC dictionary value holds a separator")
    candidates: dict[str, set[tuple[int, int]]] = {}
    singles: dict[str, list[int]] = {}
    for index, mapping in enumerate(phrases):
        for key in mapping:
            if len(key) > 1:
                candidates.setdefault(key[:2], set()).add((index, len(key)))
            else:
                singles.setdefault(key, []).append(index)
    pairs = (
        re.compile(
            _character_class({p[0] for p in candidates})
            + "(?="
            + _character_class({p[1] for p in candidates})
            + ")"
        )
        if candidates
        else None
    )
    changed = {k: v for k, v in characters.items() if k != v}
    astral = {k: v for k, v in changed.items() if ord(k) >= _BMP}
    few = (
        (re.compile(_character_class(changed)), changed)
        if 0 < len(changed) <= FEW and not astral
        else None
    )
    table = [] if few else list(_identity())
    for key, value in changed.items():
        if ord(key) < _BMP and not few:
            table[ord(key)] = ord(value)
    return _Group(
        phrases,
        {p: tuple(sorted(c)) for p, c in candidates.items()},
        pairs,
        {k: tuple(v) for k, v in singles.items()},
        re.compile(_character_class(singles)) if singles else None,
        table,
        astral,
        few,
    )


class Converter:
    """One OpenCC profile (`t2s`, `tw2sp`), with output identical to `opencc.OpenCC(profile)`."""

    def __init__(self, profile: str):
        self.profile = profile
        self._groups = tuple(_group(tuple(names)) for names in dictionary_groups(profile))

    def convert(self, text: str) -> str:
        if len(text) <= BLOCK:
            return self._convert(text)
        # Pieces are converted apart, so a text cut after a separator converts as the sum of
        # its parts; a long text is cut so that its matches never sit in memory all at once.
        blocks = []
        start = 0
        while start < len(text):
            cut = _SEPARATOR.search(text, start + BLOCK)
            stop = cut.end() if cut else len(text)
            blocks.append(self._convert(text[start:stop]))
            start = stop
        return "".join(blocks)

    def _convert(self, text: str) -> str:
        for group in self._groups:
            text = group.convert(text)
        return text


@cache
def converter(profile: str) -> Converter:
    return Converter(profile)
