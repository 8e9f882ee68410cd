"""The consistency rules of the contract that one report can be held to on its own.

Rules compare printed numbers and never change them: a wrong printed total stays as printed
and its rule says `fail`. Where a number a rule needs was not printed, the rule says
`not_assessable` and names what was missing. The cross-year rules (carry_continuity,
in_force_continuity) need several reports and live in sql/intermediate/int_cross_year_checks.sql.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from pipelines.extract import vocabulary
from pipelines.extract.records import Check, Figure, UnreadNumber
from pipelines.extract.vocabulary import APPEAL_PROCEEDINGS, APPEAL_RESULTS, APPLICANT_TYPES


def _outcome_groups() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each outcome group under total_processed (codes.csv parents): its own code (printed
    in prose, or as one row in f2019) and the rows of the 2021 table it sums."""
    items = vocabulary.dimension("applications", "item")
    rows = vocabulary.printed("applications", "item", "f2021")
    return tuple(
        (c.code, vocabulary.leaves_under("applications", "item", c.code, rows))
        for c in items
        if c.parent == "total_processed"
    )


OUTCOME_GROUPS = _outcome_groups()
_APPLICANT_COLUMNS = vocabulary.leaves_under(
    "applications", "applicant_type", "total", APPLICANT_TYPES
)


def _sum_if_all(values: Collection[float | None]) -> float | None:
    """The sum of the values, or None where any of them is None (was not printed)."""
    printed = [value for value in values if value is not None]
    return sum(printed) if len(printed) == len(values) else None


class FigureIndex:
    """Printed values by key, table before prose, for the rules to look up."""

    def __init__(self, figures: Iterable[Figure]):
        self.table: dict[tuple[str, str, str], float | None] = {}
        self.narrative: dict[tuple[str, str, str], float | None] = {}
        for figure in figures:
            target = self.table if figure.source == "table" else self.narrative
            target.setdefault((figure.fact, figure.key1, figure.key2), figure.value)

    def has_table_values(self, fact: str) -> bool:
        return any(v is not None for (f, _, _), v in self.table.items() if f == fact)

    def value(self, fact: str, key1: str, key2: str) -> float | None:
        printed = self.table.get((fact, key1, key2))
        if printed is not None:
            return printed
        return self.narrative.get((fact, key1, key2)) if key2 in ("total", "amount_yuan") else None

    def group_value(self, group: str, rows: tuple[str, ...], applicant: str) -> float | None:
        """A group's figure: the sum of its rows where all were printed, else its own figure."""
        parts = [self.value("applications", row, applicant) for row in rows]
        total = _sum_if_all(parts)
        if parts and total is not None:
            return total
        return self.value("applications", group, applicant)


def _verdict(
    name: str,
    subject: str,
    expected: float | None,
    actual: float | None,
    missing: list[str],
    detail: str,
) -> Check:
    if missing:
        return Check(
            name, subject, expected, actual, "not_assessable", "not printed: " + ", ".join(missing)
        )
    # Every caller names in `missing` whatever value it could not find.
    assert expected is not None and actual is not None
    status = "pass" if abs(expected - actual) < 1e-9 else "fail"
    return Check(name, subject, expected, actual, status, detail)


def report_checks(figures: list[Figure]) -> list[Check]:
    index = FigureIndex(figures)
    checks: list[Check] = []
    subjects = APPLICANT_TYPES if index.has_table_values("applications") else ("total",)
    for applicant in subjects:
        checks.append(balance_check(index, applicant))
        checks.append(outcome_sum_check(index, applicant))
    if index.has_table_values("applications"):
        checks.extend(applicant_sum_checks(index))
    if index.has_table_values("appeals"):
        checks.extend(appeal_sum_checks(index))
    checks.extend(narrative_vs_table_checks(index))
    return checks


def balance_check(index: FigureIndex, applicant: str) -> Check:
    """new_received + carried_over = total_processed + carried_forward."""
    new = index.value("applications", "new_received", applicant)
    carried_over = index.value("applications", "carried_over", applicant)
    received = index.value("applications", "received_total", applicant)
    if received is None and new is not None and carried_over is not None:
        received = new + carried_over
    processed = index.value("applications", "total_processed", applicant)
    forward = index.value("applications", "carried_forward", applicant)
    missing = [
        name
        for name, v in (
            ("received (new + carried_over)", received),
            ("total_processed", processed),
            ("carried_forward", forward),
        )
        if v is None
    ]
    actual = None if processed is None or forward is None else processed + forward
    return _verdict(
        "balance",
        applicant,
        received,
        actual,
        missing,
        "received = total_processed + carried_forward",
    )


def outcome_sum_check(index: FigureIndex, applicant: str) -> Check:
    """The outcome groups add up to total_processed."""
    parts = {group: index.group_value(group, rows, applicant) for group, rows in OUTCOME_GROUPS}
    total = index.value("applications", "total_processed", applicant)
    missing = [group for group, v in parts.items() if v is None]
    if total is None:
        missing.append("total_processed")
    actual = _sum_if_all(parts.values())
    return _verdict(
        "outcome_sum",
        applicant,
        total,
        actual,
        missing,
        "granted + partially + denied + unable + not_processed + other",
    )


def applicant_sum_checks(index: FigureIndex) -> list[Check]:
    """On every printed row the six applicant columns add up to the total column."""
    items = sorted({key1 for (fact, key1, _), v in index.table.items() if fact == "applications"})
    checks = []
    for item in items:
        columns = [index.table.get(("applications", item, a)) for a in _APPLICANT_COLUMNS]
        total = index.table.get(("applications", item, "total"))
        if total is None and all(v is None for v in columns):
            continue
        missing = [a for a, v in zip(_APPLICANT_COLUMNS, columns, strict=True) if v is None]
        if total is None:
            missing.append("total")
        actual = None if missing else _sum_if_all(columns)
        checks.append(
            _verdict(
                "applicant_sum",
                item,
                total,
                actual,
                missing,
                "six applicant columns = total column",
            )
        )
    return checks


def appeal_sum_checks(index: FigureIndex) -> list[Check]:
    checks = []
    for proceeding in APPEAL_PROCEEDINGS:
        parts = [index.table.get(("appeals", proceeding, r)) for r in APPEAL_RESULTS[:-1]]
        total = index.table.get(("appeals", proceeding, "total"))
        if total is None and all(v is None for v in parts):
            continue
        # parts has no "total" (the last result): zip stops before it.
        missing = [r for r, v in zip(APPEAL_RESULTS, parts, strict=False) if v is None]
        if total is None:
            missing.append("total")
        actual = None if missing else _sum_if_all(parts)
        checks.append(
            _verdict(
                "appeal_sum",
                proceeding,
                total,
                actual,
                missing,
                "upheld + corrected + other + pending = total",
            )
        )
    return checks


def narrative_vs_table_checks(index: FigureIndex) -> list[Check]:
    """A figure stated in prose agrees with the table's figure for the same thing."""
    groups = dict(OUTCOME_GROUPS)
    checks = []
    for (fact, key1, key2), stated in sorted(index.narrative.items()):
        printed: float | None
        if fact == "applications" and key1 in groups:
            printed = _sum_if_all([index.table.get((fact, row, key2)) for row in groups[key1]])
        elif fact == "applications" and key1 == "received_total":
            new = index.table.get((fact, "new_received", key2))
            over = index.table.get((fact, "carried_over", key2))
            printed = new + over if new is not None and over is not None else None
        else:
            printed = index.table.get((fact, key1, key2))
        if printed is None or stated is None:
            continue
        checks.append(
            _verdict(
                "narrative_vs_table",
                f"{fact}.{key1}.{key2}",
                printed,
                stated,
                [],
                "table figure (expected) vs the figure stated in prose",
            )
        )
    return checks


def coverage_check(unread: list[UnreadNumber], tables_printed: bool) -> Check:
    """Every number printed inside the tables was read into a cell (or is a known kind of
    non-figure); unread ones are listed in unread_numbers with the reason."""
    in_tables = [u for u in unread if u.in_table]
    if not tables_printed:
        return Check("coverage", "tables", None, None, "not_assessable", "no table printed")
    detail = (
        "numbers in the tables that no cell took: "
        + ", ".join(f"line {u.line_no} {u.text!r} ({u.why})" for u in in_tables[:5])
        if in_tables
        else "every number in the tables was read"
    )
    return Check(
        "coverage", "tables", 0.0, float(len(in_tables)), "fail" if in_tables else "pass", detail
    )
