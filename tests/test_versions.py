"""Issue 11, one current report per issuer and year: a report saved twice (the same bytes),
a revised copy (one figure changed) and re-issues dated by their page or their sidecar are
versions of one report; the marts count the current one once, and every duplicate and
superseded file is named (dim_report, qa_checks, the run summary, the page). Two issuers
printing the same figures are flagged, not merged."""

import json
import os
import shutil
from datetime import date

import duckdb
import pytest
import regex

from pipelines.reporting.report_page import render
from pipelines.reporting.summary import summarise
from pipelines.store.update import update_store
from pipelines.warehouse import incremental as incremental_module
from pipelines.warehouse.build import CONTRACT_TABLES, SQL_DIR, build_warehouse, load_models
from tests.conftest import (
    PROJECT_ROOT,
    RAW_DIR,
    SAMPLE_COUNT,
    SEED_WUQING,
    preferred_and_mart_sums,
    refresh,
    table_contents,
)

WUQING = "天津市武清区政务服务办公室"
# 武清's 表三 prints 本机关不掌握 92 (92 | 0 | 0 | 0 | 0 | 0 | 92): the revised copy says 91.
NOT_HELD = "1.本机关不掌握相关政府信息 | 92 | 0 | 0 | 0 | 0 | 0 | 92 |"
REVISED = "1.本机关不掌握相关政府信息 | 91 | 0 | 0 | 0 | 0 | 0 | 91 |"
AUDIT = "117_putian_ptsjj_2023.txt"  # 莆田市审计局 2023, 发布时间: 2024-01-04 14:50
CIVIL = "115_putian_ptsmzj_2023.txt"  # 莆田市民族与宗教事务局 2023, 发布时间: 2024-01-16 09:43


def copies(raw):
    seed = (RAW_DIR / SEED_WUQING).read_text(encoding="utf-8")
    assert NOT_HELD in seed
    shutil.copy(RAW_DIR / SEED_WUQING, raw / "zz_copy_of_004.txt")  # the same bytes
    (raw / "revised_004.txt").write_text(seed.replace(NOT_HELD, REVISED), encoding="utf-8")
    # 审计局 re-issued a month later with a figure corrected (主动发布政府信息 25条 -> 26条):
    # its name sorts first, its page's date says it is the later one
    audit = (RAW_DIR / AUDIT).read_text(encoding="utf-8")
    assert "发布时间: 2024-01-04 14:50" in audit and "主动发布政府信息\n25条，" in audit
    (raw / "000_audit_reissued.txt").write_text(
        audit.replace("发布时间: 2024-01-04 14:50", "发布时间: 2024-02-05 10:00").replace(
            "主动发布政府信息\n25条，", "主动发布政府信息\n26条，"
        ),
        encoding="utf-8",
    )
    # 民宗局's page saved again with a line of crawler chrome more: other bytes, the same
    # figures; its sidecar says it was published before the original
    civil = (RAW_DIR / CIVIL).read_text(encoding="utf-8")
    (raw / "zz_civil_again.txt").write_text(civil + "\n返回顶部\n", encoding="utf-8")
    (raw / "zz_civil_again.txt.meta.json").write_text(
        json.dumps({"published": "2024-01-10"}), encoding="utf-8"
    )


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    root = tmp_path_factory.mktemp("versions")
    raw = root / "raw"
    shutil.copytree(RAW_DIR, raw)
    copies(raw)
    update_store(raw, root / "w.parsed")
    warehouse = build_warehouse(root / "w.parsed", root / "w.duckdb").warehouse_path
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        yield root, warehouse, connection


def current(connection, source_file):
    return connection.execute(
        "select is_current, superseded_by, published_on, "
        "published_on_source from dim_report where source_file = ?",
        [source_file],
    ).fetchone()


def report_id(connection, source_file):
    return connection.execute(
        "select report_id from dim_report where source_file = ?", [source_file]
    ).fetchone()[0]


def test_both_versions_stay_in_dim_report_and_one_is_current(versions):
    _, _, connection = versions
    # the identical copy is the report itself (one row); the revised copy is a second row
    assert (
        connection.execute("select count(*) from dim_report where issuer = ?", [WUQING]).fetchone()[
            0
        ]
        == 2
    )
    assert (
        connection.execute(
            "select count(*) from dim_report where source_file = 'zz_copy_of_004.txt'"
        ).fetchone()[0]
        == 0
    )
    revised = report_id(connection, "revised_004.txt")
    # neither states a publication date: the later file name is current
    assert current(connection, SEED_WUQING)[:2] == (False, revised)
    assert current(connection, "revised_004.txt")[:2] == (True, None)
    # dated by their pages: the re-issue of 2024-02-05 is current though its name sorts first
    reissued = report_id(connection, "000_audit_reissued.txt")
    assert current(connection, "000_audit_reissued.txt")[0] is True
    assert current(connection, AUDIT)[:2] == (False, reissued)
    assert str(current(connection, AUDIT)[2]) == "2024-01-04"
    # the sidecar's date (2024-01-10) is before the page's of the original (2024-01-16)
    civil = report_id(connection, CIVIL)
    assert current(connection, "zz_civil_again.txt")[1:] == (civil, date(2024, 1, 10), "sidecar")
    assert current(connection, CIVIL)[0] is True


def test_each_mart_counts_the_issuer_and_year_once_with_the_current_figures(versions):
    _, _, connection = versions
    summary = connection.execute(
        "select count(*), any_value(new_received), any_value(unable_not_held) "
        "from mart_report_summary where issuer = ?",
        [WUQING],
    ).fetchone()
    assert summary == (1, 174, 91)  # not 348, and the revised 91
    yearly = connection.execute(
        "select report_count, new_received, total_processed, unable_not_held "
        "from mart_jurisdiction_year where issuer = ? and report_year = 2021",
        [WUQING],
    ).fetchall()
    assert yearly == [(2, 174, 172, 91)]  # two versions, the current one's figures
    assert (
        connection.execute("select count(*) from mart_yoy where issuer = ?", [WUQING]).fetchone()[0]
        == 1
    )
    assert connection.execute(
        "select count(*), max(peers_ranked) from mart_region_ranking where issuer = ?", [WUQING]
    ).fetchone() == (1, 1)
    # 审计局: the re-issue's 26 items published, counted once; 本年新收 3 in both
    assert connection.execute(
        "select report_count, new_received from mart_jurisdiction_year "
        "where issuer = '莆田市审计局'"
    ).fetchall() == [(2, 3)]
    assert connection.execute(
        "select information_published from mart_report_summary where issuer = '莆田市审计局'"
    ).fetchall() == [(26,)]
    # every other report of the sample is counted as it is alone
    assert (
        connection.execute("select count(*) from mart_report_summary").fetchone()[0] == SAMPLE_COUNT
    )


def test_the_preferred_views_still_sum_to_the_marts(versions):
    _, _, connection = versions
    for item, column in (
        ("new_received", "new_received"),
        ("unable.not_held", "unable_not_held"),
        ("total_processed", "total_processed"),
    ):
        preferred, mart = preferred_and_mart_sums(connection, item, column)
        assert preferred == mart, item


def test_qa_checks_name_every_duplicate_and_supersession(versions):
    _, _, connection = versions
    flags = connection.execute(
        "select check_name, subject, dim_report.source_file, qa_checks.detail from qa_checks "
        "join dim_report using (report_id) where status = 'flag' order by 1, 2"
    ).fetchall()
    named = {(check, subject) for check, subject, _, _ in flags}
    assert named == {
        ("duplicate", "zz_copy_of_004.txt"),
        ("duplicate", "zz_civil_again.txt"),
        ("superseded", SEED_WUQING),
        ("superseded", AUDIT),
    }
    details = {subject: detail for _, subject, _, detail in flags}
    assert (
        details["zz_copy_of_004.txt"]
        == f"the same bytes as {SEED_WUQING}: one report, read once from that file"
    )
    assert details[SEED_WUQING].startswith("superseded by revised_004.txt (report ")
    assert details[SEED_WUQING].endswith(
        "its file name sorts later (not every version states when it was published)"
    )
    assert details[AUDIT].endswith("it was published later (2024-02-05, this one 2024-01-04)")
    assert details["zz_civil_again.txt"].startswith(f"a duplicate of {CIVIL} (report ")
    assert "the same issuer, year and figures" in details["zz_civil_again.txt"]


def test_the_readme_question_lists_the_versions(versions):
    _, _, connection = versions
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    question = regex.findall(r"```sql\n(.*?)```", readme, flags=regex.DOTALL)[4]
    assert "status = 'flag'" in question
    assert [row[:2] for row in connection.execute(question).fetchall()] == [
        ("duplicate", "zz_civil_again.txt"),
        ("duplicate", "zz_copy_of_004.txt"),
        ("superseded", SEED_WUQING),
        ("superseded", AUDIT),
    ]


def test_the_run_summary_and_the_page_name_both_copies(versions):
    _, warehouse, _ = versions
    text = summarise(warehouse)
    assert f"duplicate: zz_copy_of_004.txt: the same bytes as {SEED_WUQING}" in text
    assert f"superseded: {SEED_WUQING}: superseded by revised_004.txt" in text
    assert "current (one per issuer and year" in text
    page = render(warehouse)
    assert page.count(f"<figcaption>{WUQING} (武清区)") == 1  # one series, one bar for 2021
    assert "zz_copy_of_004.txt" in page and "revised_004.txt" in page


@pytest.mark.parametrize("listed", [True, False], ids=["ids listed", "ids selected"])
def test_an_incremental_run_equals_a_full_build(tmp_path, monkeypatch, listed):
    if not listed:  # a night of more changed reports than the SQL names one by one
        monkeypatch.setattr(incremental_module, "MAX_LISTED", 0)
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    refresh(raw, tmp_path)
    copies(raw)  # the copies arrive after the first build
    _, incremental = refresh(raw, tmp_path)
    assert incremental.incremental
    full = build_warehouse(tmp_path / "w.parsed", tmp_path / "full.duckdb", force=True)
    assert _tables(incremental.warehouse_path) == _tables(full.warehouse_path)
    # and the revised copy leaving hands the year back to the original
    (raw / "revised_004.txt").unlink()
    (raw / "zz_copy_of_004.txt").unlink()
    _, again = refresh(raw, tmp_path)
    assert again.incremental
    with duckdb.connect(str(again.warehouse_path), read_only=True) as connection:
        assert connection.execute(
            "select is_current, superseded_by from dim_report where source_file = ?", [SEED_WUQING]
        ).fetchone() == (True, None)
        assert (
            connection.execute(
                "select count(*) from qa_checks where subject in ('zz_copy_of_004.txt', ?)",
                [SEED_WUQING],
            ).fetchone()[0]
            == 0
        )
    refreshed = build_warehouse(tmp_path / "w.parsed", tmp_path / "fresh.duckdb", force=True)
    assert _tables(again.warehouse_path) == _tables(refreshed.warehouse_path)


def test_an_identical_copy_alone_is_named_without_any_report_changing(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    refresh(raw, tmp_path)
    shutil.copy(RAW_DIR / SEED_WUQING, raw / "zz_copy_of_004.txt")
    _, summary = refresh(raw, tmp_path)
    with duckdb.connect(str(summary.warehouse_path), read_only=True) as connection:
        assert connection.execute("select reports_changed from build_info").fetchone() == (0,)
        assert connection.execute(
            "select check_name, subject from qa_checks where status = 'flag'"
        ).fetchall() == [("duplicate", "zz_copy_of_004.txt")]


def office_and_government_copy(tmp_path):
    """A folder of 武清's office report and its copy on the district government's page."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW_DIR / SEED_WUQING, raw / SEED_WUQING)
    (raw / "wuqing_government.txt").write_bytes((RAW_DIR / SEED_WUQING).read_bytes() + b"\n")
    (raw / "wuqing_government.txt.meta.json").write_text(
        json.dumps({"issuer": "天津市武清区人民政府"}, ensure_ascii=False), encoding="utf-8"
    )
    return raw


def test_two_issuers_printing_the_same_figures_are_flagged_not_merged(tmp_path):
    raw = office_and_government_copy(tmp_path)
    warehouse = refresh(raw, tmp_path)[1].warehouse_path
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        flags = connection.execute(
            "select dim_report.source_file, subject from qa_checks join dim_report "
            "using (report_id) where check_name = 'shared_figures' order by 1"
        ).fetchall()
        kept = connection.execute(
            "select issuer, new_received from mart_report_summary order by issuer"
        ).fetchall()
    assert flags == [(SEED_WUQING, "wuqing_government.txt"), ("wuqing_government.txt", SEED_WUQING)]
    assert kept == [("天津市武清区人民政府", 174), (WUQING, 174)]  # both kept, both current


def test_a_new_version_unflags_the_copy_another_issuer_made_of_the_old_one(tmp_path):
    """A night's update reaches past the changed issuer: the district government's page
    copies the office's figures (flagged); the office re-issues with a figure revised, so its
    old version is no longer current and the copy shares no current report's figures. The
    copy is neither changed nor of the office, yet its flag goes, as a full build has it."""
    raw = office_and_government_copy(tmp_path)
    refresh(raw, tmp_path)
    seed = (RAW_DIR / SEED_WUQING).read_text(encoding="utf-8")
    (raw / "revised_004.txt").write_text(seed.replace(NOT_HELD, REVISED), encoding="utf-8")
    _, night = refresh(raw, tmp_path)
    assert night.incremental
    with duckdb.connect(str(night.warehouse_path), read_only=True) as connection:
        assert connection.execute(
            "select dim_report.source_file, check_name, subject from qa_checks "
            "join dim_report using (report_id) where status = 'flag'"
        ).fetchall() == [(SEED_WUQING, "superseded", SEED_WUQING)]
    full = build_warehouse(tmp_path / "w.parsed", tmp_path / "full.duckdb", force=True)
    assert _tables(night.warehouse_path) == _tables(full.warehouse_path)


def test_bodies_that_print_only_zeros_are_not_taken_for_copies(versions):
    _, _, connection = versions
    # 莆田市民宗局 2023 prints a 表三 of zeros: no report shares figures with another issuer
    assert (
        connection.execute(
            "select count(*) from qa_checks where check_name = 'shared_figures'"
        ).fetchone()[0]
        == 0
    )


def _tables(path):
    # Every table an incremental run updates (the intermediate ones too), and two marts.
    tables = [
        model.name if model.schema == "main" else model.qualified_name
        for model in load_models()
        if model.materialization == "table"
    ]
    assert set(CONTRACT_TABLES) - {"fct_report_sections"} < set(tables)
    return table_contents(path, (*tables, "mart_report_summary", "mart_jurisdiction_year"))


def _first_build_and_a_new_file(tmp_path, models):
    """sql/ with `models` ({path under sql/: SQL}) added, built on 武清's report; then 审计局's
    report arrives in the store. The sql folder and the first build's summary."""
    sql_dir = tmp_path / "sql"
    shutil.copytree(SQL_DIR, sql_dir)
    for path, sql in models.items():
        (sql_dir / path).write_text(sql, encoding="utf-8")
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW_DIR / SEED_WUQING, raw / SEED_WUQING)
    update_store(raw, tmp_path / "w.parsed")
    first = build_warehouse(tmp_path / "w.parsed", tmp_path / "w.duckdb", sql_dir)
    shutil.copy(RAW_DIR / AUDIT, raw / AUDIT)
    update_store(raw, tmp_path / "w.parsed")
    return sql_dir, first


def test_a_table_selected_per_report_may_not_read_across_reports(tmp_path):
    """A night selects a per-report table over the changed reports alone: a model kept as a
    table that reads dim_report (which another report's coming changes) stops the night,
    named, and the warehouse stays as it was published."""
    sql_dir, first = _first_build_and_a_new_file(
        tmp_path, {"core/fct_current_flags.sql": "select report_id, is_current from dim_report\n"}
    )
    assert first.row_counts["fct_current_flags"] == 1
    with pytest.raises(
        ValueError,
        match="fct_current_flags is selected per report but reads dim_report, int_report_versions",
    ):
        build_warehouse(tmp_path / "w.parsed", tmp_path / "w.duckdb", sql_dir)
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as connection:
        assert connection.execute("select count(*) from dim_report").fetchone() == (1,)


@pytest.mark.parametrize("stem", ["changed_reports", "Changed_Reports"])
def test_a_night_on_a_warehouse_named_like_its_own_catalogue(tmp_path, stem):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW_DIR / SEED_WUQING, raw / SEED_WUQING)
    update_store(raw, tmp_path / "w.parsed")
    build_warehouse(tmp_path / "w.parsed", tmp_path / f"{stem}.duckdb")
    shutil.copy(RAW_DIR / AUDIT, raw / AUDIT)
    update_store(raw, tmp_path / "w.parsed")
    night = build_warehouse(tmp_path / "w.parsed", tmp_path / f"{stem}.duckdb")
    assert night.incremental
    assert night.row_counts["dim_report"] == 2
    assert night.row_counts["fct_applications"] > 0


def test_a_file_touched_with_its_bytes_as_they_were_keeps_its_new_time(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW_DIR / SEED_WUQING, raw / SEED_WUQING)
    refresh(raw, tmp_path)
    touched = 1_700_000_000_123_456_789
    os.utime(raw / SEED_WUQING, ns=(touched, touched))
    _, night = refresh(raw, tmp_path)
    assert night.incremental and not night.unchanged
    with duckdb.connect(str(night.warehouse_path), read_only=True) as connection:
        assert connection.execute(
            "select mtime_ns, reports_changed from raw.files, build_info"
        ).fetchone() == (
            touched,
            0,
        )


def test_a_table_per_report_may_read_a_view_of_another(tmp_path):
    """The night's catalogue makes the models in their order: a view over a per-report table,
    read by another per-report table, is made after the first and before the second."""
    sql_dir, _ = _first_build_and_a_new_file(
        tmp_path,
        {
            "intermediate/int_fee_reports.sql": "select report_id, count(*) as fees "
            "from fct_fees group by report_id\n",
            "core/fct_fee_counts.sql": "select report_id, fees from int_fee_reports\n",
        },
    )
    night = build_warehouse(tmp_path / "w.parsed", tmp_path / "w.duckdb", sql_dir)
    full = build_warehouse(tmp_path / "w.parsed", tmp_path / "full.duckdb", sql_dir, force=True)
    assert night.incremental
    assert night.row_counts["fct_fee_counts"] == full.row_counts["fct_fee_counts"] > 0
    assert table_contents(night.warehouse_path, ["fct_fee_counts"]) == table_contents(
        full.warehouse_path, ["fct_fee_counts"]
    )
