"""Where the pipeline reads and writes, from environment variables."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from pipelines import CHECKOUT
from pipelines.warehouse.build import store_dir

# A checkout's defaults (data/raw, data/warehouse) are the project's folders; an installed
# copy's are the folders of where it runs.
PROJECT_ROOT = CHECKOUT or Path.cwd()


class WarehouseSettings(dg.ConfigurableResource):
    """RAW_DIR holds the report files; WAREHOUSE_PATH is the DuckDB file analysts open.
    Parsed Parquet sits in `<warehouse stem>.parsed/` beside the warehouse file; the HTML page
    (REPORT_PATH) and the exports (EXPORT_DIR) default to `report.html` and `export/` beside
    it."""

    raw_dir: str
    warehouse_path: str
    report_path: str = ""
    export_dir: str = ""

    @property
    def raw(self) -> Path:
        return Path(self.raw_dir)

    @property
    def warehouse(self) -> Path:
        return Path(self.warehouse_path)

    @property
    def parsed_dir(self) -> Path:
        return store_dir(self.warehouse)

    @property
    def page(self) -> Path:
        return (
            Path(self.report_path) if self.report_path else self.warehouse.with_name("report.html")
        )

    @property
    def exports(self) -> Path:
        return Path(self.export_dir) if self.export_dir else self.warehouse.with_name("export")

    def run_tags(self) -> dict[str, str]:
        """Tags naming what a run reads and the warehouse it builds."""
        return {"warehouse": str(self.warehouse), "raw_dir": str(self.raw)}


def settings_from_environment() -> WarehouseSettings:
    return WarehouseSettings(
        raw_dir=os.environ.get("RAW_DIR", str(PROJECT_ROOT / "data" / "raw")),
        warehouse_path=os.environ.get(
            "WAREHOUSE_PATH", str(PROJECT_ROOT / "data" / "warehouse" / "warehouse.duckdb")
        ),
        report_path=os.environ.get("REPORT_PATH", ""),
        export_dir=os.environ.get("EXPORT_DIR", ""),
    )
