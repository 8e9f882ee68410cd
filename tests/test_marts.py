import duckdb
import pytest

from tests.conftest import SAMPLE_COUNT, SEED_CHANGSHU, SEED_WUJIANG, SEED_WUQING, SEED_ZHAOTONG


@pytest.fixture(scope="module")
def summary(seed_warehouse):
    with duckdb.connect(str(seed_warehouse), read_only=True) as connection:
        frame = connection.execute("select dim_report.source_file, mart_report_summary.* "
                                   "from mart_report_summary join dim_report using (report_id)").df()
    return frame.set_index("source_file")


def test_rates_from_table_figures(summary):
    row = summary.loc[SEED_WUQING]
    assert (row.total_processed, row.granted_or_partially_granted) == (172, 67)
    assert row.grant_rate == pytest.approx(67 / 172)
    assert row.not_held_rate == pytest.approx(92 / 172)
    assert row.review_correction_rate == pytest.approx(2 / 6)
    assert row.lawsuits == 5  # 1 direct + 4 after review


def test_rates_from_prose_figures(summary):
    row = summary.loc[SEED_WUJIANG]
    assert row.received_total == 341
    assert row.grant_rate == pytest.approx(87 / 322)
    assert row.denial_rate == pytest.approx(22 / 322)
    assert row.review_correction_rate == pytest.approx(2 / 13)
    assert row.information_published == 19066
    assert row.fees_yuan == 0


def test_rates_are_null_not_zero_when_a_part_is_missing(summary):
    old = summary.loc[SEED_CHANGSHU]
    assert old.total_processed == 206
    assert old.grant_rate != old.grant_rate  # NaN: nothing granted was printed
    # 002 prints a processed total of 0 under non-zero parts: no rate can be computed.
    zhaotong = summary.loc[SEED_ZHAOTONG]
    assert zhaotong.total_processed == 0 and zhaotong.grant_rate != zhaotong.grant_rate
    assert zhaotong.checks_failed == 7  # balance and outcome_sum x3, narrative_vs_table


def test_region_ranking_within_province_and_year(seed_warehouse):
    with duckdb.connect(str(seed_warehouse), read_only=True) as connection:
        rows = connection.execute(
            "select province_name, report_year, issuer, grant_rate_rank, peers_ranked "
            "from mart_region_ranking order by all").fetchall()
    assert rows[:2] == [("天津市", 2021, "天津市武清区政务服务办公室", 1, 1),
                        ("江苏省", 2021, "苏州市吴江区人民政府", 1, 1)]
    # 莆田 2019: the government (343 of 545), its office and 林业局 ranked among themselves
    fujian_2019 = [row[2:] for row in rows if row[:2] == ("福建省", 2019)]
    assert fujian_2019 == [("莆田市人民政府", 1, 3), ("莆田市人民政府办公室", 2, 3),
                           ("莆田市林业局", 3, 3)]


def test_jurisdiction_year_and_yoy_have_one_row_per_report_here(seed_warehouse):
    with duckdb.connect(str(seed_warehouse), read_only=True) as connection:
        counts = connection.execute(
            "select (select count(*) from mart_jurisdiction_year), (select count(*) from mart_yoy), "
            "(select count(*) from mart_yoy where new_received_change is not null)").fetchone()
    # a row per report: 三明 reports 2013, 2021, 2023 and 2025 here, never two years running
    assert counts == (SAMPLE_COUNT, SAMPLE_COUNT, 0)
