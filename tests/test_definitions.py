"""The Dagster definitions load, and materializing them builds a warehouse that can be queried."""

import gc
import subprocess
import sys

import dagster as dg
import duckdb

from pipelines.definitions import defs
from pipelines.defs.checks import DATA_TESTS
from pipelines.defs.resources import WarehouseSettings
from tests.conftest import RAW_DIR, SAMPLE_COUNT


def test_definitions_load_with_a_nightly_schedule():
    repository = defs.get_repository_def()
    schedule = repository.get_schedule_def("nightly_ingestion")
    assert (schedule.cron_schedule, schedule.execution_timezone) == ("0 2 * * *", "Asia/Shanghai")
    keys = {key.to_user_string() for key in repository.asset_graph.get_all_asset_keys()}
    assert {
        "parsed_reports",
        "dim_report",
        "fct_applications",
        "qa_checks",
        "mart_report_summary",
        "mart_yoy",
        "mart_region_ranking",
    } <= keys


def test_what_the_definitions_loaded_is_left_out_of_collections():
    # Frozen when loaded: no later collection walks it, nor do the ones at the process's exit.
    assert gc.is_tracked(defs) and gc.get_freeze_count() > 0
    assert not any(live is defs for live in gc.get_objects())
    assert gc.isenabled()  # what a run makes is still collected


def test_loading_the_definitions_leaves_the_parser_unloaded():
    # A run that finds nothing to parse, and the sensor's process, never pay for the parser's
    # modules (nor lxml's or OpenCC's); the parse loads them when there is a file to parse.
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, pipelines.definitions; print(' '.join(sorted(m for m in sys.modules "
            "if m.startswith(('pipelines.extract', 'lxml', 'opencc')))))",
        ],
        capture_output=True,
        text=True,
    )
    assert child.returncode == 0, child.stderr
    assert child.stdout.split() == [
        "pipelines.extract",
        "pipelines.extract.records",
        "pipelines.extract.requirements",
        "pipelines.extract.source",
        "pipelines.extract.vocabulary",
    ]


def test_the_sensor_asks_for_a_run_only_when_raw_dir_changes(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_bytes((RAW_DIR / "004_64bee20b8c6febd8.txt").read_bytes())
    settings = WarehouseSettings(raw_dir=str(raw), warehouse_path=str(tmp_path / "w.duckdb"))
    sensor = defs.get_repository_def().get_sensor_def("raw_dir_changes")
    with dg.instance_for_test() as instance:
        first = sensor(dg.build_sensor_context(instance=instance, resources={"settings": settings}))
        assert isinstance(first, dg.RunRequest)
        again = sensor(
            dg.build_sensor_context(
                instance=instance, cursor=first.run_key, resources={"settings": settings}
            )
        )
        assert isinstance(again, dg.SkipReason)
        (raw / "a.txt").unlink()
        removed = sensor(
            dg.build_sensor_context(
                instance=instance, cursor=first.run_key, resources={"settings": settings}
            )
        )
        assert isinstance(removed, dg.RunRequest) and removed.run_key != first.run_key


def test_materializing_every_asset_builds_the_warehouse(tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    settings = WarehouseSettings(raw_dir=str(RAW_DIR), warehouse_path=str(warehouse))
    job = defs.resolve_implicit_global_asset_job_def()
    with dg.instance_for_test() as instance:
        result = job.execute_in_process(instance=instance, resources={"settings": settings})
    assert result.success
    checks = {
        evaluation.check_name: evaluation.passed
        for evaluation in result.get_asset_check_evaluations()
    }
    assert checks["balance"] is False and checks["applicant_sum"] is True
    assert checks["reports_parsed"] is True
    # every data test of sql/tests/ ran on the published warehouse, on its model, and held
    data_tests = {
        (evaluation.asset_key.to_user_string(), evaluation.check_name): evaluation.passed
        for evaluation in result.get_asset_check_evaluations()
        if evaluation.check_name in {test.name for test in DATA_TESTS}
    }
    assert data_tests == {(test.model, test.name): True for test in DATA_TESTS}
    assert len(data_tests) == 18
    scorecard = {
        evaluation.check_name: evaluation.metadata
        for evaluation in result.get_asset_check_evaluations()
        if evaluation.asset_key == dg.AssetKey("mart_report_quality")
    }
    # the sample's late reports: 002 (昭通, 2022年2月20日 under its signature, 20 days after
    # a department's 31 January) and 104 (莆田科技局 2009, 发布时间 2010-04-06, 6 days)
    assert {key: value.value for key, value in scorecard["published_on_time"].items()} == {
        "late": 2,
        "dated": 19,
        "undated": 7,
        "most_days_late": 20,
        "late_by_signature_date": 1,
    }
    assert checks["published_on_time"] is False and checks["tables_filled"] is False
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        assert connection.execute(
            "select value from fct_applications join dim_report using (report_id) "
            "where source_file = '004_64bee20b8c6febd8.txt' and item = 'total_processed' "
            "and applicant_type = 'total' and source = 'table'"
        ).fetchone() == (172,)
    materialized = result.get_asset_materialization_events()
    rows = {
        event.asset_key.to_user_string(): event.materialization.metadata["dagster/row_count"].value
        for event in materialized
        if "dagster/row_count" in event.materialization.metadata
    }
    assert rows["dim_report"] == SAMPLE_COUNT


def test_a_run_refuses_a_warehouse_named_like_a_schema_before_it_parses(tmp_path):
    warehouse = tmp_path / "raw.duckdb"
    settings = WarehouseSettings(raw_dir=str(RAW_DIR), warehouse_path=str(warehouse))
    job = defs.resolve_implicit_global_asset_job_def()
    with dg.instance_for_test() as instance:
        result = job.execute_in_process(
            instance=instance, resources={"settings": settings}, raise_on_error=False
        )
    assert not result.success
    failure = next(e for e in result.all_events if e.event_type_value == "STEP_FAILURE")
    assert failure.step_key == "parsed_reports"
    assert "otherwise than intermediate, raw, staging" in str(failure.event_specific_data)
    assert not settings.parsed_dir.exists() and not warehouse.exists()
