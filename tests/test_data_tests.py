"""sql/tests/: the grains, keys and codes of the warehouse, tested before every publish."""

import shutil

import duckdb
import pytest

from pipelines.extract.records import Figure
from pipelines.extract.report import one_figure_per_key
from pipelines.store.update import update_store
from pipelines.warehouse.build import SQL_DIR, build_warehouse, load_models
from pipelines.warehouse.data_tests import DataTestsFailed, load_data_tests, run_data_tests
from tests.conftest import RAW_DIR, SAMPLE_COUNT, SEED_WUQING, refresh

TESTS = load_data_tests(SQL_DIR / "tests", {model.name for model in load_models()})


def test_the_sample_warehouse_passes_every_data_test(seed_warehouse):
    with duckdb.connect(str(seed_warehouse), read_only=True) as connection:
        results = run_data_tests(connection, TESTS)
    assert [result.explained() for result in results if not result.passed] == []
    # every contract table and the marts people sum have a grain test
    tested = {result.test.model for result in results}
    assert {
        "dim_report",
        "fct_applications",
        "fct_appeals",
        "fct_publications",
        "fct_fees",
        "fct_report_sections",
        "qa_checks",
        "codes",
        "mart_jurisdiction_year",
        "mart_report_quality",
    } <= tested


def _broken(tmp_path, model_path: str, edit) -> object:
    """A copy of sql/ with one model's SQL edited."""
    sql_dir = tmp_path / "sql"
    shutil.copytree(SQL_DIR, sql_dir)
    model = sql_dir / model_path
    model.write_text(edit(model.read_text(encoding="utf-8")), encoding="utf-8")
    return sql_dir


def test_a_broken_grain_stops_the_publish_and_names_the_rows(seed_warehouse, tmp_path):
    published = tmp_path / "warehouse.duckdb"
    build_warehouse(seed_warehouse.with_name("warehouse.parsed"), published)
    before = published.resolve().read_bytes()
    # dim_report with every report twice: the grain two identical files once broke
    sql_dir = _broken(
        tmp_path,
        "core/dim_report.sql",
        lambda sql: f"select * from (\n{sql}\n) union all select * from (\n{sql}\n)",
    )
    with pytest.raises(DataTestsFailed) as refused:
        build_warehouse(
            seed_warehouse.with_name("warehouse.parsed"), published, sql_dir, force=True
        )
    failed = {result.test.name: result for result in refused.value.failed}
    assert {"dim_report_grain", "dim_report_one_current"} <= set(failed)
    grain = failed["dim_report_grain"]
    assert grain.offending_rows == SAMPLE_COUNT and grain.columns == ["report_id", "rows"]
    assert all(rows == 2 for _, rows in grain.shown) and len(grain.shown) == 5
    assert "dim_report_grain" in str(refused.value) and "rows=2" in str(refused.value)
    # readers keep the warehouse published before
    assert published.resolve().read_bytes() == before


def test_a_section_without_its_text_stops_the_publish(seed_warehouse, tmp_path):
    """fct_report_sections joins each section to its report's text: a text gone missing
    would take its sections with it unseen, so a test counts them first."""
    published = tmp_path / "warehouse.duckdb"
    sql_dir = _broken(
        tmp_path,
        "staging/stg_texts.sql",
        lambda sql: sql + "where report_id <> (select min(report_id) from raw.texts)\n",
    )
    with pytest.raises(DataTestsFailed) as refused:
        build_warehouse(seed_warehouse.with_name("warehouse.parsed"), published, sql_dir)
    (failed,) = refused.value.failed
    assert failed.test.name == "fct_report_sections_have_their_text"
    assert failed.columns == ["report_id", "section_no"]
    assert len({report_id for report_id, _ in failed.shown}) == 1 and failed.offending_rows >= 5


def test_a_code_outside_the_code_list_stops_the_publish(seed_warehouse, tmp_path):
    published = tmp_path / "warehouse.duckdb"
    sql_dir = _broken(
        tmp_path,
        "core/fct_applications.sql",
        lambda sql: sql.replace("key1 as item,", "key1 || '_x' as item,"),
    )
    with pytest.raises(DataTestsFailed) as refused:
        build_warehouse(seed_warehouse.with_name("warehouse.parsed"), published, sql_dir)
    assert [result.test.name for result in refused.value.failed] == ["fct_applications_codes"]
    assert all(row[1].endswith("_x") for row in refused.value.failed[0].shown)
    assert not published.exists()


def test_a_data_test_names_the_model_it_tests(tmp_path):
    (tmp_path / "loose.sql").write_text("select 1 where false\n")
    with pytest.raises(ValueError, match="-- tests: <model>"):
        load_data_tests(tmp_path, {"dim_report"})


def test_a_misprinted_header_is_a_problem_of_its_report_not_a_refused_publish(tmp_path):
    # 表二's header names 本年新公开数量 twice (the last column misprinted): two columns read
    # as one measure once gave two figures of one key, and fct_publications_grain refused to
    # publish the warehouse for every report
    raw = tmp_path / "raw"
    raw.mkdir()
    text = (RAW_DIR / "239_putian_ptslyj_2019.txt").read_text(encoding="utf-8")
    (raw / "misprinted.txt").write_text(
        text.replace("对外公开总数量", "本年新公开数量"), encoding="utf-8"
    )
    shutil.copy(RAW_DIR / SEED_WUQING, raw)
    _, summary = refresh(raw, tmp_path)
    assert summary.row_counts["dim_report"] == 2
    with duckdb.connect(str(summary.warehouse_path), read_only=True) as connection:
        status, errors = connection.execute(
            "select parse_status, parse_errors from dim_report where source_file = ?",
            ["misprinted.txt"],
        ).fetchone()
    assert status == "partial"
    assert "表二 line 100: row regulation printed '0': no way to make 3 cells" in errors


def test_a_key_read_twice_keeps_the_first_reading_and_says_so():
    first = Figure("applications", "new_received", "total", 12, "12", "table", 30)
    second = Figure("applications", "new_received", "total", 21, "21", "table", 80)
    prose = Figure("applications", "new_received", "total", 12, "12件", "narrative", 5)
    errors: list[str] = []
    assert one_figure_per_key([first, second, prose], errors) == [first, prose]
    assert errors == [
        "applications new_received/total read twice from the table (lines 30 and 80): "
        "the one on line 80 left out"
    ]


def test_an_update_tests_the_changed_reports_rows_and_still_refuses_a_broken_one(
    tmp_path, monkeypatch
):
    """An incremental build runs the per-report tests on the reports it changed only: a
    duplicate row of a changed report stops the publish; the whole-table tests still read
    everything."""
    from pipelines.warehouse import build as build_module
    from pipelines.warehouse.incremental import apply_changes

    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    refresh(raw, tmp_path)
    before = (tmp_path / "w.duckdb").resolve()
    (raw / SEED_WUQING).write_bytes((RAW_DIR / SEED_WUQING).read_bytes() + b"\n")
    update_store(raw, tmp_path / "w.parsed")

    scopes = {test.name: test.scope for test in TESTS}
    assert scopes["fct_applications_grain"] == scopes["rows_name_a_report"] == "report"
    assert scopes["dim_report_one_current"] == "all"
    assert scopes["mart_report_quality_grain"] == scopes["mart_jurisdiction_year_grain"] == "models"

    def with_a_duplicate_row(connection, parsed_dir, models):
        changed = apply_changes(connection, parsed_dir, models)
        connection.execute(
            "insert into fct_applications select * from fct_applications "
            "where report_id in (select report_id from delta) limit 1"
        )
        return changed

    monkeypatch.setattr(build_module, "apply_changes", with_a_duplicate_row)
    with pytest.raises(DataTestsFailed) as refused:
        build_warehouse(tmp_path / "w.parsed", tmp_path / "w.duckdb")
    assert [result.test.name for result in refused.value.failed] == ["fct_applications_grain"]
    assert (tmp_path / "w.duckdb").resolve() == before  # not published
    monkeypatch.undo()
    summary = build_warehouse(tmp_path / "w.parsed", tmp_path / "w.duckdb")
    assert summary.incremental and summary.row_counts["dim_report"] == SAMPLE_COUNT


def test_the_scoped_tests_see_the_changed_reports_and_the_models_tests_are_left_out(
    seed_warehouse, tmp_path
):
    """Run as an update runs them: a duplicate row of a report outside `changed` is not seen
    (the scope is real), one of a report inside is; the marts' grain tests are not run."""
    warehouse = tmp_path / "w.duckdb"
    warehouse.write_bytes(seed_warehouse.resolve().read_bytes())
    with duckdb.connect(str(warehouse)) as connection:
        first, second = (
            row[0]
            for row in connection.execute(
                "select distinct report_id from fct_applications order by 1 limit 2"
            ).fetchall()
        )
        connection.execute(
            "insert into fct_applications select * from fct_applications "
            "where report_id = ? limit 1",
            [first],
        )
        connection.execute("create temp table changed (report_id varchar)")
        connection.execute("insert into changed values (?)", [second])
        other = {r.test.name: r for r in run_data_tests(connection, TESTS, "changed")}
        connection.execute("insert into changed values (?)", [first])
        own = {r.test.name: r for r in run_data_tests(connection, TESTS, "changed")}
        whole = {r.test.name: r for r in run_data_tests(connection, TESTS)}
    assert other["fct_applications_grain"].passed
    assert not own["fct_applications_grain"].passed
    assert not whole["fct_applications_grain"].passed
    assert "mart_report_quality_grain" not in own and "mart_report_quality_grain" in whole
    assert own["dim_report_one_current"].passed  # a whole-table test, run on everything
