"""The record kinds a parsed report is stored as, with fixed Arrow schemas (so an empty
batch still has its columns), and writing Parquet atomically. store.py keeps them between
runs; they are the warehouse's only input: the build never re-parses a report.

This is the edge between the parser and the warehouse, so every value is held to what the
warehouse can store and an analyst can trust before it is written: a count over 10^12 (or not
a finite number), a year outside 1990-2100, a line number past a 32-bit integer, a source
address that is not http(s), are each left NULL with the reason among the report's errors;
text that cannot be UTF-8 (a lone surrogate) is escaped. A report keeps its first
MAX_ERRORS_KEPT errors and a count of the rest, and its first MAX_UNREAD_KEPT unread numbers,
so a hostile file writes kilobytes of them, not megabytes.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

import pyarrow as pa

from pipelines.extract.records import PARSER_VERSION, ParsedReport

# What made a stored report: the parser, and this module, which shapes its records into the
# store's rows. The manifest keeps it beside each file, so a change to either re-parses every
# report: a change to the shaping alone would otherwise leave rows of the old shape in the
# parts already written beside rows of the new one in the parts written after it.
STORED_BY = f"{PARSER_VERSION}+rows.{hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:10]}"

# One report's records: each kind of the store (reports, figures, ...) and its rows.
Rows = dict[str, list[dict]]


SCHEMAS = {
    "reports": pa.schema(
        [
            ("report_id", pa.string()),
            ("source_file", pa.string()),
            ("source_sha256", pa.string()),
            ("title", pa.string()),
            ("issuer", pa.string()),
            ("scope", pa.string()),
            ("jurisdiction_name", pa.string()),
            ("jurisdiction_code", pa.string()),
            ("jurisdiction_level", pa.string()),
            ("province_name", pa.string()),
            ("prefecture_name", pa.string()),
            ("report_year", pa.int32()),
            ("template", pa.string()),
            ("script", pa.string()),
            ("encoding", pa.string()),
            ("table_values", pa.string()),
            ("url", pa.string()),
            ("parse_status", pa.string()),
            ("parse_errors", pa.string()),
            ("parser_version", pa.string()),
            ("parsed_at", pa.timestamp("us", tz="UTC")),
            ("published_on", pa.date32()),
            ("published_on_source", pa.string()),
            ("published_on_text", pa.string()),
            ("published_on_line", pa.int32()),
            ("published_on_passed_over", pa.string()),
            ("other_provinces", pa.string()),
        ]
    ),
    "figures": pa.schema(
        [
            ("report_id", pa.string()),
            ("fact", pa.string()),
            ("key1", pa.string()),
            ("key2", pa.string()),
            ("value", pa.float64()),
            ("unit", pa.string()),
            ("value_text", pa.string()),
            ("source", pa.string()),
            ("line_no", pa.int32()),
            ("decoded", pa.bool_()),
        ]
    ),
    "sections": pa.schema(
        [
            ("report_id", pa.string()),
            ("section_no", pa.int32()),
            ("heading", pa.string()),
            # the body is not stored again: it is texts.text[body_start:body_end]
            ("body_start", pa.int32()),
            ("body_end", pa.int32()),
            ("first_line", pa.int32()),
            ("last_line", pa.int32()),
        ]
    ),
    "checks": pa.schema(
        [
            ("report_id", pa.string()),
            ("check_name", pa.string()),
            ("subject", pa.string()),
            ("expected", pa.float64()),
            ("actual", pa.float64()),
            ("status", pa.string()),
            ("detail", pa.string()),
        ]
    ),
    "texts": pa.schema([("report_id", pa.string()), ("text", pa.string())]),
    "parts": pa.schema(
        [
            # (not `part`: every stored kind gets a column `part`, the store part it is in)
            ("report_id", pa.string()),
            ("required_part", pa.string()),
            ("found", pa.bool_()),
            ("heading", pa.string()),
        ]
    ),
    "tables": pa.schema(
        [
            ("report_id", pa.string()),
            ("table_name", pa.string()),
            ("status", pa.string()),
            ("cells_read", pa.int32()),
            ("cells_template", pa.int32()),
        ]
    ),
    "sentences": pa.schema(
        [
            ("report_id", pa.string()),
            ("section_no", pa.int16()),
            ("sentence_hash", pa.int64()),
            ("line_no", pa.int32()),
            ("start_offset", pa.int32()),
            ("end_offset", pa.int32()),
        ]
    ),
    "bands": pa.schema(
        [
            ("report_id", pa.string()),
            ("band", pa.int16()),
            ("band_hash", pa.int64()),
        ]
    ),
    "unread_numbers": pa.schema(
        [
            ("report_id", pa.string()),
            ("line_no", pa.int32()),
            ("text", pa.string()),
            ("why", pa.string()),
            ("in_table", pa.bool_()),
        ]
    ),
}


# A count (or an amount in yuan) larger than this is a misread, never a figure: it is NULL.
MAX_COUNT = 10**12
YEARS = range(1990, 2101)
MAX_ERRORS_KEPT = 50
MAX_ERROR_CHARS = 500
MAX_UNREAD_KEPT = 1000
_INT32 = range(-(2**31), 2**31)
_INTEGER_COLUMNS = ("line_no", "section_no", "body_start", "body_end", "first_line", "last_line")


class StoredRows(NamedTuple):
    """One report's records as the store takes them: its dim_report row (what a run reports
    of it) and each kind's columns in its schema's order. Made where the report is parsed, so
    the one process every worker hands its files to does less for each: lists of values are
    unpickled in 0.13 ms where row dicts took 0.31, a part is its reports' columns put end to
    end, and the two parts it may hold take 56 MB a thousand reports, not 105."""

    report: dict
    columns: dict[str, list[list]]


def stored_rows(rows: Rows) -> StoredRows:
    return StoredRows(
        rows["reports"][0],
        {kind: columns_of(rows[kind], schema) for kind, schema in SCHEMAS.items()},
    )


def columns_of(rows: list[dict], schema: pa.Schema) -> list[list]:
    """The rows' values column by column, a key a row lacks as NULL, as Table.from_pylist
    takes them but faster (0.19-0.20 s over a manifest of 101 000 rows, where it took
    0.25-0.87)."""
    return [[row.get(name) for row in rows] for name in schema.names]


def report_rows(report: ParsedReport, parsed_at: datetime) -> Rows:
    meta = report.metadata
    rid = report.report_id
    stored_offset = _stored_offsets(report.text)
    rows = {
        "reports": [
            {
                "report_id": rid,
                "source_file": report.source_file,
                "source_sha256": report.source_sha256,
                "title": meta.title,
                "issuer": meta.issuer,
                "scope": meta.scope,
                "jurisdiction_name": meta.jurisdiction_name,
                "jurisdiction_code": meta.jurisdiction_code,
                "jurisdiction_level": meta.jurisdiction_level,
                "province_name": meta.province_name,
                "prefecture_name": meta.prefecture_name,
                "report_year": meta.report_year,
                "template": meta.template,
                "script": report.script,
                "encoding": report.encoding,
                "table_values": report.table_values,
                "url": meta.url,
                "parse_status": report.parse_status,
                "parse_errors": None,
                "parser_version": PARSER_VERSION,
                "parsed_at": parsed_at,
                "published_on": meta.published_on,
                "published_on_source": meta.published_on_source,
                "published_on_text": meta.published_on_text,
                "published_on_line": meta.published_on_line,
                "published_on_passed_over": meta.published_on_passed_over,
                "other_provinces": "; ".join(
                    f"{word} (line {line})"
                    if word == province
                    else f"{word} ({province}, line {line})"
                    for word, province, line in meta.other_provinces
                )
                or None,
            }
        ],
        "figures": [
            {
                "report_id": rid,
                "fact": f.fact,
                "key1": f.key1,
                "key2": f.key2,
                "value": f.value,
                "unit": f.unit,
                "value_text": f.value_text,
                "source": f.source,
                "line_no": f.line_no,
                "decoded": f.decoded,
            }
            for f in report.figures
        ],
        "sections": [
            {
                "report_id": rid,
                "section_no": s.section_no,
                "heading": s.heading,
                "body_start": stored_offset(s.body_start),
                "body_end": stored_offset(s.body_end),
                "first_line": s.first_line,
                "last_line": s.last_line,
            }
            for s in report.sections
        ],
        "checks": [
            {
                "report_id": rid,
                "check_name": c.check_name,
                "subject": c.subject,
                "expected": c.expected,
                "actual": c.actual,
                "status": c.status,
                "detail": c.detail,
            }
            for c in report.checks
        ],
        "texts": [{"report_id": rid, "text": report.text}] if report.text else [],
        "unread_numbers": [
            {
                "report_id": rid,
                "line_no": u.line_no,
                "text": u.text,
                "why": u.why,
                "in_table": u.in_table,
            }
            for u in report.unread_numbers
        ],
        "parts": [
            {"report_id": rid, "required_part": p.part, "found": p.found, "heading": p.heading}
            for p in report.parts
        ],
        "tables": [
            {
                "report_id": rid,
                "table_name": t.table,
                "status": t.status,
                "cells_read": t.cells_read,
                "cells_template": t.cells_template,
            }
            for t in report.tables
        ],
        "sentences": [
            {
                "report_id": rid,
                "section_no": s.section_no,
                "sentence_hash": s.hash,
                "line_no": s.line_no,
                "start_offset": s.start,
                "end_offset": s.end,
            }
            for s in report.sentences
        ],
        "bands": [
            {"report_id": rid, "band": band, "band_hash": band_hash}
            for band, band_hash in enumerate(report.bands)
        ],
    }
    problems = hold_to_ranges(rows)
    row = rows["reports"][0]
    if problems and row["parse_status"] == "ok":
        row["parse_status"] = "partial"
    row["parse_errors"] = "; ".join(capped_errors(list(report.parse_errors) + problems)) or None
    for kind_rows in rows.values():
        for record in kind_rows:
            for column, value in record.items():
                if isinstance(value, str):
                    record[column] = storable(value)
    return rows


def hold_to_ranges(rows: Rows) -> list[str]:
    """Leave NULL every value the warehouse must not cast or trust; the reasons."""
    problems = []
    report = rows["reports"][0]
    year = report["report_year"]
    if year is not None and (not isinstance(year, int) or year not in YEARS):
        problems.append(
            f"report year {_shown(year)} is outside {YEARS.start}-{YEARS.stop - 1}; left NULL"
        )
        report["report_year"] = None
    url = report["url"]
    if url is not None and not (
        isinstance(url, str) and url[:8].lower().startswith(("http://", "https://"))
    ):
        problems.append(f"source url {_shown(url)} is not an http(s) address; left NULL")
        report["url"] = None
    for figure in rows["figures"]:
        if not _sane(figure["value"]):
            problems.append(
                f"{figure['fact']} {figure['key1']}/{figure['key2']} at line "
                f"{figure['line_no']}: {_shown(figure['value_text'])} is not a "
                f"count (over 10^12 or not a number); left NULL"
            )
            figure["value"] = None
    for check in rows["checks"]:
        for column in ("expected", "actual"):
            if not _sane(check[column]):
                check[column] = None
    for kind in ("figures", "sections", "unread_numbers"):
        for record in rows[kind]:
            for column in _INTEGER_COLUMNS:
                value = record.get(column)
                if value is not None and (not isinstance(value, int) or value not in _INT32):
                    record[column] = None
    unread = rows["unread_numbers"]
    if len(unread) > MAX_UNREAD_KEPT:
        problems.append(
            f"{len(unread) - MAX_UNREAD_KEPT} more unread numbers not kept (the "
            f"first {MAX_UNREAD_KEPT} are)"
        )
        del unread[MAX_UNREAD_KEPT:]
    return problems


def _sane(value) -> bool:
    if value is None:
        return True
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(value) and abs(value) <= MAX_COUNT
    except OverflowError:  # an int too large for a float
        return False


def _shown(value) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return repr(text if len(text) <= 40 else text[:40] + "…")


def capped_errors(errors: list[str]) -> list[str]:
    """The first MAX_ERRORS_KEPT errors (each at most MAX_ERROR_CHARS) and a count of the rest."""
    kept = [
        error if len(error) <= MAX_ERROR_CHARS else error[:MAX_ERROR_CHARS] + "…"
        for error in errors[:MAX_ERRORS_KEPT]
    ]
    if len(errors) > MAX_ERRORS_KEPT:
        kept.append(f"… and {len(errors) - MAX_ERRORS_KEPT} more problems not kept")
    return kept


def _stored_offsets(text: str) -> Callable[[int], int]:
    """Offsets of the text -> offsets of the text as it is stored: the same, unless a
    character before them had to be escaped (storable escapes each character on its own)."""
    if storable(text) is text:
        return lambda offset: offset
    return lambda offset: len(storable(text[:offset]))


def storable(text: str) -> str:
    """text as UTF-8 can hold it: a lone surrogate (or a file-name byte that is not UTF-8)
    becomes an escape instead of failing the whole write."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
