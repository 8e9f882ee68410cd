"""The project's one Definitions object: Dagster wiring only, no parsing logic."""

import dagster as dg

from pipelines.collector import collector_paused, freeze_loaded

# The project's modules load with the collector paused: they make garbage of no account, and
# the full collection they set off walked everything Dagster had loaded (60-70 ms of every
# run, the sensor's looks included). What is loaded by the end stays until the process ends:
# frozen, left out of collections, a no-change `make run` no longer spends 1.5 s of its end
# freeing it.
with collector_paused():
    from pipelines.defs.checks import consistency_rules, data_tests, report_scorecard
    from pipelines.defs.ingest import parsed_reports
    from pipelines.defs.jobs import refresh_warehouse
    from pipelines.defs.load import warehouse_build
    from pipelines.defs.outputs import mart_exports, report_page
    from pipelines.defs.resources import settings_from_environment
    from pipelines.defs.schedules import nightly_ingestion
    from pipelines.defs.sensors import raw_dir_changes

    defs = dg.Definitions(
        assets=[parsed_reports, warehouse_build, report_page, mart_exports],
        asset_checks=[consistency_rules, data_tests, report_scorecard],
        jobs=[refresh_warehouse],
        schedules=[nightly_ingestion],
        sensors=[raw_dir_changes],
        resources={"settings": settings_from_environment()},
        # Everything runs in one process: a subprocess per step costs ~10 s a run for nothing.
        executor=dg.in_process_executor,
    )
    freeze_loaded()
