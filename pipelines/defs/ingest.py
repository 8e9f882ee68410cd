"""Raw report files -> parsed Parquet."""


from collections import Counter

import dagster as dg

from pipelines.defs.resources import WarehouseSettings
from pipelines.warehouse.ingest import parse_folder
from pipelines.warehouse.parsed import write_parsed


@dg.asset(
    group_name="extract",
    kinds={"python", "parquet"},
    description="Every report file in RAW_DIR parsed into records (reports, figures, sections, "
                "checks, texts) written as Parquet. A file that cannot be parsed is recorded "
                "with parse_status 'failed' and its reason; the run goes on.",
)
def parsed_reports(context: dg.AssetExecutionContext,
                   settings: WarehouseSettings) -> dg.MaterializeResult:
    def log_progress(done: int, total: int, report) -> None:
        if report.parse_status != "ok":
            context.log.warning(f"{report.source_file}: {report.parse_status}: "
                                f"{'; '.join(report.parse_errors)}")
        if done == total or done % 500 == 0:
            context.log.info(f"parsed {done}/{total} report files")

    reports = list(parse_folder(settings.raw, on_report=log_progress))
    rows = write_parsed(reports, settings.parsed_dir)
    statuses = Counter(report.parse_status for report in reports)
    failed = [r.source_file for r in reports if r.parse_status == "failed"]
    return dg.MaterializeResult(metadata={
        "reports": len(reports),
        "ok": statuses["ok"],
        "partial": statuses["partial"],
        "failed": statuses["failed"],
        "failed_files": ", ".join(failed) or "none",
        "figures": rows["figures"],
        "parsed_dir": dg.MetadataValue.path(str(settings.parsed_dir)),
    })
