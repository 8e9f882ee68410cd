"""The typed records a parsed report is made of; the warehouse tables are shaped from them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipelines.extract.fingerprints import Sentence
    from pipelines.extract.requirements import Part, TableStatus

# The release, and a digest of the parser's own files: a change to the parser re-parses
# every report even where nobody remembered to raise the release.
PARSER_RELEASE = "2.0.0"


def _source_digest() -> str:
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".csv") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:10]


PARSER_VERSION = f"{PARSER_RELEASE}+{_source_digest()}"


@dataclass(frozen=True)
class Figure:
    """One printed number (or printed blank) with the codes that say what it counts.

    key1/key2 follow gold/facts.tsv: item/applicant_type, proceeding/result,
    category/measure, fee_type/amount_yuan|cases. `value` is None where the report printed a
    blank, '/', or something that is not a number; `value_text` is what was printed."""

    fact: str
    key1: str
    key2: str
    value: float | None
    value_text: str
    source: str  # table | narrative
    line_no: int  # 1-based line of the report's normalised text where it was printed
    unit: str | None = None
    decoded: bool = False  # restored from a row printed without all its cells (decoding.py)
    # Offsets in the report's text of what was printed for it, so every printed number can be
    # accounted for; not stored (line_no and value_text are what the warehouse keeps).
    span: tuple[int, int] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Section:
    section_no: int
    heading: str
    body: str
    first_line: int  # line number of the heading
    last_line: int
    body_line: int = 0  # line number where the body starts (a heading may span lines)
    # body is text[body_start:body_end] of the report's text: the warehouse stores the text
    # once and cuts the bodies from it.
    body_start: int = 0
    body_end: int = 0


@dataclass(frozen=True)
class Check:
    check_name: str
    subject: str
    expected: float | None
    actual: float | None
    status: str  # pass | fail | not_assessable
    detail: str


@dataclass(frozen=True)
class UnreadNumber:
    """A number printed where figures are printed (a table, the sections on applications,
    appeals and fees) that no figure took and that is not a year, a date, an article …"""

    line_no: int
    text: str
    why: str
    in_table: bool  # printed inside a table's region
    span: tuple[int, int] = field(default=(0, 0), compare=False)


@dataclass
class ReportMetadata:
    title: str | None = None
    issuer: str | None = None
    scope: str | None = None
    jurisdiction_name: str | None = None
    jurisdiction_code: str | None = None
    jurisdiction_level: str | None = None
    province_name: str | None = None
    prefecture_name: str | None = None
    report_year: int | None = None
    template: str | None = None
    url: str | None = None
    published_on: date | None = None  # when the report was published, where it says
    published_on_source: str | None = None  # sidecar | page | signature
    published_on_text: str | None = None  # the date as printed (or stated)
    published_on_line: int | None = None
    # Dates the page prints that cannot be its publication (a 2025-01-01 on a report of
    # 2025): why published_on may be unknown though a date is printed.
    published_on_passed_over: str | None = None
    # (word, province, line): provinces other than the issuer's it names in full, whose
    # daily paper it cites, or one of whose places a local outlet's title names.
    other_provinces: list[tuple[str, str, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what inference had to assume


@dataclass
class ParsedReport:
    report_id: str
    source_file: str
    source_sha256: str | None  # None for a file refused unread (source.refused_report)
    parse_status: str  # ok | partial | failed
    parse_errors: list[str] = field(default_factory=list)
    metadata: ReportMetadata = field(default_factory=ReportMetadata)
    script: str | None = None
    encoding: str | None = None
    table_values: str | None = None  # filled | blank | none
    text: str = ""
    sections: list[Section] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    unread_numbers: list[UnreadNumber] = field(default_factory=list)
    # What the report's regulation requires of it and what it holds (requirements.py).
    parts: list[Part] = field(default_factory=list)
    tables: list[TableStatus] = field(default_factory=list)
    # Fingerprints for finding copied text (fingerprints.py): sentence hashes, MinHash bands.
    sentences: list[Sentence] = field(default_factory=list)
    bands: list[int] = field(default_factory=list)
