"""The nightly ingestion."""

import dagster as dg

from pipelines.defs.jobs import refresh_warehouse

nightly_ingestion = dg.ScheduleDefinition(
    name="nightly_ingestion",
    cron_schedule="0 2 * * *",
    execution_timezone="Asia/Shanghai",
    target=refresh_warehouse,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Brings the warehouse, its HTML page and its exports up to date with RAW_DIR "
    "at 02:00 Beijing time.",
)
