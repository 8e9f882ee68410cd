"""The warehouse's data tests: each `sql/tests/<name>.sql` is a query that returns the rows
breaking one rule of a model (its grain, a key that must not be NULL, a code that must be in
the code list); a test passes when it returns none.

The build runs every test on the file it has just built, before publishing it: a violated
rule stops the publish, names the test and shows the first rows, and readers keep the last
good warehouse. Dagster runs them again on the published file as asset checks. The tests
name models of the analyst's schema (`main`) by their bare names."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import regex

# How many offending rows a failed test shows (it counts them all).
SHOWN_ROWS = 5
_TESTED_MODEL = regex.compile(r"^-- tests: (\w+)\s*$", regex.MULTILINE)


@dataclass(frozen=True)
class DataTest:
    name: str
    model: str  # the model whose rule it checks (its `-- tests: <model>` line)
    description: str
    sql: str


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
            if line.startswith("--") and not _TESTED_MODEL.match(line)
        )
        tests.append(DataTest(path.stem, tested.group(1), description, sql))
    return tests


def run_data_tests(
    connection: duckdb.DuckDBPyConnection, tests: list[DataTest]
) -> list[DataTestResult]:
    """Each test's offending rows, counted, and the first few of them."""
    results = []
    for test in tests:
        cursor = connection.execute(
            f"select *, count(*) over () as offending_rows from (\n{test.sql}\n) limit {SHOWN_ROWS}"
        )
        columns = [description[0] for description in cursor.description][:-1]
        rows = cursor.fetchall()
        results.append(
            DataTestResult(test, rows[0][-1] if rows else 0, columns, [row[:-1] for row in rows])
        )
    return results


def require_data_tests(connection: duckdb.DuckDBPyConnection, tests: list[DataTest]) -> None:
    """Raise DataTestsFailed, naming every failed test, unless all pass."""
    failed = [result for result in run_data_tests(connection, tests) if not result.passed]
    if failed:
        raise DataTestsFailed(failed)
