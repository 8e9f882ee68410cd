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
from datetime import datetime
from functools import partial
from operator import attrgetter, is_not
from pathlib import Path
from typing import NamedTuple

import pyarrow as pa

from pipelines.extract.records import PARSER_VERSION, ParsedReport

# What made a stored report: the parser, and this module, which shapes its records into the
# store's rows. The manifest keeps it beside each file, so a change to either re-parses every
# report: a change to the shaping alone would otherwise leave rows of the old shape in the
# parts already written beside rows of the new one in the parts written after it.
STORED_BY = f"{PARSER_VERSION}+rows.{hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:10]}"

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


class StoredRows(NamedTuple):
    """One report's records as the store takes them: its dim_report row (what a run reports
    of it) and each kind's columns in its schema's order. Made where the report is parsed, so
    the one process every worker hands its files to does less for each: lists of values are
    unpickled in 0.13 ms where row dicts took 0.31, a part is its reports' columns put end to
    end, and the two parts it may hold take 56 MB a thousand reports, not 105."""

    report: dict
    columns: dict[str, list[list]]


# Each kind made of a list of the report's records (of the same name), and the attribute of a
# record that holds a column where it is not named like the column. (A report's text is one
# row of `texts`; its bands are numbered as they come.)
_RECORD_KINDS = ("figures", "sections", "checks", "parts", "tables", "sentences", "unread_numbers")
_ATTRIBUTE_OF = {
    "required_part": "part",
    "table_name": "table",
    "sentence_hash": "hash",
    "start_offset": "start",
    "end_offset": "end",
}
# Each record kind's getter of a record's values (in its schema's order, after report_id), and
# its columns of text, which the store escapes: made once, not for each report. (Every kind
# has several values, so a getter gives a tuple.)
_RECORD_VALUES = {
    kind: attrgetter(*(_ATTRIBUTE_OF.get(name, name) for name in SCHEMAS[kind].names[1:]))
    for kind in _RECORD_KINDS
}
_TEXT_COLUMNS = {
    kind: tuple(
        field.name
        for field in SCHEMAS[kind]
        if pa.types.is_string(field.type) and field.name != "report_id"
    )
    for kind in _RECORD_KINDS
}
_INTEGER_COLUMNS = {
    "figures": ("line_no",),
    "sections": ("section_no", "body_start", "body_end", "first_line", "last_line"),
    "unread_numbers": ("line_no",),
}

# One kind's columns by name, as stored_rows makes them.
Columns = dict[str, list]


def stored_rows(report: ParsedReport, parsed_at: datetime) -> StoredRows:
    """The report's records as the store keeps them, each value held to what the warehouse
    can store and trust (hold_to_ranges) and each text to what UTF-8 can hold. Made column by
    column from its records: made as a dict a row, then turned into columns, they took twice
    as long (0.64-1.1 ms a generated report against 0.30-0.56)."""
    report_id = storable(report.report_id)
    columns = {kind: _record_columns(report, kind, report_id) for kind in _RECORD_KINDS}
    text = storable(report.text)
    if text is not report.text:
        # sections are offsets into the text as stored, which escaping lengthened
        sections = columns["sections"]
        for name in ("body_start", "body_end"):
            sections[name] = [len(storable(report.text[:offset])) for offset in sections[name]]
    texts = [text] if report.text else []
    columns["texts"] = {"report_id": [report_id] * len(texts), "text": texts}
    columns["bands"] = {
        "report_id": [report_id] * len(report.bands),
        "band": list(range(len(report.bands))),
        "band_hash": list(report.bands),
    }
    row = _report_row(report, parsed_at)
    problems = hold_to_ranges(row, columns)
    if problems and row["parse_status"] == "ok":
        row["parse_status"] = "partial"
    row["parse_errors"] = "; ".join(capped_errors(list(report.parse_errors) + problems)) or None
    for name, value in row.items():
        if isinstance(value, str):
            row[name] = storable(value)
    # (after the holds, whose reasons quote values as printed)
    for kind, names in _TEXT_COLUMNS.items():
        for name in names:
            columns[kind][name] = _storable_column(columns[kind][name])
    return StoredRows(
        row,
        {
            kind: [[row[name]] for name in schema.names]
            if kind == "reports"
            else [columns[kind][name] for name in schema.names]
            for kind, schema in SCHEMAS.items()
        },
    )


def _record_columns(report: ParsedReport, kind: str, report_id: str) -> Columns:
    records = getattr(report, kind)
    names = SCHEMAS[kind].names[1:]
    values = zip(*map(_RECORD_VALUES[kind], records), strict=True) if records else [[]] * len(names)
    columns: Columns = {"report_id": [report_id] * len(records)}
    for name, column in zip(names, values, strict=True):
        columns[name] = list(column)
    return columns


def _report_row(report: ParsedReport, parsed_at: datetime) -> dict:
    meta = report.metadata
    return {
        "report_id": report.report_id,
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
            f"{word} (line {line})" if word == province else f"{word} ({province}, line {line})"
            for word, province, line in meta.other_provinces
        )
        or None,
    }


def hold_to_ranges(report: dict, columns: dict[str, Columns]) -> list[str]:
    """Leave NULL every value the warehouse must not cast or trust (in the report's row and
    its kinds' columns); the reasons."""
    problems = []
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
    figures = columns["figures"]
    values = figures["value"]
    for index, value in enumerate(values):
        if not _sane(value):
            problems.append(
                f"{figures['fact'][index]} {figures['key1'][index]}/{figures['key2'][index]} "
                f"at line {figures['line_no'][index]}: {_shown(figures['value_text'][index])} "
                f"is not a count (over 10^12 or not a number); left NULL"
            )
            values[index] = None
    checks = columns["checks"]
    for name in ("expected", "actual"):
        checks[name] = [value if _sane(value) else None for value in checks[name]]
    for kind, names in _INTEGER_COLUMNS.items():
        for name in names:
            columns[kind][name] = [
                value if value is None or (isinstance(value, int) and value in _INT32) else None
                for value in columns[kind][name]
            ]
    unread = columns["unread_numbers"]
    count = len(unread["report_id"])
    if count > MAX_UNREAD_KEPT:
        problems.append(
            f"{count - MAX_UNREAD_KEPT} more unread numbers not kept (the "
            f"first {MAX_UNREAD_KEPT} are)"
        )
        for column in unread.values():
            del column[MAX_UNREAD_KEPT:]
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


def storable(text: str) -> str:
    """text as UTF-8 can hold it: a lone surrogate (or a file-name byte that is not UTF-8)
    becomes an escape instead of failing the whole write."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _storable_column(values: list) -> list:
    """storable(value) for each text of a column: tested as one string first, since all
    but a hostile file's are already."""
    try:
        "".join(filter(_is_not_none, values)).encode("utf-8")
        return values
    except (TypeError, ValueError):  # (UnicodeEncodeError is a ValueError)
        return [storable(value) if isinstance(value, str) else value for value in values]


_is_not_none = partial(is_not, None)
