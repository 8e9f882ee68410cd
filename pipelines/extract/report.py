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
import os
import stat as stat_module
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import regex

from pipelines.extract.accounting import unread_numbers
from pipelines.extract.checks import coverage_check, report_checks
from pipelines.extract.fingerprints import bands, sentences
from pipelines.extract.metadata import infer_metadata
from pipelines.extract.prose import narrative_figures
from pipelines.extract.reading import UnreadableReport, read_report_bytes
from pipelines.extract.records import Figure, ParsedReport, Section
from pipelines.extract.requirements import parts, table_statuses
from pipelines.extract.sections import body_span, sections_of
from pipelines.extract.source import (
    NotRegularFile,
    open_regular,
    os_reason,
    refused_report,
    sha256_of,
    sidecar_path,
)
from pipelines.extract.statistics import statistics_table_figures
from pipelines.extract.tables import TablesReading, read_tables
from pipelines.extract.tables.decoding import Printing

SIDECAR_FIELDS = ("jurisdiction", "issuer", "year", "url", "title", "published")
# A file larger than this is not a report; reading it whole would only cost memory.
MAX_REPORT_BYTES = 20 * 1024 * 1024
# A sidecar states five short values; anything larger is not one.
MAX_SIDECAR_BYTES = 64 * 1024
MAX_SIDECAR_VALUE_CHARS = 500
# Control characters have no place in a stated name, year or address.
_CONTROL = regex.compile(r"[\p{Cc}\p{Cs}]")

# Which numbered section holds which table, and a word its heading must contain.
_TABLE_SECTIONS = (
    (2, ("主动公开",), "publications"),
    (3, ("申请",), "applications"),
    (4, ("复议", "诉讼"), "appeals"),
)


@dataclass(frozen=True)
class ReportFile:
    """A report file as read and not yet parsed: all a parser on another machine needs."""

    source_file: str
    data: bytes
    stated: Mapping[str, str]
    sidecar_errors: list[str]


def parse_report(path: Path, source_file: str | None = None) -> ParsedReport:
    """Read one report file and its sidecar, and parse it."""
    read = read_report(path, source_file)
    return read if isinstance(read, ParsedReport) else parse_read_report(read)


def read_report(path: Path, source_file: str | None = None) -> ReportFile | ParsedReport:
    """Read one report file (never trusting it: a FIFO, a device or a file swapped since RAW_DIR
    was listed is refused, and no more than MAX_REPORT_BYTES is read) and its sidecar; a file
    that cannot be read is its `failed` record."""
    name = source_file or path.name
    try:
        handle, status = open_regular(path)
    except NotRegularFile as error:
        return refused_report(name, f"{error.strerror}: nothing to read")
    except OSError as error:
        return refused_report(name, f"file cannot be read ({os_reason(error)})")
    with handle:
        if status.st_size > MAX_REPORT_BYTES:
            digest = sha256_of(handle)
            return ParsedReport(
                report_id=digest[:16],
                source_file=name,
                source_sha256=digest,
                parse_status="failed",
                parse_errors=[
                    f"file is {status.st_size} bytes, over the "
                    f"{MAX_REPORT_BYTES} byte limit for a report"
                ],
            )
        try:
            # As much as the file held when it was opened, and a byte more to see whether it
            # grew since (asked for MAX_REPORT_BYTES + 1 at once, the reader makes room for
            # them, 20 MB, for every report). A handle opened non-blocking may answer None,
            # "nothing yet": read as the end of what there is.
            data = handle.read(status.st_size + 1) or b""
            if len(data) > status.st_size:
                data += handle.read(MAX_REPORT_BYTES + 1 - len(data)) or b""
        except OSError as error:
            return refused_report(name, f"file cannot be read ({os_reason(error)})")
    if len(data) > MAX_REPORT_BYTES:  # it grew since it was listed
        return refused_report(name, f"file is over the {MAX_REPORT_BYTES} byte limit for a report")
    stated, sidecar_errors = read_sidecar(path, _raw_root(path, source_file))
    return ReportFile(name, data, stated, sidecar_errors)


def parse_read_report(read: ReportFile) -> ParsedReport:
    report = parse_report_bytes(read.data, read.source_file, read.stated)
    report.parse_errors[:0] = read.sidecar_errors
    if read.sidecar_errors and report.parse_status == "ok":
        report.parse_status = "partial"
    return report


def _raw_root(path: Path, source_file: str | None) -> Path:
    """RAW_DIR, from the file's path and its name under RAW_DIR (a sidecar must lie inside)."""
    if source_file:
        parts = PurePosixPath(source_file).parts
        if parts and path.parts[-len(parts) :] == parts:
            return Path(*path.parts[: -len(parts)])
    return path.parent


def parse_report_bytes(
    data: bytes, source_file: str, stated: Mapping[str, str] | None = None
) -> ParsedReport:
    digest = hashlib.sha256(data).hexdigest()
    report = ParsedReport(
        report_id=digest[:16], source_file=source_file, source_sha256=digest, parse_status="ok"
    )
    try:
        _parse_into(report, data, stated or {})
    except UnreadableReport as error:
        report.parse_status = "failed"
        report.parse_errors.append(str(error))
    except Exception as error:  # noqa: BLE001 - one bad file must not stop the run
        report.parse_status = "failed"
        frame = traceback.extract_tb(error.__traceback__)[-1]
        report.parse_errors.append(
            f"parser error {type(error).__name__}: {error} "
            f"({Path(frame.filename).name}:{frame.lineno})"
        )
    return report


def _parse_into(report: ParsedReport, data: bytes, stated: Mapping[str, str]) -> None:
    read = read_report_bytes(data)
    text, sections = sections_of(read.text)
    report.text, report.encoding, report.script = text, read.encoding, read.script
    if "信息公开" not in text and "政务公开" not in text:
        raise UnreadableReport(
            "not an information-disclosure report: the text never mentions 信息公开 or 政务公开"
        )
    report.sections = sections
    report.metadata = meta = infer_metadata(text, report.sections, stated)
    report.parse_errors.extend(meta.notes)
    for field, problem in (
        ("report_year", "report year not found"),
        ("template", "template not recognised"),
        ("issuer", "issuer not found"),
        ("jurisdiction_code", "place not resolved to a GB/T 2260 code"),
    ):
        if getattr(meta, field) is None:
            report.parse_errors.append(problem)

    tables = TablesReading()
    if meta.template in ("f2021", "f2019"):
        tables = extract_tables(text, report.sections, meta.template)
        report.figures.extend(tables.figures)
        report.parse_errors.extend(tables.problems)
    report.table_values = tables.table_values
    figures = narrative_figures(text, meta.template)
    regions = list(tables.regions)
    if meta.template == "pre2019":
        statistics = statistics_table_figures(text, collapsed_lines(text))
        report.parse_errors.extend(statistics.problems)
        if statistics.region:
            regions.append(statistics.region)
        # Prose first: a figure the text states keeps its phrase; the table fills the rest.
        keys = {(f.fact, f.key1, f.key2) for f in figures}
        figures += [f for f in statistics.figures if (f.fact, f.key1, f.key2) not in keys]
    report.figures.extend(figures)
    report.figures = one_figure_per_key(report.figures, report.parse_errors)
    report.unread_numbers = unread_numbers(
        text, report.sections, report.figures, regions, tables.unread
    )
    report.parts = parts(report.sections, meta.report_year)
    report.tables = table_statuses(meta.template, tables.found, report.figures)
    report.sentences = sentences(text, report.sections, regions)
    report.bands = bands({sentence.hash for sentence in report.sentences})
    report.checks = report_checks(report.figures)
    report.checks.append(coverage_check(report.unread_numbers, bool(tables.regions)))
    if report.parse_errors:
        report.parse_status = "partial"


def one_figure_per_key(figures: list[Figure], errors: list[str]) -> list[Figure]:
    """One figure per fact, codes and source, the grain of the warehouse's fact tables: a
    second reading of a key (a header that names one column twice, a table printed twice) is
    left out with the reason, the first kept, so no report can break the grain."""
    kept: dict[tuple[str, str, str, str], Figure] = {}
    for figure in figures:
        first = kept.setdefault((figure.fact, figure.key1, figure.key2, figure.source), figure)
        if first is not figure:
            errors.append(
                f"{figure.fact} {figure.key1}/{figure.key2} read twice from the {figure.source} "
                f"(lines {first.line_no} and {figure.line_no}): the one on line "
                f"{figure.line_no} left out"
            )
    return list(kept.values())


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
    return numbers >= 3 and all(a != b for a, b in zip(lines, lines[1:], strict=False))


def read_sidecar(path: Path, root: Path | None = None) -> tuple[dict[str, str], list[str]]:
    """The values a sidecar states, and what was wrong with it. A sidecar is as untrusted as
    the report: it must be a regular file inside RAW_DIR (root) of at most MAX_SIDECAR_BYTES,
    a JSON object of SIDECAR_FIELDS with short string values; whatever is refused is an error
    on the report, never a reason to stop."""
    sidecar = sidecar_path(path)
    if sidecar is None:
        return {}, [
            f"file name is {len(os.fsencode(path.name))} bytes: no sidecar can be "
            f"named for it (a file name may not pass 255 bytes), so none is read"
        ]
    label = _printable(sidecar.name)
    try:
        info = os.lstat(sidecar)
    except (FileNotFoundError, NotADirectoryError):
        return {}, []
    except OSError as error:
        return {}, [f"sidecar {label} cannot be read ({os_reason(error)})"]
    if stat_module.S_ISLNK(info.st_mode):
        try:
            target = sidecar.resolve(strict=True)
        except (OSError, RuntimeError):
            return {}, [f"sidecar {label} is a dangling symlink or a symlink loop: not read"]
        if not target.is_relative_to((root or path.parent).resolve()):
            return {}, [f"sidecar {label} points outside RAW_DIR: refused, not read"]
    try:
        handle, status = open_regular(sidecar)
    except NotRegularFile as error:
        return {}, [f"sidecar {label} is {error.strerror}: not read"]
    except OSError as error:
        return {}, [f"sidecar {label} cannot be read ({os_reason(error)})"]
    with handle:
        if status.st_size > MAX_SIDECAR_BYTES:
            return {}, [
                f"sidecar {label} is {status.st_size} bytes, over the "
                f"{MAX_SIDECAR_BYTES} byte limit: not read"
            ]
        try:
            raw = handle.read(MAX_SIDECAR_BYTES + 1)
        except OSError as error:
            return {}, [f"sidecar {label} cannot be read ({os_reason(error)})"]
    if len(raw) > MAX_SIDECAR_BYTES:
        return {}, [f"sidecar {label} is over the {MAX_SIDECAR_BYTES} byte limit: not read"]
    try:
        stated = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        return {}, [f"sidecar {label} unreadable: {_printable(str(error))[:200]}"]
    if not isinstance(stated, dict):
        return {}, [f"sidecar {label} is not a JSON object"]
    errors = []
    unknown = sorted(_printable(str(key))[:60] for key in set(stated) - set(SIDECAR_FIELDS))
    if unknown:
        more = f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
        errors.append(f"sidecar {label}: unknown fields {unknown[:10]}{more}")
    kept: dict[str, str] = {}
    for key in SIDECAR_FIELDS:
        value = stated.get(key)
        if value is None:
            continue
        text, problem = _sidecar_value(value)
        if problem:
            errors.append(f"sidecar {label}: {key} rejected ({problem}); not used")
        elif text:
            kept[key] = text
    return kept, errors


def _sidecar_value(value: object) -> tuple[str | None, str | None]:
    """A stated value as text (line breaks and tabs become spaces), or why it is refused."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None, f"a JSON {type(value).__name__}, not a string"
    try:
        text = str(value)
    except ValueError:  # an integer too long to print
        return None, "a number too long"
    if len(text) > MAX_SIDECAR_VALUE_CHARS:
        return None, f"{len(text)} characters, over {MAX_SIDECAR_VALUE_CHARS}"
    text = " ".join(regex.split(r"[\t\n\r]+", text)).strip()
    if _CONTROL.search(text):
        return None, "holds a control character or a lone surrogate"
    return text, None


def _printable(text: str) -> str:
    """text, with anything that cannot be stored as UTF-8 (lone surrogates, file-name bytes
    that are not UTF-8) written as escapes."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
