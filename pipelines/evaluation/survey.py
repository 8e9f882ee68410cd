"""How well a folder of reports is read, without labels: the reports' own arithmetic.

    python -m pipelines.evaluation.survey FOLDER

prints, per report and in total: template, year, whether the tables carry values, the cells
of 表二/三/四 read of the template's cells, the consistency rules that pass, and the numbers
left unread (inside the tables, and in the sections on applications, appeals and fees). A
folder with a MANIFEST.tsv (file, template_guess, report_year, tables) is also compared with
what its person saw, and each disagreement is listed.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pipelines.extract import vocabulary
from pipelines.extract.report import parse_report
from pipelines.store.files import report_files

TABLES = (("publications", "表二"), ("applications", "表三"), ("appeals", "表四"))


@dataclass(frozen=True)
class Surveyed:
    file: str
    status: str
    template: str | None
    year: int | None
    table_values: str | None
    read: dict[str, tuple[int, int]]  # table -> (cells read, cells of the template)
    rules: tuple[int, int]  # (pass, pass + fail)
    unread_table: int
    unread_prose: int
    first_problem: str


def survey_file(path: Path) -> Surveyed:
    report = parse_report(path)
    meta = report.metadata
    read = {t.table: (t.cells_read, t.cells_template) for t in report.tables}
    statuses = Counter(c.status for c in report.checks)
    return Surveyed(
        file=path.name,
        status=report.parse_status,
        template=meta.template,
        year=meta.report_year,
        table_values=report.table_values,
        read=read,
        rules=(statuses["pass"], statuses["pass"] + statuses["fail"]),
        unread_table=sum(u.in_table for u in report.unread_numbers),
        unread_prose=sum(not u.in_table for u in report.unread_numbers),
        first_problem=report.parse_errors[0] if report.parse_errors else "",
    )


def survey(folder: Path, workers: int = 2) -> list[Surveyed]:
    paths = [path for path in report_files(folder) if path.name != "MANIFEST.tsv"]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(survey_file, paths, chunksize=8))


def _cells(read: dict[str, tuple[int, int]], fact: str) -> str:
    if fact not in read:
        return "-"
    got, of = read[fact]
    return f"{got}/{of}"


def manifest_disagreements(folder: Path, rows: list[Surveyed]) -> list[str]:
    path = folder / "MANIFEST.tsv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        manifest = {row["file"]: row for row in csv.DictReader(handle, delimiter="\t")}
    found = []
    for row in rows:
        seen = manifest.get(row.file)
        if seen is None:
            continue
        if seen.get("template_guess") and seen["template_guess"] != row.template:
            found.append(
                f"{row.file}: template {row.template}, the manifest says {seen['template_guess']}"
            )
        if seen.get("report_year") and seen["report_year"] != str(row.year):
            found.append(f"{row.file}: year {row.year}, the manifest says {seen['report_year']}")
        if (
            row.template in vocabulary.TEMPLATES
            and seen.get("tables") in ("filled", "none")
            and (seen["tables"] == "filled") != (row.table_values == "filled")
        ):
            found.append(
                f"{row.file}: tables {row.table_values}, the manifest says {seen['tables']}"
            )
    return found


def whole(row: Surveyed, fact: str) -> bool:
    got, of = row.read.get(fact, (0, 1))
    return got == of


def report_lines(folder: Path, rows: list[Surveyed]) -> list[str]:
    lines = [
        f"{'file':44} {'template':8} {'year':4} {'tables':6} {'表二':>7} {'表三':>7} "
        f"{'表四':>5} {'rules':>7} {'unread':>6} {'prose':>5}  first problem"
    ]
    for row in rows:
        lines.append(
            f"{row.file[:44]:44} {row.template or '-':8} {row.year or '-':>4} "
            f"{row.table_values or '-':6} {_cells(row.read, 'publications'):>7} "
            f"{_cells(row.read, 'applications'):>7} {_cells(row.read, 'appeals'):>5} "
            f"{row.rules[0]:>3}/{row.rules[1]:<3} {row.unread_table:>6} {row.unread_prose:>5}  "
            f"{row.first_problem[:70]}"
        )
    filled = [r for r in rows if r.template in vocabulary.TEMPLATES and r.table_values == "filled"]
    passing, assessed = (sum(r.rules[i] for r in rows) for i in (0, 1))
    lines += [
        "",
        f"reports {len(rows)}: template read {sum(r.template is not None for r in rows)}, "
        f"year read {sum(r.year is not None for r in rows)}, failed "
        f"{sum(r.status == 'failed' for r in rows)}",
        f"2019/2021 templates with table values: {len(filled)}; 表三 read whole "
        f"{sum(whole(r, 'applications') for r in filled)}, 表四 read whole "
        f"{sum(whole(r, 'appeals') for r in filled)}, both "
        f"{sum(whole(r, 'applications') and whole(r, 'appeals') for r in filled)}, "
        f"表二 whole {sum(whole(r, 'publications') for r in filled)}",
        "cells read: "
        + ", ".join(
            f"{name} {sum(r.read.get(fact, (0, 0))[0] for r in filled)}/"
            f"{sum(r.read.get(fact, (0, 0))[1] for r in filled)}"
            for fact, name in TABLES
        ),
        f"rules passing {passing} of {assessed} assessed",
        f"unread numbers: {sum(r.unread_table for r in rows)} in tables, "
        f"{sum(r.unread_prose for r in rows)} in the sections on applications, appeals, fees",
    ]
    disagreements = manifest_disagreements(folder, rows)
    if (folder / "MANIFEST.tsv").exists():
        lines.append(f"manifest disagreements: {len(disagreements)}")
        lines += [f"  {line}" for line in disagreements]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"survey: {args.folder} is not a folder", file=sys.stderr)
        return 2
    rows = sorted(survey(args.folder, args.workers), key=lambda r: r.file)
    print("\n".join(report_lines(args.folder, rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
