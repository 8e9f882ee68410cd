"""The HTML page: one static page summarising the warehouse, with charts, no server.

`make run` refreshes it after every build (the Dagster asset `report_page`), `make report`
writes it on demand. Charts are inline SVG drawn here, so the page needs no script and no
network. Everything taken from the warehouse is escaped: report text is untrusted input.

The page says when and from what it was built (the warehouse's build_info), names every file
that failed and every duplicate or superseded version, labels every axis and scale, says why
a panel is empty, and marks a value that was not printed as `n/a` in grey italics (never a
dash, which reads as the numeral 一).
"""

from __future__ import annotations

import hashlib
import html
import math
import sys
from datetime import UTC, datetime
from pathlib import Path

import regex

from pipelines.atomic import write_bytes_atomically
from pipelines.reporting.export import build_of, open_warehouse, run_command

OUTCOMES = (
    ("granted_or_partially_granted", "予以公开及部分公开", "#2f7d32"),
    ("denied", "不予公开", "#c62828"),
    ("unable", "无法提供", "#f9a825"),
    ("not_processed", "不予处理", "#6d4c41"),
    ("other", "其他处理", "#78909c"),
)
# The renderer's own code: a change to it redraws the page even for the same build.
RENDERER_DIGEST = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
NA = '<span class="na" title="not printed in the report, or not computable">n/a</span>'
# A page for a hundred thousand reports must still open: past these, the largest are shown
# and the page says where the rest are (the exports hold every row).
MAX_CHARTS = 120
MAX_ROWS = 500
_STYLE = """
body { font-family: sans-serif; margin: 2em; color: #222; max-width: 1100px; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5em; }
figure { margin: 0; } figcaption { font-size: .9em; margin-bottom: .3em; max-width: 420px; }
table { border-collapse: collapse; font-size: .9em; }
td, th { border: 1px solid #ddd; padding: 2px 6px; }
td.n { text-align: right; }
pre { background: #f6f6f6; padding: .6em; white-space: pre-wrap; font-size: .85em; }
.legend span { display: inline-block; margin-right: 1em; } .legend i { display: inline-block;
  width: .8em; height: .8em; margin-right: .3em; }
.na { color: #888; font-style: italic; font-size: .85em; }
.build { background: #f3f6fa; padding: .6em 1em; font-size: .9em; }
.note { color: #555; font-size: .9em; }
"""


def _e(value) -> str:
    return html.escape("" if value is None else str(value))


def _number(value) -> str:
    return NA if value is None else f"{value:,.0f}"


def _percent(value) -> str:
    return NA if value is None else f"{100 * value:.1f}%"


def _plain_percent(value) -> str:
    """For SVG text, where markup cannot style: the words n/a."""
    return "n/a" if value is None else f"{100 * value:.1f}%"


def _change(value, rate: bool = False) -> str:
    if value is None:
        return NA
    if rate:
        return f"{100 * value:+.1f} pt"
    return f"{value:+,.0f}"


def _rank_note(row: dict) -> str:
    answered = f"{row['total_processed']:,.0f} answered"
    if not row["ranked"]:
        return f"(not ranked: {answered}, under 20)"
    return f"(#{row['grant_rate_rank']} of {row['peers_ranked']}, {answered})"


def _nice_top(value: float) -> float:
    """The smallest 1, 2 or 5 x 10^n at or above value: the top of a scale."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def stacked_bars(title: str, years: list[int], stacks: list[list[float | None]]) -> str:
    """One bar per year, split by outcome group, on a labelled scale. A year that printed no
    breakdown of its outcomes gets an outlined empty bar marked n/a, never a bar of 0."""
    left, bar, step, plot = 58, 30, 50, 150
    width, height = max(left + step * max(len(years), 1) + 20, 200), plot + 60
    top = _nice_top(max((sum(v or 0 for v in stack) for stack in stacks), default=0))
    base = plot + 10
    parts = [
        f'<svg class="chart" role="img" width="{width}" height="{height}" '
        f'aria-label="{_e(title)}"><title>{_e(title)}</title>'
    ]
    for fraction in (0, 0.5, 1) if top >= 2 else (0, 1):  # (no tick at 0.5 of 1)
        y = base - fraction * plot
        parts.append(
            f'<line x1="{left - 4}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" '
            f'stroke="{"#999" if fraction == 0 else "#e3e3e3"}"/>'
            f'<text x="{left - 7}" y="{y + 4:.1f}" font-size="10" '
            f'text-anchor="end">{top * fraction:,.0f}</text>'
        )
    parts.append(
        f'<text x="12" y="{base - plot / 2:.1f}" font-size="10" text-anchor="middle" '
        f'transform="rotate(-90 12 {base - plot / 2:.1f})">applications answered'
        f"</text>"
    )
    for index, (year, stack) in enumerate(zip(years, stacks, strict=True)):
        x, y = left + 10 + index * step, base
        if all(value is None for value in stack):
            parts.append(
                f'<rect x="{x}" y="{base - plot}" width="{bar}" height="{plot}" '
                f'fill="none" stroke="#bbb" stroke-dasharray="3 3"><title>{year}: no '
                f"breakdown of the answers printed</title></rect>"
                f'<text x="{x + bar / 2}" y="{base - plot / 2:.1f}" font-size="10" '
                f'font-style="italic" fill="#888" text-anchor="middle">n/a</text>'
            )
        for (_, label, colour), value in zip(OUTCOMES, stack, strict=True):
            if not value:
                continue
            size = value / top * plot
            y -= size
            parts.append(
                f'<rect x="{x}" y="{y:.1f}" width="{bar}" height="{size:.1f}" '
                f'fill="{colour}"><title>{year} {_e(label)}: {value:,.0f}</title></rect>'
            )
        parts.append(
            f'<text x="{x + bar / 2}" y="{base + 15}" font-size="11" '
            f'text-anchor="middle">{year}</text>'
        )
    parts.append(
        f'<text x="{left + (width - left) / 2:.0f}" y="{base + 35}" font-size="10" '
        f'text-anchor="middle">year the report covers</text></svg>'
    )
    return "".join(parts)


def horizontal_bars(title: str, rows: list[tuple[str, float | None, str]], axis: str) -> str:
    """Labelled bars of a rate between 0 and 1 on a 0-100% scale; a rate that cannot be
    computed is written n/a, with no bar."""
    label_width, scale, top = 230, 300, 20
    height = top + 24 * len(rows) + 40
    parts = [
        f'<svg class="chart" role="img" width="900" height="{height}" '
        f'aria-label="{_e(title)}"><title>{_e(title)}</title>'
    ]
    bottom = top + 24 * len(rows)
    for fraction in (0, 0.25, 0.5, 0.75, 1):
        x = label_width + fraction * scale
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{bottom}" '
            f'stroke="{"#999" if fraction == 0 else "#e3e3e3"}"/>'
            f'<text x="{x:.1f}" y="{top - 7}" font-size="10" '
            f'text-anchor="middle">{fraction:.0%}</text>'
        )
    for index, (label, rate, note) in enumerate(rows):
        y = top + index * 24
        parts.append(f'<text x="0" y="{y + 14}" font-size="11">{_e(label[:20])}</text>')
        if rate is None:
            parts.append(
                f'<text x="{label_width + 6}" y="{y + 14}" font-size="11" '
                f'font-style="italic" fill="#888">n/a</text><text x="'
                f'{label_width + 30}" y="{y + 14}" font-size="11">{_e(note)}</text>'
            )
            continue
        length = max(min(rate, 1), 0) * scale
        parts.append(
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="18" '
            f'fill="#1565c0"/><text x="{label_width + 6 + length:.1f}" y="{y + 14}" '
            f'font-size="11">{_plain_percent(rate)} {_e(note)}</text>'
        )
    parts.append(
        f'<text x="{label_width + scale / 2}" y="{bottom + 20}" font-size="10" '
        f'text-anchor="middle">{_e(axis)}</text></svg>'
    )
    return "".join(parts)


def _rows(connection, sql: str, parameters=()) -> list[dict]:
    cursor = connection.execute(sql, list(parameters))
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def render(warehouse_path: Path, raw_dir: Path | None = None) -> str:
    """The page of the warehouse at warehouse_path; raw_dir, where given, is named as the
    folder it was built from."""
    with open_warehouse(warehouse_path) as connection:
        data = _page_data(connection)
    out = _head(warehouse_path, raw_dir, data)
    out += _applications_section(data["summaries"])
    out += _yoy_section(data["yoy"])
    out += _ranking_section(data["ranking"])
    out += _appeals_section(data["summaries"])
    out += scorecard_section(data["scorecard"])
    out += _versions_section(data["flags"])
    out += _files_section(data["failed_files"], data["partial_files"])
    out += _checks_section(data["failures"], data["texts"])
    out.append("</body></html>")
    return "\n".join(out)


def _page_data(connection) -> dict:
    """Everything the page shows, read in one session of one build."""
    build = build_of(connection)
    counts = _rows(
        connection,
        "select count(*) as reports, "
        "count(*) filter (where parse_status = 'failed') as failed, "
        "count(*) filter (where parse_status = 'partial') as partial, "
        "count(*) filter (where is_current and parse_status <> 'failed') "
        "as current from dim_report",
    )[0]
    summaries = _rows(
        connection,
        "select * from mart_report_summary order by jurisdiction_name, issuer, report_year",
    )
    yoy = _rows(
        connection, "select * from mart_yoy order by jurisdiction_name, issuer, report_year"
    )
    ranking = _rows(
        connection,
        "select * from mart_region_ranking order by province_name, "
        "report_year desc, scope, jurisdiction_level, "
        "grant_rate_rank nulls last, issuer",
    )
    failed_files = _rows(
        connection,
        "select source_file, parse_errors from dim_report "
        "where parse_status = 'failed' order by source_file",
    )
    partial_files = _rows(
        connection,
        "select source_file, parse_errors from dim_report "
        "where parse_status = 'partial' order by source_file",
    )
    flags = _rows(
        connection,
        "select q.check_name, q.subject, q.detail, d.source_file, "
        "d.issuer, d.report_year from qa_checks q join dim_report d "
        "using (report_id) where q.status = 'flag' "
        "order by q.check_name, q.subject",
    )
    failures = _rows(
        connection,
        "select d.source_file, d.issuer, d.report_year, q.report_id, "
        "q.check_name, q.subject, q.expected, q.actual, q.detail "
        "from qa_checks q join dim_report d using (report_id) "
        "where q.status = 'fail' order by d.source_file, q.check_name, q.subject",
    )
    scorecard = _rows(
        connection,
        "select * from mart_report_quality order by province_name, report_year, issuer",
    )
    failing_ids = sorted({row["report_id"] for row in failures[:MAX_ROWS]})
    texts = {
        row["report_id"]: row
        for row in _rows(
            connection,
            "select s.report_id, d.source_file, s.heading, s.body from fct_report_sections s "
            "join dim_report d using (report_id) where s.section_no = 3 "
            "and s.report_id in (select unnest(?::varchar[]))",
            [failing_ids],
        )
    }

    return {
        "build": build,
        "counts": counts,
        "summaries": summaries,
        "yoy": yoy,
        "ranking": ranking,
        "failed_files": failed_files,
        "partial_files": partial_files,
        "flags": flags,
        "failures": failures,
        "scorecard": scorecard,
        "texts": texts,
    }


def _head(warehouse_path: Path, raw_dir: Path | None, data: dict) -> list[str]:
    """The page's head and what it was built from."""
    build, counts = data["build"], data["counts"]
    failures, flags = data["failures"], data["flags"]
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    built_at = build["built_at"]
    built = (
        built_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        if hasattr(built_at, "astimezone")
        else str(built_at)
    )
    source = f" in {_e(raw_dir)}" if raw_dir is not None else ""
    out = [
        '<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">',
        f'<meta name="warehouse-fingerprint" content="{_e(build["fingerprint"])}">',
        f'<meta name="renderer" content="{RENDERER_DIGEST}">',
        "<title>政府信息公开年度报告 warehouse summary</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>政府信息公开工作年度报告: warehouse summary</h1>",
        f'<p class="build" id="build">Warehouse <code>{_e(warehouse_path)}</code> built '
        f"{_e(built)} (build {_e(build.get('build_id') or '')}, "
        f"{'an incremental update' if build.get('incremental') else 'a full build'}), "
        f"from {_e(build.get('files', counts['reports']))} files{source}: "
        f"{counts['reports']} reports, {counts['current']} of them current; parser "
        f"{_e(build['parser_version'])}; fingerprint <code>{_e(build['fingerprint'][:16])}"
        f"</code>. This page was generated {generated}.</p>",
        f"<p>{counts['reports']} reports ({counts['partial']} partial, {counts['failed']} "
        f"failed to parse); {len(failures)} failed consistency checks; {len(flags)} "
        f"duplicate, superseded or shared-figure findings. The charts and tables show "
        f"current reports only (one per issuer and year). {NA} marks a figure the report "
        f"did not print, or a rate that cannot be computed.</p>",
    ]
    return out


def _applications_section(summaries: list[dict]) -> list[str]:
    """Applications and how they were answered: a chart per place and issuer."""
    out: list[str] = []
    out.append('<h2 id="applications">Applications and how they were answered, per year</h2>')
    out.append(
        '<p class="legend">'
        + "".join(
            f'<span><i style="background:{colour}"></i>{_e(label)}</span>'
            for _, label, colour in OUTCOMES
        )
        + '<span><i style="border:1px dashed #bbb"></i>no breakdown printed (n/a)</span></p>'
        + '<div class="charts">'
    )
    series: dict[tuple, list[dict]] = {}
    for row in summaries:
        series.setdefault((row["jurisdiction_name"], row["issuer"]), []).append(row)
    shown = _largest(
        series, lambda reports: sum(r["total_processed"] or 0 for r in reports), MAX_CHARTS
    )
    for (place, issuer), reports in series.items():
        if (place, issuer) not in shown:
            continue
        years = [row["report_year"] for row in reports]
        stacks = [[row[key] for key, _, _ in OUTCOMES] for row in reports]
        received = ", ".join(
            f"{_e(row['report_year'])}: {_number(row['new_received'])}" for row in reports
        )
        missing = [
            str(row["report_year"])
            for row, stack in zip(reports, stacks, strict=True)
            if all(value is None for value in stack)
        ]
        note = (
            (
                f'<br><span class="note">no breakdown of the answers printed for '
                f"{_e(', '.join(missing))}</span>"
            )
            if missing
            else ""
        )
        out.append(
            f"<figure><figcaption>{_e(issuer)} ({_e(place or 'place unknown')})<br>"
            f"new applications {received}{note}</figcaption>"
            f"{stacked_bars(f'{issuer} outcomes', years, stacks)}</figure>"
        )
    out += _charts_end(
        "No current report was read (see the failed files below)." if not series else None,
        _more(
            len(series) - len(shown),
            "places and issuers",
            "those with the most applications answered",
            "mart_jurisdiction_year",
        ),
    )
    return out


def _yoy_section(yoy: list[dict]) -> list[str]:
    """The year-over-year table."""
    out: list[str] = []
    out.append('<h2 id="yoy">Year over year</h2>')
    steps = [
        row
        for row in yoy
        if row["new_received_change"] is not None
        or row["total_processed_change"] is not None
        or row["grant_rate_change"] is not None
    ]
    if steps:
        out.append(
            "<table><tr><th>issuer</th><th>place</th><th>year</th>"
            "<th>new applications</th><th>change</th><th>answered</th><th>change</th>"
            "<th>grant rate</th><th>change</th><th>reviews</th><th>change</th></tr>"
        )
        for row in steps[:MAX_ROWS]:
            out.append(
                f"<tr><td>{_e(row['issuer'])}</td><td>{_e(row['jurisdiction_name'])}</td>"
                f"<td>{_e(row['report_year'])}</td>"
                f'<td class="n">{_number(row["new_received"])}</td>'
                f'<td class="n">{_change(row["new_received_change"])}</td>'
                f'<td class="n">{_number(row["total_processed"])}</td>'
                f'<td class="n">{_change(row["total_processed_change"])}</td>'
                f'<td class="n">{_percent(row["grant_rate"])}</td>'
                f'<td class="n">{_change(row["grant_rate_change"], rate=True)}</td>'
                f'<td class="n">{_number(row["reviews"])}</td>'
                f'<td class="n">{_change(row["reviews_change"])}</td></tr>'
            )
        out.append(
            "</table>"
            + _more(len(steps) - MAX_ROWS, "years", f"the first {MAX_ROWS} by place", "mart_yoy")
        )
    else:
        out.append(
            '<p class="note">No issuer has reports for two years running, so there is '
            "no change to show.</p>"
        )
    return out


def _ranking_section(ranking: list[dict]) -> list[str]:
    """Grant rates ranked among peers: a chart per peer group."""
    out: list[str] = []
    out.append(
        '<h2 id="ranking">Grant rate ranking among peers (province, year, scope, '
        'level; at least 20 answered)</h2><div class="charts">'
    )
    by_peers: dict[tuple, list[dict]] = {}
    for row in ranking:
        key = (row["province_name"], row["report_year"], row["scope"], row["jurisdiction_level"])
        by_peers.setdefault(key, []).append(row)
    groups = _largest(by_peers, len, MAX_CHARTS)
    for key, peers in by_peers.items():
        if key not in groups:
            continue
        province, year, scope, level = key
        bars = [(row["issuer"], row["grant_rate"], _rank_note(row)) for row in peers]
        title = f"{province} {year} {scope} {level or ''}"
        chart = horizontal_bars(
            f"{title} grant rate", bars, "grant rate: granted in full or in part / answered"
        )
        out.append(f"<figure><figcaption>{_e(title)}</figcaption>{chart}</figure>")
    out += _charts_end(
        "No report gives both a grant rate and a province." if not by_peers else None,
        _more(
            len(by_peers) - len(groups),
            "peer groups",
            "those with the most peers",
            "mart_region_ranking",
        ),
    )
    return out


def _appeals_section(summaries: list[dict]) -> list[str]:
    """Reviews and lawsuits: the correction rates."""
    out: list[str] = []
    out.append('<h2 id="appeals">Administrative reviews and lawsuits</h2>')
    appealed = [row for row in summaries if row["reviews"] or row["lawsuits"]]
    kept = sorted(appealed, key=lambda r: -((r["reviews"] or 0) + (r["lawsuits"] or 0)))
    kept_ids = {row["report_id"] for row in kept[:MAX_CHARTS]}
    hidden = len(appealed) - len(kept_ids)
    appealed = [row for row in appealed if row["report_id"] in kept_ids]
    bars = [
        (
            f"{row['issuer']} {row['report_year']}",
            row["review_correction_rate"],
            f"of {_plain_number(row['reviews'])} reviews corrected; lawsuits "
            f"{_plain_number(row['lawsuits'])}, "
            f"corrected {_plain_number(row['lawsuits_corrected'])}",
        )
        for row in appealed
    ]
    out.append(
        horizontal_bars(
            "review correction rate",
            bars,
            "share of administrative reviews that corrected the body",
        )
        if bars
        else '<p class="note">No current report states reviews or lawsuits.</p>'
    )
    out.append(
        _more(hidden, "reports", "those with the most reviews and lawsuits", "mart_report_summary")
    )
    return out


def _versions_section(flags: list[dict]) -> list[str]:
    """Duplicate files, superseded versions and shared figures."""
    out: list[str] = []
    out.append('<h2 id="versions">Duplicates, superseded versions and shared figures</h2>')
    if flags:
        out.append(
            "<table><tr><th>rule</th><th>file</th><th>report</th><th>issuer</th>"
            "<th>year</th><th>what</th></tr>"
        )
        for row in flags[:MAX_ROWS]:
            out.append(
                f"<tr><td>{_e(row['check_name'])}</td><td>{_e(row['subject'])}</td>"
                f"<td>{_e(row['source_file'])}</td><td>{_e(row['issuer'])}</td>"
                f"<td>{_e(row['report_year'])}</td><td>{_e(row['detail'])}</td></tr>"
            )
        out.append(
            "</table>"
            + _more(
                len(flags) - MAX_ROWS,
                "findings",
                f"the first {MAX_ROWS} by rule",
                None,
                "select * from qa_checks where status = 'flag'",
            )
        )
    else:
        out.append(
            '<p class="note">Every file is a report of its own: no file repeats another, '
            "and no issuer has two versions of a year.</p>"
        )
    return out


def _files_section(failed_files: list[dict], partial_files: list[dict]) -> list[str]:
    """Files that could not be read, and those read in part."""
    out: list[str] = []
    out.append('<h2 id="failed-files">Files that could not be read</h2>')
    if failed_files:
        out.append(
            "<table><tr><th>file</th><th>why</th></tr>"
            + "".join(
                f"<tr><td>{_e(row['source_file'])}</td><td>{_e(row['parse_errors'])}</td></tr>"
                for row in failed_files
            )
            + "</table>"
        )
    else:
        out.append('<p class="note">None: every file was read.</p>')
    if partial_files:
        out.append(
            f"<details><summary>{len(partial_files)} reports read in part</summary>"
            "<table><tr><th>file</th><th>what was not read</th></tr>"
            + "".join(
                f"<tr><td>{_e(row['source_file'])}</td><td>{_e(row['parse_errors'])}</td></tr>"
                for row in partial_files
            )
            + "</table></details>"
        )
    return out


def _checks_section(failures: list[dict], texts: dict) -> list[str]:
    """Failed consistency checks, with the 表三 they were read from."""
    out: list[str] = []
    out.append(
        '<h2 id="failed-checks">Failed consistency checks</h2>'
        "<table><tr><th>report</th><th>year</th><th>rule</th><th>subject</th>"
        "<th>expected</th><th>found</th><th>printed text</th></tr>"
    )
    for row in failures[:MAX_ROWS]:
        anchor = f"text-{_e(row['report_id'])}"
        link = f'<a href="#{anchor}">表三 as printed</a>' if row["report_id"] in texts else ""
        out.append(
            f"<tr><td>{_e(row['source_file'])}<br>{_e(row['issuer'])}</td>"
            f"<td>{_e(row['report_year'])}</td><td>{_e(row['check_name'])}</td>"
            f'<td>{_e(row["subject"])}</td><td class="n">{_number(row["expected"])}</td>'
            f'<td class="n">{_number(row["actual"])}</td><td>{link}</td></tr>'
        )
    out.append(
        "</table>"
        + _more(
            len(failures) - MAX_ROWS,
            "failed checks",
            f"the first {MAX_ROWS} by file",
            None,
            "select * from qa_checks where status = 'fail'",
        )
    )
    if not failures:
        out.append('<p class="note">No report fails its own arithmetic.</p>')
    for report_id, text in texts.items():
        out.append(
            f'<h3 id="text-{_e(report_id)}">{_e(text["source_file"])}: '
            f"{_e(text['heading'])}</h3><pre>{_e(text['body'])}</pre>"
        )
    return out


# Days late in bands, as an evaluator would sort them; a report with no date is its own band.
LATENESS_BANDS = (
    (None, -61, "60+ days early"),
    (-60, -1, "1-60 days early"),
    (0, 0, "on the day"),
    (1, 30, "1-30 days late"),
    (31, 90, "31-90 days late"),
    (91, None, "over 90 days late"),
)
# How many of the worst reports of each province and year the page names.
WORST_PER_GROUP = 3
# A report repeating at least this share of its sentences from its previous one is named.
COPIED_SHARE = 0.5


def scorecard_section(rows: list[dict]) -> list[str]:
    """The report scorecard (mart_report_quality): how late reports came, and per province
    and year the latest ones and those that most repeat their previous year."""
    out = ['<h2 id="scorecard">The reports themselves: on time, complete, not copied</h2>']
    if not rows:
        return out + ['<p class="note">No current report to score.</p>']
    dated = [row for row in rows if row["days_late"] is not None]
    bars = []
    for low, high, label in LATENESS_BANDS:
        count = sum(
            1
            for row in dated
            if (low is None or row["days_late"] >= low)
            and (high is None or row["days_late"] <= high)
        )
        bars.append((label, count / len(rows), f"{count:,} reports"))
    undated = len(rows) - len(dated)
    bars.append(("no publication date", undated / len(rows), f"{undated:,} reports"))
    out.append(
        horizontal_bars(
            "days late",
            bars,
            "share of current reports; late = published "
            "after the deadline of its regulation (mart_report_quality."
            "due_on)",
        )
    )
    out.append(
        f'<p class="note">{undated:,} of {len(rows):,} reports print no date it could '
        f"be read as published on: their lateness is unknown, not zero.</p>"
    )

    late = _worst(rows, lambda row: row["days_late"] if (row["days_late"] or 0) > 0 else None)
    out.append("<h3>The latest reports of each province and year</h3>")
    if late:
        out.append(
            "<table><tr><th>province</th><th>year</th><th>issuer</th><th>due</th>"
            "<th>published</th><th>as printed (line)</th><th>days late</th></tr>"
        )
        for row in late[:MAX_ROWS]:
            out.append(
                f"<tr><td>{_e(row['province_name'])}</td><td>{_e(row['report_year'])}"
                f"</td><td>{_e(row['issuer'])}</td><td>{_e(row['due_on'])}</td>"
                f"<td>{_e(row['published_on'])}</td><td>{_e(row['published_on_text'])} "
                f"({_e(row['published_on_source'])}, line "
                f"{_e(row['published_on_line'])})</td>"
                f'<td class="n">{_number(row["days_late"])}</td></tr>'
            )
        out.append(
            "</table>"
            + _more(
                len(late) - MAX_ROWS,
                "late reports",
                f"the first {MAX_ROWS} by province",
                "mart_report_quality",
            )
        )
    else:
        out.append('<p class="note">No report with a known date came after its deadline.</p>')

    copied = _worst(
        rows,
        lambda row: row["repeated_share"] if (row["repeated_share"] or 0) >= COPIED_SHARE else None,
    )
    out.append(
        f"<h3>Reports that repeat their previous year (at least {COPIED_SHARE:.0%} of "
        f"their sentences), the most of each province and year</h3>"
    )
    if copied:
        out.append(
            "<table><tr><th>province</th><th>year</th><th>issuer</th><th>repeats</th>"
            "<th>sentences repeated</th><th>of 问题及改进</th><th>for example</th></tr>"
        )
        for row in copied[:MAX_ROWS]:
            out.append(
                f"<tr><td>{_e(row['province_name'])}</td><td>{_e(row['report_year'])}"
                f"</td><td>{_e(row['issuer'])}</td><td>{_e(row['previous_year'])}</td>"
                f'<td class="n">{_number(row["repeated_sentences"])} of '
                f"{_number(row['sentences'])} ({_percent(row['repeated_share'])})</td>"
                f'<td class="n">{_percent(row["problems_repeated_share"])}</td>'
                f"<td>{_e(row['repeated_example'])}</td></tr>"
            )
        out.append(
            "</table>"
            + _more(
                len(copied) - MAX_ROWS,
                "repeating reports",
                f"the first {MAX_ROWS} by province",
                "mart_report_quality",
            )
        )
    else:
        out.append('<p class="note">No report repeats half of its previous one.</p>')

    traces = [row for row in rows if row["other_provinces"] or row["near_duplicates"]]
    out.append("<h3>Traces of another body's report</h3>")
    if traces:
        out.append(
            "<table><tr><th>issuer</th><th>year</th><th>names another province</th>"
            "<th>shares most of its sentences with</th></tr>"
        )
        for row in traces[:MAX_ROWS]:
            shared = (
                f"{_e(row['most_similar_issuer'])} ({_percent(row['most_similar_share'])})"
                if row["near_duplicates"]
                else ""
            )
            out.append(
                f"<tr><td>{_e(row['issuer'])}</td><td>{_e(row['report_year'])}</td>"
                f"<td>{_e(row['other_provinces'])}</td><td>{shared}</td></tr>"
            )
        out.append(
            "</table>"
            + _more(
                len(traces) - MAX_ROWS,
                "reports",
                f"the first {MAX_ROWS} by province",
                "mart_report_quality",
            )
        )
    else:
        out.append(
            '<p class="note">No report names another province or shares half its '
            "sentences with another issuer's report of the year.</p>"
        )
    return out


def _worst(rows: list[dict], badness) -> list[dict]:
    """The WORST_PER_GROUP rows of each province and year with the largest badness(row),
    leaving out rows where it is None."""
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        if badness(row) is not None:
            groups.setdefault((row["province_name"] or "", row["report_year"] or 0), []).append(row)
    return [
        row
        for key in sorted(groups)
        for row in sorted(groups[key], key=lambda r: -badness(r))[:WORST_PER_GROUP]
    ]


def _largest(groups: dict, size, limit: int) -> set:
    """The keys of the `limit` largest groups (by size(group)), all of them when fewer."""
    if len(groups) <= limit:
        return set(groups)
    return set(sorted(groups, key=lambda key: -size(groups[key]))[:limit])


def _charts_end(empty: str | None, more: str) -> list[str]:
    """The end of a block of charts: why it is empty, if it is, then what it leaves out."""
    return ([f'<p class="note">{empty}</p>'] if empty else []) + ["</div>" + more]


def _more(hidden: int, what: str, chosen: str, mart: str | None, query: str = "") -> str:
    """A note saying what the page leaves out, and where it is."""
    if hidden <= 0:
        return ""
    where = f"export/{mart}.csv or the mart {mart}" if mart else f"<code>{_e(query)}</code>"
    return (
        f'<p class="note">{hidden:,} more {_e(what)} are not shown here (this page shows '
        f"{_e(chosen)}): see {where}.</p>"
    )


def _plain_number(value) -> str:
    return "n/a" if value is None else f"{value:,.0f}"


_META = regex.compile(r'<meta name="(warehouse-fingerprint|renderer)" content="([^"]*)">')


def page_build(target: Path) -> dict[str, str]:
    """The fingerprint and renderer an existing page was made with (empty if none)."""
    try:
        with open(target, encoding="utf-8") as handle:
            head = handle.read(4096)
    except (OSError, UnicodeDecodeError):
        return {}
    return dict(_META.findall(head))


def write_page(warehouse_path: Path, target: Path, raw_dir: Path | None = None) -> Path:
    """Render the page and put it at target in one step (a reader never sees half a page)."""
    page = render(warehouse_path, raw_dir)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomically(target, page.encode("utf-8"))
    return target


def page_is_current(target: Path, fingerprint: str) -> bool:
    """The page at `target` shows the build of this fingerprint, drawn by this code."""
    return page_build(target) == {"warehouse-fingerprint": fingerprint, "renderer": RENDERER_DIGEST}


def refresh_page(warehouse_path: Path, target: Path, raw_dir: Path | None = None) -> bool:
    """Write the page unless it already shows this build, drawn by this code; whether it was
    written."""
    with open_warehouse(warehouse_path) as connection:
        fingerprint = build_of(connection)["fingerprint"]
    if page_is_current(target, fingerprint):
        return False
    write_page(warehouse_path, target, raw_dir)
    return True


def main(argv: list[str]) -> int:
    return run_command("report", lambda: f"wrote {write_page(Path(argv[0]), Path(argv[1]))}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
