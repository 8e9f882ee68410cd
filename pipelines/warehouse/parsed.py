"""The record kinds a parsed report is stored as, with fixed Arrow schemas (so an empty
batch still has its columns), and writing Parquet atomically. store.py keeps them between
runs; they are the warehouse's only input: the build never re-parses a report."""

from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.extract.records import PARSER_VERSION, ParsedReport

SCHEMAS = {
    "reports": pa.schema([
        ("report_id", pa.string()), ("source_file", pa.string()), ("source_sha256", pa.string()),
        ("title", pa.string()), ("issuer", pa.string()), ("scope", pa.string()),
        ("jurisdiction_name", pa.string()), ("jurisdiction_code", pa.string()),
        ("jurisdiction_level", pa.string()), ("province_name", pa.string()),
        ("prefecture_name", pa.string()), ("report_year", pa.int32()), ("template", pa.string()),
        ("script", pa.string()), ("encoding", pa.string()), ("table_values", pa.string()),
        ("url", pa.string()), ("parse_status", pa.string()), ("parse_errors", pa.string()),
        ("parser_version", pa.string()), ("parsed_at", pa.timestamp("us", tz="UTC")),
    ]),
    "figures": pa.schema([
        ("report_id", pa.string()), ("fact", pa.string()), ("key1", pa.string()),
        ("key2", pa.string()), ("value", pa.float64()), ("unit", pa.string()),
        ("value_text", pa.string()), ("source", pa.string()), ("line_no", pa.int32()),
        ("decoded", pa.bool_()),
    ]),
    "sections": pa.schema([
        ("report_id", pa.string()), ("section_no", pa.int32()), ("heading", pa.string()),
        ("body", pa.string()), ("first_line", pa.int32()), ("last_line", pa.int32()),
    ]),
    "checks": pa.schema([
        ("report_id", pa.string()), ("check_name", pa.string()), ("subject", pa.string()),
        ("expected", pa.float64()), ("actual", pa.float64()), ("status", pa.string()),
        ("detail", pa.string()),
    ]),
    "texts": pa.schema([("report_id", pa.string()), ("text", pa.string())]),
    "unread_numbers": pa.schema([
        ("report_id", pa.string()), ("line_no", pa.int32()), ("text", pa.string()),
        ("why", pa.string()), ("in_table", pa.bool_()),
    ]),
}


def report_rows(report: ParsedReport, parsed_at: datetime) -> dict[str, list[dict]]:
    meta = report.metadata
    rid = report.report_id
    return {
        "reports": [{
            "report_id": rid, "source_file": report.source_file,
            "source_sha256": report.source_sha256, "title": meta.title, "issuer": meta.issuer,
            "scope": meta.scope, "jurisdiction_name": meta.jurisdiction_name,
            "jurisdiction_code": meta.jurisdiction_code,
            "jurisdiction_level": meta.jurisdiction_level, "province_name": meta.province_name,
            "prefecture_name": meta.prefecture_name, "report_year": meta.report_year,
            "template": meta.template, "script": report.script, "encoding": report.encoding,
            "table_values": report.table_values, "url": meta.url,
            "parse_status": report.parse_status,
            "parse_errors": "; ".join(report.parse_errors) or None,
            "parser_version": PARSER_VERSION, "parsed_at": parsed_at,
        }],
        "figures": [{"report_id": rid, "fact": f.fact, "key1": f.key1, "key2": f.key2,
                     "value": f.value, "unit": f.unit, "value_text": f.value_text,
                     "source": f.source, "line_no": f.line_no, "decoded": f.decoded}
                    for f in report.figures],
        "sections": [{"report_id": rid, "section_no": s.section_no, "heading": s.heading,
                      "body": s.body, "first_line": s.first_line, "last_line": s.last_line}
                     for s in report.sections],
        "checks": [{"report_id": rid, "check_name": c.check_name, "subject": c.subject,
                    "expected": c.expected, "actual": c.actual, "status": c.status,
                    "detail": c.detail} for c in report.checks],
        "texts": [{"report_id": rid, "text": report.text}] if report.text else [],
        "unread_numbers": [{"report_id": rid, "line_no": u.line_no, "text": u.text,
                            "why": u.why, "in_table": u.in_table}
                           for u in report.unread_numbers],
    }


def write_parquet_atomically(table: pa.Table, path: Path) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        pq.write_table(table, temporary)
        os.chmod(temporary, 0o644)  # mkstemp makes files private; analysts read these
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
