"""Notices new, changed and removed files in RAW_DIR and asks for a run."""

import dagster as dg

from pipelines.defs.jobs import refresh_warehouse
from pipelines.defs.resources import WarehouseSettings
from pipelines.store.files import folder_signature


@dg.sensor(
    target=refresh_warehouse,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Starts a run when a report file in RAW_DIR is added, changed or removed. "
    "The run itself parses only those files, and refreshes the page and exports.",
)
def raw_dir_changes(context: dg.SensorEvaluationContext, settings: WarehouseSettings):
    try:
        signature = folder_signature(settings.raw)
    except OSError as error:  # RAW_DIR is not a folder (or cannot be listed): say so, retry
        return dg.SkipReason(str(error).splitlines()[0] if str(error) else repr(error))
    if signature == context.cursor:
        return dg.SkipReason("no report file was added, changed or removed")
    context.update_cursor(signature)
    return dg.RunRequest(run_key=signature, tags=settings.run_tags())
