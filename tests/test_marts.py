import duckdb
import pytest

from tests.conftest import (
    SAMPLE_COUNT,
    SEED_CHANGSHU,
    SEED_WUJIANG,
    SEED_WUQING,
    SEED_ZHAOTONG,
    preferred_and_mart_sums,
)


@pytest.fixture(scope="module")
def summary(seed_warehouse):
    with duckdb.connect(str(seed_warehouse), read_only=True) as connection:
        frame = connection.execute(
            "select dim_report.source_file, mart_report_summary.* "
            "from mart_report_summary join dim_report using (report_id)"
        ).df()
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


def test_region_ranking_compares_like_with_like(seed_warehouse):
    with duckdb.connect(str(seed_warehouse), read_only=True) as connection:
        rows = connection.execute(
            "select scope, jurisdiction_level, issuer, total_processed, ranked, grant_rate_rank, "
            "peers_ranked from mart_region_ranking "
            "where province_name = '福建省' and report_year = 2019 order by all"
        ).fetchall()
    # 莆田 2019: the government is ranked among governments, its office among agencies; 林业局
    # answered 1 request: listed, not ranked; 平潭 (a county's government: 总计23 0 00 0 023)
    # among county governments, never beside the prefecture's
    assert rows == [
        ("agency", "prefecture", "莆田市人民政府办公室", 50, True, 1, 1),
        ("agency", "prefecture", "莆田市林业局", 1, False, None, 1),
        ("government", "county", "平潭综合实验区管委会", 23, True, 1, 1),
        ("government", "prefecture", "莆田市人民政府", 545, True, 1, 1),
    ]


def test_summing_the_preferred_views_gives_the_marts(seed_warehouse):
    # A figure printed in the table and again in prose is one figure: the preferred views
    # hold each report's figure for a key once, so their sums are the marts'.
    with duckdb.connect(str(seed_warehouse), read_only=True) as connection:
        both = connection.execute(
            "select count(*) from (select report_id from fct_applications "
            "where item = 'new_received' and applicant_type = 'total' and value is not null "
            "group by report_id having count(*) > 1)"
        ).fetchone()[0]
        assert both > 0  # reports that state it in both places
        for item, column in (
            ("new_received", "new_received"),
            ("total_processed", "total_processed"),
            ("carried_forward", "carried_forward"),
        ):
            preferred, mart = preferred_and_mart_sums(connection, item, column)
            assert preferred == mart, item
        reviews = connection.execute(
            "select (select sum(value) from fct_appeals_preferred where proceeding = "
            "'administrative_review' and result = 'total'), "
            "(select sum(reviews) from mart_report_summary)"
        ).fetchone()
        assert reviews[0] == reviews[1]


def test_counts_are_bigint_money_decimal_rates_double(seed_warehouse):
    with duckdb.connect(str(seed_warehouse), read_only=True) as connection:
        types = dict(
            connection.execute(
                "select table_name || '.' || column_name, data_type "
                "from information_schema.columns "
                "where table_name in ('mart_report_summary', 'mart_jurisdiction_year', 'mart_yoy', "
                "'mart_region_ranking', 'fct_fees')"
            ).fetchall()
        )
    assert types["mart_report_summary.total_processed"] == "BIGINT"
    assert types["mart_jurisdiction_year.total_processed"] == "BIGINT"
    assert types["mart_report_summary.fees_yuan"].startswith("DECIMAL")
    assert types["fct_fees.amount_yuan"].startswith("DECIMAL")
    assert types["mart_report_summary.grant_rate"] == "DOUBLE"
    assert "HUGEINT" not in types.values()


def test_jurisdiction_year_and_yoy_have_one_row_per_report_here(seed_warehouse):
    with duckdb.connect(str(seed_warehouse), read_only=True) as connection:
        counts = connection.execute(
            "select (select count(*) from mart_jurisdiction_year), "
            "(select count(*) from mart_yoy), "
            "(select count(*) from mart_yoy where new_received_change is not null)"
        ).fetchone()
        pingtan = connection.execute(
            "select report_year, new_received, new_received_change, total_processed, "
            "total_processed_change from mart_yoy where issuer = '平潭综合实验区管委会' "
            "order by report_year"
        ).fetchall()
    # a row per report (no issuer has two versions of a year here); 三明 reports 2013, 2021,
    # 2023 and 2025, never two years running; the 平潭 series 2019-2025 gives six changes and
    # 莆田科技局 2012-2013 one (no application either year: 0 then 0)
    assert counts == (SAMPLE_COUNT, SAMPLE_COUNT, 7)
    # 本年新收 and (七)总计 of each year's 表三, printed glued: 230 000023 / 23 0 00 0 023,
    # 200 000121 / 20 0 00 0 121, 640020470 / 630020469, 713000074 / 723000075,
    # 801000081 / 801000081, 21710000218 / 21710000218, 15130000154 / 14710000148
    assert pingtan == [
        (2019, 23, None, 23, None),
        (2020, 21, -2, 21, -2),
        (2021, 70, 49, 69, 48),
        (2022, 74, 4, 75, 6),
        (2023, 81, 7, 81, 6),
        (2024, 218, 137, 218, 137),
        (2025, 154, -64, 148, -70),
    ]
