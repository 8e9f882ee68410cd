"""The nightly ingestion."""

import dagster as dg

nightly_ingestion = dg.ScheduleDefinition(
    name="nightly_ingestion",
    cron_schedule="0 2 * * *",
    execution_timezone="Asia/Shanghai",
    target=dg.AssetSelection.all(),
    description="Re-reads RAW_DIR and republishes the warehouse at 02:00 Beijing time.",
)
