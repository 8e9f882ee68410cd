"""What analysts read besides the warehouse, refreshed after the marts: the HTML page and the
CSV/Parquet exports. Each is rewritten only when the warehouse build (or the code that writes
it) changed; a run that changes nothing and finds both this build's skips them."""

import dagster as dg

from pipelines.defs.console import explained, record
from pipelines.defs.load import MODELS
from pipelines.defs.resources import WarehouseSettings
from pipelines.reporting.export import exported_build, refresh_exports
from pipelines.reporting.report_page import page_build, refresh_page

MARTS = sorted(model.name for model in MODELS if model.name.startswith("mart_"))
# The page also reads the contract tables it names files and rules from.
PAGE_SOURCES = MARTS + ["dim_report", "qa_checks", "fct_report_sections"]


@dg.asset(
    deps=PAGE_SOURCES,
    group_name="outputs",
    kinds={"html"},
    description="The HTML page (REPORT_PATH, default report.html beside the warehouse): charts "
    "of applications and outcomes per year, year over year, the grant-rate ranking "
    "among peers, reviews and lawsuits, duplicate and superseded files, failed files "
    "and failed checks, with the build it shows.",
)
def report_page(
    context: dg.AssetExecutionContext, settings: WarehouseSettings
) -> dg.MaterializeResult:
    with explained(context, "writing the report page"):
        written = refresh_page(settings.warehouse, settings.page, settings.raw)
    record(context, "page", path=str(settings.page), written=written)
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(settings.page)),
            "written": written,
            "warehouse_fingerprint": page_build(settings.page).get("warehouse-fingerprint", ""),
        }
    )


@dg.asset(
    deps=MARTS,
    group_name="outputs",
    kinds={"csv", "parquet"},
    description="Every mart as CSV (UTF-8 with BOM, formulas neutralised) and Parquet in "
    "EXPORT_DIR (default export/ beside the warehouse), with build_info.json.",
)
def mart_exports(
    context: dg.AssetExecutionContext, settings: WarehouseSettings
) -> dg.MaterializeResult:
    with explained(context, "writing the exports"):
        written = refresh_exports(settings.warehouse, settings.exports)
    record(context, "exports", path=str(settings.exports), written=len(written or []))
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(settings.exports)),
            "files_written": len(written or []),
            "build_id": str((exported_build(settings.exports) or {}).get("build_id")),
        }
    )
