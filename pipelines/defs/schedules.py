"""The nightly ingestion."""

import dagster as dg

nightly_ingestion = dg.ScheduleDefinition(
    name="nightly_ingestion",
    cron_schedule="0 2 * * *",
    execution_timezone="Asia/Shanghai",
    target=dg.AssetSelection.all(),
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Brings the warehouse up to date with RAW_DIR at 02:00 Beijing time.",
)
