"""The 平潭 series (2011-2025, three templates) loaded together: cross-year rules and marts."""

import shutil

import duckdb
import pytest

from tests.conftest import refresh
from tests.test_corpus import CORPUS


@pytest.fixture(scope="module")
def series(tmp_path_factory):
    root = tmp_path_factory.mktemp("pingtan")
    raw = root / "raw"
    raw.mkdir()
    for path in CORPUS.glob("0*pingtan*"):
        shutil.copy(path, raw)
    warehouse = refresh(raw, root)[1].warehouse_path
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        yield connection


def test_carry_continuity_runs_across_years(series):
    rows = series.execute(
        "select report_year, expected, actual, status from qa_checks join dim_report "
        "using (report_id) where check_name = 'carry_continuity' "
        "and issuer = '平潭综合实验区管委会' and status <> 'not_assessable' "
        "order by report_year"
    ).fetchall()
    assert [row[0] for row in rows] == [2020, 2021, 2022, 2023, 2024, 2025]
    assert rows[-1] == (2025, 0, 0, "pass")


def test_in_force_continuity_where_both_years_print_it(series):
    statuses = dict(
        series.execute(
            "select report_year, status from qa_checks join dim_report using (report_id) "
            "where check_name = 'in_force_continuity' and subject = 'regulation' "
            "and issuer = '平潭综合实验区管委会' and report_year between 2022 and 2025"
        ).fetchall()
    )
    assert statuses == {2022: "pass", 2023: "pass", 2024: "pass", 2025: "pass"}


def test_yoy_shows_the_series(series):
    rows = series.execute(
        "select report_year, new_received, new_received_change from mart_yoy "
        "where issuer = '平潭综合实验区管委会' and report_year >= 2019 order by 1"
    ).fetchall()
    assert rows == [
        (2019, 23, 23),
        (2020, 21, -2),
        (2021, 70, 49),
        (2022, 74, 4),
        (2023, 81, 7),
        (2024, 218, 137),
        (2025, 154, -64),
    ]
