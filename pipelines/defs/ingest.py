"""Raw report files -> parsed Parquet."""


from collections import Counter

import dagster as dg

from pipelines.defs.resources import WarehouseSettings
from pipelines.warehouse.progress import Progress
from pipelines.warehouse.store import read_manifest, update_store


@dg.asset(
    group_name="extract",
    kinds={"python", "parquet"},
    description="The parsed store: every report file in RAW_DIR parsed into records (reports, "
                "figures, sections, checks, texts) kept as Parquet. Only new or changed files "
                "are parsed; removed files leave it. A file that cannot be parsed (or read, or "
                "that takes longer than PARSE_TIMEOUT_SECONDS) is recorded with parse_status "
                "'failed' and its reason; the run goes on.",
)
def parsed_reports(context: dg.AssetExecutionContext,
                   settings: WarehouseSettings) -> dg.MaterializeResult:
    progress = Progress("parsed new or changed report files")

    def log_progress(done: int, total: int, name: str, status: str) -> None:
        line = progress.line(done, total)
        if line:
            context.log.info(line)

    update = update_store(settings.raw, settings.parsed_dir, on_report=log_progress)
    for name, problem in sorted(update.problems.items()):
        context.log.warning(f"{name}: {problem}")
    statuses = Counter(row["parse_status"] for row in read_manifest(settings.parsed_dir).values())
    return dg.MaterializeResult(metadata={
        "added": len(update.added),
        "changed": len(update.changed),
        "removed": len(update.removed),
        "unchanged": update.unchanged,
        "reports": sum(statuses.values()),
        "ok": statuses["ok"],
        "partial": statuses["partial"],
        "failed": statuses["failed"],
        "problem_files": ", ".join(sorted(update.problems)) or "none",
        "parsed_dir": dg.MetadataValue.path(str(settings.parsed_dir)),
    })
