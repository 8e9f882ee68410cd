"""Score a warehouse against hand-checked gold labels (gold/README.md says how).

A label is a hit when the warehouse holds the same keys and source with the same value, a
miss when no such row exists, and wrong when the value differs. For reports whose tables
were printed blank, every non-NULL table value is counted as invented.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

# fact in facts.tsv -> (warehouse table, key1 column, key2 column or None, value column)
FACT_TABLES = {
    "applications": ("fct_applications", "item", "applicant_type", "value"),
    "appeals": ("fct_appeals", "proceeding", "result", "value"),
    "publications": ("fct_publications", "category", "measure", "value"),
    "fees": ("fct_fees", "fee_type", None, "amount_yuan"),
}
REPORT_FIELDS = (
    "jurisdiction_name",
    "jurisdiction_code",
    "issuer",
    "scope",
    "report_year",
    "template",
    "script",
    "table_values",
)


@dataclass
class Score:
    counts: dict[str, Counter] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    unread_in_tables: int = 0  # numbers in the tables no cell took (needs no label)
    unread_in_prose: int = 0

    def add(self, group: str, outcome: str, problem: str | None = None) -> None:
        self.counts.setdefault(group, Counter())[outcome] += 1
        if problem:
            self.problems.append(f"{group}: {problem}")

    @property
    def perfect(self) -> bool:
        return all(c["wrong"] == c["missing"] == c["invented"] == 0 for c in self.counts.values())


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _same(expected: str, actual) -> bool:
    if actual is None:
        return False
    try:
        return math.isclose(float(expected), float(actual), abs_tol=1e-9)
    except ValueError:
        return str(expected) == str(actual)


def score_warehouse(warehouse_path: Path, gold_dir: Path) -> Score:
    score = Score()
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        columns = ", ".join(REPORT_FIELDS)
        reports = {
            row[0]: row[1:]
            for row in connection.execute(
                f"select source_file, report_id, {columns} from dim_report"
            ).fetchall()
        }
        report_ids = {name: values[0] for name, values in reports.items()}
        gold_reports = _read_tsv(gold_dir / "reports.tsv")
        for label in gold_reports:
            stored = reports.get(label["file"])
            for index, name in enumerate(REPORT_FIELDS):
                expected = label.get(name)
                if expected is None:
                    continue
                actual = stored[index + 1] if stored else None
                if stored is None:
                    score.add("reports", "missing", f"{label['file']} not in dim_report")
                elif str(actual) == expected:
                    score.add("reports", "hit")
                else:
                    score.add(
                        "reports",
                        "wrong",
                        f"{label['file']} {name}: expected {expected}, got {actual}",
                    )
        for label in _read_tsv(gold_dir / "facts.tsv"):
            _score_fact(connection, score, report_ids.get(label["file"]), label)
        for label in _read_tsv(gold_dir / "qa.tsv"):
            row = connection.execute(
                "select status from qa_checks where report_id = ? and check_name = ? "
                "and subject = ?",
                [report_ids.get(label["file"]), label["check_name"], label["subject"]],
            ).fetchone()
            where = f"{label['file']} {label['check_name']}/{label['subject']}"
            if row is None:
                score.add("qa_checks", "missing", where)
            elif row[0] == label["status"]:
                score.add("qa_checks", "hit")
            else:
                score.add(
                    "qa_checks", "wrong", f"{where}: expected {label['status']}, got {row[0]}"
                )
        for label in gold_reports:
            if label["table_values"] == "blank":
                _count_invented(connection, score, report_ids.get(label["file"]), label["file"])
        score.unread_in_tables, score.unread_in_prose = connection.execute(
            "select count(*) filter (where in_table), count(*) filter (where not in_table) "
            "from unread_numbers"
        ).fetchone()
    return score


def _score_fact(connection, score: Score, report_id: str | None, label: dict) -> None:
    table, key1, key2, value_column = FACT_TABLES[label["fact"]]
    sql = f"select {value_column} from {table} where report_id = ? and {key1} = ? and source = ?"
    parameters = [report_id, label["key1"], label["source"]]
    if key2:
        sql += f" and {key2} = ?"
        parameters.append(label["key2"])
    rows = connection.execute(sql, parameters).fetchall()
    where = f"{label['file']} {label['key1']}/{label['key2']} ({label['source']})"
    if not rows:
        score.add(table, "missing", f"{where}: expected {label['value']}")
    elif any(_same(label["value"], row[0]) for row in rows):
        score.add(table, "hit")
    else:
        score.add(table, "wrong", f"{where}: expected {label['value']}, got {rows[0][0]}")


def _count_invented(connection, score: Score, report_id: str | None, name: str) -> None:
    for table, _, _, value_column in FACT_TABLES.values():
        invented = connection.execute(
            f"select count(*) from {table} where report_id = ? and source = 'table' "
            f"and {value_column} is not null",
            [report_id],
        ).fetchone()[0]
        if invented:
            score.counts.setdefault(table, Counter())["invented"] += invented
            score.problems.append(
                f"{table}: {name} has {invented} table values but its tables were printed blank"
            )


def format_score(score: Score) -> str:
    lines = [f"{'table':<18}{'labels':>8}{'hit':>6}{'wrong':>7}{'missing':>9}{'invented':>10}"]
    totals = Counter()
    for group, counts in score.counts.items():
        labels = counts["hit"] + counts["wrong"] + counts["missing"]
        totals.update(counts)
        lines.append(
            f"{group:<18}{labels:>8}{counts['hit']:>6}{counts['wrong']:>7}"
            f"{counts['missing']:>9}{counts['invented']:>10}"
        )
    labels = totals["hit"] + totals["wrong"] + totals["missing"]
    share = 100 * totals["hit"] / labels if labels else 0.0
    lines.append(
        f"{'all':<18}{labels:>8}{totals['hit']:>6}{totals['wrong']:>7}"
        f"{totals['missing']:>9}{totals['invented']:>10}"
    )
    lines.append(f"score: {share:.1f}% of labels hit, {totals['invented']} invented values")
    lines.append(
        f"unread numbers (no labels needed): {score.unread_in_tables} in tables, "
        f"{score.unread_in_prose} in the sections on applications, appeals and fees"
    )
    lines.extend(score.problems[:40])
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--gold", type=Path, required=True)
    arguments = parser.parse_args(argv)
    score = score_warehouse(arguments.warehouse, arguments.gold)
    print(format_score(score))
    return 0 if score.perfect else 1


if __name__ == "__main__":
    sys.exit(main())
