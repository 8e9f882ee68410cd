"""The warehouse's data tests: each `sql/tests/<name>.sql` is a query that returns the rows
breaking one rule of a model (its grain, a key that must not be NULL, a code that must be in
the code list); a test passes when it returns none.

The build runs every test on the file it has just built, before publishing it: a violated
rule stops the publish, names the test and shows the first rows, and readers keep the last
good warehouse. Dagster runs them again on the published file as asset checks. The tests
name models of the analyst's schema (`main`) by their bare names.

An incremental build changes rows, not SQL, so a night's tests cost what its new files
cost, not what the warehouse holds. A test whose rule holds within each report's rows (a
grain that includes report_id, a code list, a key) says `-- scope: report`: an incremental
build runs it on the rows of the reports it changed only (the others passed when they were
published and are as they were). A test of a view's grain that its SQL makes (a `group by`
over inputs whose own grains are tested) says `-- scope: models`: it runs when the models
change, that is in every full build, and as Dagster's asset check after every run that
publishes. Every other test reads everything on every build."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import regex

from pipelines.warehouse.catalog import report_relations
from pipelines.warehouse.literals import identifier

# How many offending rows a failed test shows (it counts them all).
SHOWN_ROWS = 5
_TESTED_MODEL = regex.compile(r"^-- tests: (\w+)\s*$", regex.MULTILINE)
_SCOPE = regex.compile(r"^-- scope: (report|models)\s*$", regex.MULTILINE)


@dataclass(frozen=True)
class DataTest:
    name: str
    model: str  # the model whose rule it checks (its `-- tests: <model>` line)
    description: str
    sql: str
    scope: str = "all"  # or `-- scope: report` / `-- scope: models` (see above)


@dataclass(frozen=True)
class DataTestResult:
    test: DataTest
    offending_rows: int
    columns: list[str]
    shown: list[tuple]

    @property
    def passed(self) -> bool:
        return self.offending_rows == 0

    def explained(self) -> str:
        rows = "; ".join(
            ", ".join(
                f"{column}={value!r}" for column, value in zip(self.columns, row, strict=True)
            )
            for row in self.shown
        )
        return (
            f"{self.test.name} ({self.test.description}): {self.offending_rows} offending "
            f"row(s), first: {rows}"
        )


class DataTestsFailed(RuntimeError):
    """The built warehouse breaks a rule of its models: it is not published."""

    def __init__(self, failed: list[DataTestResult]):
        super().__init__(
            "the warehouse was not published: data tests failed: "
            + " | ".join(result.explained() for result in failed)
        )
        self.failed = failed


def load_data_tests(tests_dir: Path, models: set[str]) -> list[DataTest]:
    """Every test of `tests_dir`, each naming one of `models`."""
    tests = []
    for path in sorted(Path(tests_dir).glob("*.sql")):
        sql = path.read_text(encoding="utf-8")
        tested = _TESTED_MODEL.search(sql)
        if tested is None or tested.group(1) not in models:
            raise ValueError(
                f"{path}: a data test starts with '-- tests: <model>' naming one "
                f"of the models of sql/"
            )
        description = " ".join(
            line.removeprefix("--").strip()
            for line in sql.splitlines()
            if line.startswith("--") and not _TESTED_MODEL.match(line) and not _SCOPE.match(line)
        )
        scope = _SCOPE.search(sql)
        tests.append(
            DataTest(path.stem, tested.group(1), description, sql, scope[1] if scope else "all")
        )
    return tests


def run_data_tests(
    connection: duckdb.DuckDBPyConnection, tests: list[DataTest], changed: str | None = None
) -> list[DataTestResult]:
    """Each test's offending rows, counted, and the first few of them. With `changed` (a
    relation of report_id: an incremental build), the per-report tests see only those
    reports' rows and the tests of the models' own SQL are not run."""
    if changed:
        tests = [test for test in tests if test.scope != "models"]
    results = {}
    scoped = [test for test in tests if test.scope == "report"] if changed else []
    if scoped:
        with _only_reports_of(connection, changed):
            results.update({test.name: _run(connection, test) for test in scoped})
    for test in tests:
        if test.name not in results:
            results[test.name] = _run(connection, test)
    return [results[test.name] for test in tests]


def _run(connection: duckdb.DuckDBPyConnection, test: DataTest) -> DataTestResult:
    cursor = connection.execute(
        f"select *, count(*) over () as offending_rows from (\n{test.sql}\n) limit {SHOWN_ROWS}"
    )
    columns = [description[0] for description in cursor.description][:-1]
    rows = cursor.fetchall()
    return DataTestResult(test, rows[0][-1] if rows else 0, columns, [row[:-1] for row in rows])


@contextmanager
def _only_reports_of(connection: duckdb.DuckDBPyConnection, changed: str) -> Iterator[None]:
    """While the block runs, every table and view of `main` with a report_id is shadowed by a
    temporary view of the same name over the reports of `changed` and the rows naming no
    report, which the key tests must still see (bare names find the temporary catalogue
    first; the views name the warehouse's own by its database)."""
    database = connection.execute("select current_database()").fetchone()[0]
    names = sorted(name for schema, name in report_relations(connection) if schema == "main")
    quoted = identifier(database)
    for name in names:
        connection.execute(
            f"create temp view {name} as select * from {quoted}.main.{name} "
            f"where report_id in (select report_id from {changed}) or report_id is null"
        )
    try:
        yield
    finally:
        for name in names:
            connection.execute(f"drop view temp.main.{name}")


def require_data_tests(
    connection: duckdb.DuckDBPyConnection, tests: list[DataTest], changed: str | None = None
) -> None:
    """Raise DataTestsFailed, naming every failed test, unless all pass."""
    failed = [result for result in run_data_tests(connection, tests, changed) if not result.passed]
    if failed:
        raise DataTestsFailed(failed)
