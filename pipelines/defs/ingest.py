"""Raw report files -> parsed Parquet."""

import dagster as dg

from pipelines.defs.console import explained, record, say_who_holds, tag_run
from pipelines.defs.load import MODELS
from pipelines.defs.resources import WarehouseSettings
from pipelines.reporting.summary import NAMES_SHOWN
from pipelines.store.progress import Progress
from pipelines.store.update import store_lock, update_store
from pipelines.warehouse.build import check_warehouse_name


@dg.asset(
    group_name="extract",
    kinds={"python", "parquet"},
    description="The parsed store: every report file in RAW_DIR parsed into records (reports, "
    "figures, sections, checks, texts) kept as Parquet. Only new or changed files "
    "are parsed; removed files leave it. A file that cannot be parsed (or read, or "
    "that takes longer than PARSE_TIMEOUT_SECONDS, or is in a format that is not "
    "read: PDF, Word, WPS, images) is recorded with parse_status 'failed' and its "
    "reason; the run goes on.",
)
def parsed_reports(
    context: dg.AssetExecutionContext, settings: WarehouseSettings
) -> dg.MaterializeResult:
    tag_run(context, settings.run_tags())
    progress = Progress("parsed new or changed report files")

    def log_progress(done: int, total: int, name: str, status: str) -> None:
        line = progress.line(done, total)
        if line:
            context.log.info(line)

    with explained(context, "checking WAREHOUSE_PATH"):
        check_warehouse_name(settings.warehouse, MODELS)  # (before the parse, not after)
    with explained(context, "reading RAW_DIR"):
        say_who_holds(context, store_lock(settings.parsed_dir), "the parsed store")
        update = update_store(settings.raw, settings.parsed_dir, on_report=log_progress)
    for name, problem in sorted(update.problems.items()):
        context.log.warning(f"{name}: {problem}")
    statuses, others = update.statuses, update.other
    record(
        context,
        "parse",
        raw_dir=str(settings.raw),
        files=statuses.total(),
        added=len(update.added),
        changed=len(update.changed),
        removed=len(update.removed),
        unchanged=update.unchanged,
        added_files=update.added[:NAMES_SHOWN],
        changed_files=update.changed[:NAMES_SHOWN],
        removed_files=update.removed[:NAMES_SHOWN],
        other=len(others),
        other_files=others[:NAMES_SHOWN],
    )
    return dg.MaterializeResult(
        metadata={
            "added": len(update.added),
            "changed": len(update.changed),
            "removed": len(update.removed),
            "unchanged": update.unchanged,
            "reports": statuses.total(),
            "ok": statuses["ok"],
            "partial": statuses["partial"],
            "failed": statuses["failed"],
            "problem_files": ", ".join(sorted(update.problems)) or "none",
            "not_reports": ", ".join(others[:50]) or "none",
            "parsed_dir": dg.MetadataValue.path(str(settings.parsed_dir)),
        }
    )
