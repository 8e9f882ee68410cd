"""Issue 11: a generated corpus is made of series, and a series carries its applications
over from year to year as a real one does (平潭's 结转下年度 of one year is the next year's
上年结转), so its continuity rules pass except where an error was injected, and no issuer
reports twice for one year."""

import csv

import duckdb
import pytest

from pipelines.evaluation.gold import score_warehouse
from pipelines.synthetic.corpus import generate
from tests.conftest import refresh


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("series")
    generate(root / "raw", 60, seed=11)
    warehouse = refresh(root / "raw", root)[1].warehouse_path
    labels = list(
        csv.DictReader((root / "raw" / "gold" / "qa.tsv").open(encoding="utf-8"), delimiter="\t")
    )
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        yield root, labels, connection


def test_carry_over_chains_so_continuity_passes(corpus):
    root, labels, connection = corpus
    statuses = dict(
        connection.execute(
            "select status, count(*) from qa_checks where check_name = 'carry_continuity' "
            "group by status"
        ).fetchall()
    )
    chained = [label for label in labels if label["check_name"] == "carry_continuity"]
    # 12 series of five years: every year after a series' first is checked, and passes
    assert statuses == {"pass": len(chained)} and len(chained) == 48
    score = score_warehouse(root / "w.duckdb", root / "raw" / "gold")
    assert score.counts["qa_checks"]["wrong"] == score.counts["qa_checks"]["missing"] == 0


def test_only_the_injected_errors_fail(corpus):
    _, labels, connection = corpus
    injected = {
        label["file"]
        for label in labels
        if label["check_name"] == "balance" and label["status"] == "fail"
    }
    failing = {
        row[0]
        for row in connection.execute(
            "select distinct source_file from qa_checks join dim_report using (report_id) "
            "where status = 'fail' and check_name in ('balance', 'carry_continuity')"
        ).fetchall()
    }
    assert failing == injected


def test_no_issuer_reports_twice_for_a_year(corpus):
    _, _, connection = corpus
    assert (
        connection.execute(
            "select count(*) from (select issuer, report_year from dim_report "
            "group by all having count(*) > 1)"
        ).fetchone()[0]
        == 0
    )
    assert (
        connection.execute("select count(*) from qa_checks where status = 'flag'").fetchone()[0]
        == 0
    )
