"""Parsed Parquet -> the DuckDB warehouse: one asset per sql/ model, built together.

The models are built into a new file and published by one atomic rename, so they are one
multi-asset: a reader never sees one model from this run beside another from the last. A run
that finds the published build already made from these inputs, and the page and exports made
from it, yields no materialization."""

from pathlib import Path

import dagster as dg

from pipelines.defs.console import explained, record, say_who_holds, tag_run
from pipelines.defs.resources import WarehouseSettings
from pipelines.reporting.export import exports_are_current
from pipelines.reporting.report_page import page_is_current
from pipelines.warehouse.build import build_warehouse, load_models
from pipelines.warehouse.descriptions import COLUMNS

MODELS = load_models()


def _spec(model) -> dg.AssetSpec:
    deps = sorted(model.depends_on) or ["parsed_reports"]
    return dg.AssetSpec(
        key=model.name,
        deps=deps,
        group_name=f"warehouse_{model.layer}",
        description=model.description or f"{model.layer} model {model.name}",
        kinds={"duckdb"},
        # A run that changes nothing materializes nothing (when the page and the exports are
        # this build's): they and the checks after it are skipped.
        skippable=True,
        metadata={
            "sql_layer": model.layer,
            "materialized_as": model.materialization,
            "schema": model.schema,
        },
    )


def _outputs_current(settings: WarehouseSettings, fingerprint: str | None) -> bool:
    """The page and the exports were made from the build of this fingerprint by this code (a
    page that failed, moved or was drawn by older code is not)."""
    return bool(fingerprint) and (
        page_is_current(settings.page, fingerprint)
        and exports_are_current(settings.exports, fingerprint)
    )


@dg.multi_asset(specs=[_spec(model) for model in MODELS], name="warehouse_build")
def warehouse_build(context: dg.AssetExecutionContext, settings: WarehouseSettings):
    with explained(context, "building the warehouse"):
        say_who_holds(context, Path(str(settings.warehouse) + ".lock"), "the warehouse")
        summary = build_warehouse(settings.parsed_dir, settings.warehouse)
    build = summary.build
    quiet = summary.unchanged and _outputs_current(settings, build.get("fingerprint"))
    record(
        context,
        "build",
        warehouse=str(summary.warehouse_path),
        republished=not summary.unchanged,
        incremental=summary.incremental,
        reports_changed=build.get("reports_changed"),
        build_id=build.get("build_id"),
        **({"page": str(settings.page), "exports": str(settings.exports)} if quiet else {}),
    )
    tag_run(
        context,
        {
            "warehouse": str(summary.warehouse_path),
            "warehouse_build": str(build.get("build_id")),
            "republished": "yes" if not summary.unchanged else "no",
        },
    )
    if quiet:
        return
    for model in MODELS:
        row_count = summary.row_counts.get(model.name)
        yield dg.MaterializeResult(
            asset_key=model.name,
            metadata={
                **({"dagster/row_count": row_count} if row_count is not None else {}),
                "dagster/column_schema": dg.TableSchema(
                    columns=[
                        dg.TableColumn(name, data_type, description=COLUMNS.get(name))
                        for name, data_type in summary.columns[model.name]
                    ]
                ),
                "warehouse": dg.MetadataValue.path(str(summary.warehouse_path)),
                "build_id": str(build.get("build_id")),
                "republished": not summary.unchanged,
            },
        )
