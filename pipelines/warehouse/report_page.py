"""`make report`: one static HTML page summarising the warehouse, with charts, no server.

Charts are inline SVG drawn here, so the page needs no script and no network. Everything
taken from the warehouse is escaped: report text is untrusted input.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

import duckdb

OUTCOMES = (("granted_or_partially_granted", "予以公开及部分公开", "#2f7d32"),
            ("denied", "不予公开", "#c62828"),
            ("unable", "无法提供", "#f9a825"),
            ("not_processed", "不予处理", "#6d4c41"),
            ("other", "其他处理", "#78909c"))
_STYLE = """
body { font-family: sans-serif; margin: 2em; color: #222; max-width: 1100px; }
h1 { font-size: 1.6em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5em; }
figure { margin: 0; } figcaption { font-size: .9em; margin-bottom: .3em; }
table { border-collapse: collapse; font-size: .9em; } td, th { border: 1px solid #ddd; padding: 2px 6px; }
pre { background: #f6f6f6; padding: .6em; white-space: pre-wrap; font-size: .85em; }
.legend span { display: inline-block; margin-right: 1em; } .legend i { display: inline-block;
  width: .8em; height: .8em; margin-right: .3em; }
"""


def _e(value) -> str:
    return html.escape("" if value is None else str(value))


def _rank_note(row: dict) -> str:
    answered = f"{row['total_processed']:,.0f} answered"
    if not row["ranked"]:
        return f"(not ranked: {answered})"
    return f"(#{row['grant_rate_rank']} of {row['peers_ranked']}, {answered})"


def _number(value) -> str:
    return "—" if value is None else f"{value:,.0f}"


def _percent(value) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def stacked_bars(title: str, years: list[int], stacks: list[list[float | None]]) -> str:
    """One bar per year, split by outcome group; a year with nothing printed gets no bar."""
    width, height, bar, left = 60 + 50 * len(years), 180, 30, 40
    top = max((sum(v or 0 for v in stack) for stack in stacks), default=0) or 1
    parts = [f'<svg class="chart" role="img" width="{width}" height="{height + 30}" '
             f'aria-label="{_e(title)}"><title>{_e(title)}</title>']
    for index, (year, stack) in enumerate(zip(years, stacks)):
        x, y = left + index * 50, height
        for (_, label, colour), value in zip(OUTCOMES, stack):
            if not value:
                continue
            size = value / top * (height - 20)
            y -= size
            parts.append(f'<rect x="{x}" y="{y:.1f}" width="{bar}" height="{size:.1f}" '
                         f'fill="{colour}"><title>{year} {_e(label)}: {value:,.0f}</title></rect>')
        parts.append(f'<text x="{x + bar / 2}" y="{height + 15}" font-size="11" '
                     f'text-anchor="middle">{year}</text>')
    parts.append(f'<line x1="{left - 5}" y1="{height}" x2="{width}" y2="{height}" stroke="#999"/>')
    parts.append(f'<text x="0" y="12" font-size="10">{top:,.0f}</text></svg>')
    return "".join(parts)


def horizontal_bars(title: str, rows: list[tuple[str, float, str]]) -> str:
    """Labelled bars of a rate between 0 and 1."""
    height = 24 * len(rows) + 10
    parts = [f'<svg class="chart" role="img" width="640" height="{height}" '
             f'aria-label="{_e(title)}"><title>{_e(title)}</title>']
    for index, (label, rate, note) in enumerate(rows):
        y = 5 + index * 24
        parts.append(f'<text x="0" y="{y + 14}" font-size="11">{_e(label[:22])}</text>'
                     f'<rect x="230" y="{y}" width="{max(rate, 0) * 300:.1f}" height="18" '
                     f'fill="#1565c0"/><text x="{236 + max(rate, 0) * 300:.1f}" y="{y + 14}" '
                     f'font-size="11">{_percent(rate)} {_e(note)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render(warehouse_path: Path) -> str:
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        def rows(sql: str, parameters=()):
            cursor = connection.execute(sql, list(parameters))
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]

        counts = rows("select count(*) as reports, count(*) filter (where parse_status = 'failed') "
                      "as failed, count(*) filter (where parse_status = 'partial') as partial "
                      "from dim_report")[0]
        summaries = rows("select * from mart_report_summary order by jurisdiction_name, issuer, "
                         "report_year")
        ranking = rows("select * from mart_region_ranking order by province_name, report_year desc, "
                       "scope, jurisdiction_level, grant_rate_rank nulls last")
        failures = rows("select d.source_file, d.issuer, d.report_year, q.report_id, q.check_name, "
                        "q.subject, q.expected, q.actual, q.detail from qa_checks q "
                        "join dim_report d using (report_id) where q.status = 'fail' "
                        "order by d.source_file, q.check_name, q.subject")
        failing_ids = sorted({row["report_id"] for row in failures})
        texts = {row["report_id"]: row for row in rows(
            "select s.report_id, d.source_file, s.heading, s.body from fct_report_sections s "
            "join dim_report d using (report_id) where s.section_no = 3 "
            "and s.report_id in (select unnest(?::varchar[]))", [failing_ids])}

    out = ["<!DOCTYPE html><html lang=\"zh\"><head><meta charset=\"utf-8\">",
           "<title>政府信息公开年度报告 warehouse summary</title>",
           f"<style>{_STYLE}</style></head><body>",
           "<h1>政府信息公开工作年度报告: warehouse summary</h1>",
           f"<p>{counts['reports']} reports ({counts['partial']} partial, {counts['failed']} "
           f"failed to parse); {len(failures)} failed consistency checks.</p>"]

    out.append("<h2 id=\"applications\">Applications and how they were answered, per year</h2>")
    out.append('<p class="legend">' + "".join(
        f'<span><i style="background:{colour}"></i>{_e(label)}</span>'
        for _, label, colour in OUTCOMES) + "</p><div class=\"charts\">")
    series: dict[tuple, list[dict]] = {}
    for row in summaries:
        series.setdefault((row["jurisdiction_name"], row["issuer"]), []).append(row)
    for (place, issuer), reports in series.items():
        years = [row["report_year"] for row in reports]
        stacks = [[row[key] for key, _, _ in OUTCOMES] for row in reports]
        received = ", ".join(f"{row['report_year']}: {_number(row['new_received'])}"
                             for row in reports)
        out.append(f"<figure><figcaption>{_e(issuer)} ({_e(place or 'place unknown')})<br>"
                   f"new applications {_e(received)}</figcaption>"
                   f"{stacked_bars(f'{issuer} outcomes', years, stacks)}</figure>")
    out.append("</div>")

    out.append("<h2 id=\"ranking\">Grant rate ranking among peers (province, year, scope, "
               "level; at least 20 answered)</h2><div class=\"charts\">")
    by_peers: dict[tuple, list[dict]] = {}
    for row in ranking:
        key = (row["province_name"], row["report_year"], row["scope"], row["jurisdiction_level"])
        by_peers.setdefault(key, []).append(row)
    for (province, year, scope, level), peers in by_peers.items():
        bars = [(row["issuer"], row["grant_rate"], _rank_note(row)) for row in peers]
        title = f"{province} {year} {scope} {level or ''}"
        out.append(f"<figure><figcaption>{_e(title)}</figcaption>"
                   f"{horizontal_bars(f'{title} grant rate', bars)}</figure>")
    out.append("</div>")

    out.append("<h2 id=\"appeals\">Administrative reviews and lawsuits</h2>")
    appealed = [row for row in summaries if row["reviews"] or row["lawsuits"]]
    bars = [(f"{row['issuer']} {row['report_year']}", row["review_correction_rate"] or 0,
             f"of {_number(row['reviews'])} reviews corrected; lawsuits "
             f"{_number(row['lawsuits'])}, corrected {_number(row['lawsuits_corrected'])}")
            for row in appealed]
    out.append(horizontal_bars("review correction rate", bars) if bars else
               "<p>No report states reviews or lawsuits.</p>")

    out.append("<h2 id=\"failed-checks\">Failed consistency checks</h2>"
               "<table><tr><th>report</th><th>year</th><th>rule</th><th>subject</th>"
               "<th>expected</th><th>found</th><th>printed text</th></tr>")
    for row in failures:
        anchor = f"text-{_e(row['report_id'])}"
        link = f'<a href="#{anchor}">表三 as printed</a>' if row["report_id"] in texts else ""
        out.append(f"<tr><td>{_e(row['source_file'])}<br>{_e(row['issuer'])}</td>"
                   f"<td>{_e(row['report_year'])}</td><td>{_e(row['check_name'])}</td>"
                   f"<td>{_e(row['subject'])}</td><td>{_number(row['expected'])}</td>"
                   f"<td>{_number(row['actual'])}</td><td>{link}</td></tr>")
    out.append("</table>")
    for report_id, text in texts.items():
        out.append(f'<h3 id="text-{_e(report_id)}">{_e(text["source_file"])}: '
                   f'{_e(text["heading"])}</h3><pre>{_e(text["body"])}</pre>')
    out.append("</body></html>")
    return "\n".join(out)


if __name__ == "__main__":
    target = Path(sys.argv[2])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(Path(sys.argv[1])), encoding="utf-8")
    print(f"wrote {target}")
