"""parse_report(path) -> ParsedReport: the one entry point of the extraction package.

A report file is untrusted input. Whatever it holds, parse_report returns a record: a file
that cannot be read or is not a report comes back `failed` with the reason, a report with
parts that could not be placed comes back `partial` with each problem named, and an
unexpected error in the parser is caught and recorded the same way, so one bad file never
stops a run.
"""

from __future__ import annotations

import hashlib
import json
import traceback
from pathlib import Path

from pipelines.extract.accounting import unread_numbers
from pipelines.extract.checks import coverage_check, report_checks
from pipelines.extract.metadata import infer_metadata
from pipelines.extract.prose import narrative_figures
from pipelines.extract.reading import UnreadableReport, read_report_bytes
from pipelines.extract.records import ParsedReport, Section
from pipelines.extract.sections import body_span, sections_of
from pipelines.extract.statistics import statistics_table_figures
from pipelines.extract.tables import TablesReading, read_tables
from pipelines.extract.tables.decoding import Printing

SIDECAR_SUFFIX = ".meta.json"
SIDECAR_FIELDS = ("jurisdiction", "issuer", "year", "url", "title")
# A file larger than this is not a report; reading it whole would only cost memory.
MAX_REPORT_BYTES = 20 * 1024 * 1024

# Which numbered section holds which table, and a word its heading must contain.
_TABLE_SECTIONS = (
    (2, ("主动公开",), "publications"),
    (3, ("申请",), "applications"),
    (4, ("复议", "诉讼"), "appeals"),
)


def parse_report(path: Path, source_file: str | None = None) -> ParsedReport:
    data = path.read_bytes() if path.stat().st_size <= MAX_REPORT_BYTES else None
    if data is None:
        digest = file_sha256(path)
        return ParsedReport(report_id=digest[:16], source_file=source_file or path.name,
                            source_sha256=digest, parse_status="failed",
                            parse_errors=[f"file is {path.stat().st_size} bytes, over the "
                                          f"{MAX_REPORT_BYTES} byte limit for a report"])
    stated, sidecar_errors = read_sidecar(path)
    report = parse_report_bytes(data, source_file or path.name, stated)
    report.parse_errors[:0] = sidecar_errors
    if sidecar_errors and report.parse_status == "ok":
        report.parse_status = "partial"
    return report


def parse_report_bytes(data: bytes, source_file: str, stated: dict | None = None) -> ParsedReport:
    digest = hashlib.sha256(data).hexdigest()
    report = ParsedReport(report_id=digest[:16], source_file=source_file, source_sha256=digest,
                          parse_status="ok")
    try:
        _parse_into(report, data, stated or {})
    except UnreadableReport as error:
        report.parse_status = "failed"
        report.parse_errors.append(str(error))
    except Exception as error:  # noqa: BLE001 - one bad file must not stop the run
        report.parse_status = "failed"
        frame = traceback.extract_tb(error.__traceback__)[-1]
        report.parse_errors.append(f"parser error {type(error).__name__}: {error} "
                                   f"({Path(frame.filename).name}:{frame.lineno})")
    return report


def _parse_into(report: ParsedReport, data: bytes, stated: dict) -> None:
    read = read_report_bytes(data)
    text, sections = sections_of(read.text)
    report.text, report.encoding, report.script = text, read.encoding, read.script
    if "信息公开" not in text and "政务公开" not in text:
        raise UnreadableReport("not an information-disclosure report: the text never mentions "
                               "信息公开 or 政务公开")
    report.sections = sections
    report.metadata = meta = infer_metadata(text, report.sections, stated)
    report.parse_errors.extend(meta.notes)
    for field, problem in (("report_year", "report year not found"),
                           ("template", "template not recognised"),
                           ("issuer", "issuer not found"),
                           ("jurisdiction_code", "place not resolved to a GB/T 2260 code")):
        if getattr(meta, field) is None:
            report.parse_errors.append(problem)

    tables = TablesReading()
    if meta.template in ("f2021", "f2019"):
        tables = extract_tables(text, report.sections, meta.template)
        report.figures.extend(tables.figures)
        report.parse_errors.extend(tables.problems)
    report.table_values = tables.table_values
    stated = narrative_figures(text, meta.template)
    regions = list(tables.regions)
    if meta.template == "pre2019":
        statistics = statistics_table_figures(text, collapsed_lines(text))
        report.parse_errors.extend(statistics.problems)
        if statistics.region:
            regions.append(statistics.region)
        # Prose first: a figure the text states keeps its phrase; the table fills the rest.
        keys = {(f.fact, f.key1, f.key2) for f in stated}
        stated += [f for f in statistics.figures if (f.fact, f.key1, f.key2) not in keys]
    report.figures.extend(stated)
    report.unread_numbers = unread_numbers(text, report.sections, report.figures, regions,
                                           tables.unread)
    report.checks = report_checks(report.figures)
    report.checks.append(coverage_check(report.unread_numbers, bool(tables.regions)))
    if report.parse_errors:
        report.parse_status = "partial"


def extract_tables(text: str, sections: list[Section], template: str) -> TablesReading:
    """表二/三/四, each read from the section whose heading names it (a report may number
    its sections otherwise than the template), or, where none does, from wherever the
    table's own header is."""
    regions = {}
    for number, keywords, table in _TABLE_SECTIONS:
        named = [s for s in sections if any(k in s.heading for k in keywords)]
        section = next((s for s in named if s.section_no == number), named[0] if named else None)
        if section is not None:
            regions[table] = body_span(text, section)
    return read_tables(text, regions, template, Printing(collapsed=collapsed_lines(text)))


def collapsed_lines(text: str) -> bool:
    """Whether the text was written by a crawler that drops a line equal to the one before
    it: a text with a line per table cell and never two equal lines in a row."""
    lines = [line for line in text.split("\n") if line]
    numbers = sum(1 for line in lines if line.isdigit())
    return numbers >= 3 and all(a != b for a, b in zip(lines, lines[1:]))


def read_sidecar(path: Path) -> tuple[dict, list[str]]:
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if not sidecar.exists():
        return {}, []
    try:
        stated = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        return {}, [f"sidecar {sidecar.name} unreadable: {error}"]
    if not isinstance(stated, dict):
        return {}, [f"sidecar {sidecar.name} is not a JSON object"]
    unknown = sorted(set(stated) - set(SIDECAR_FIELDS))
    kept = {k: str(v) for k, v in stated.items() if k in SIDECAR_FIELDS and v is not None}
    return kept, [f"sidecar {sidecar.name}: unknown fields {unknown}"] if unknown else []


def file_sha256(path: Path) -> str:
    """sha256 of a file, read in blocks (a report may be far larger than memory allows)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
