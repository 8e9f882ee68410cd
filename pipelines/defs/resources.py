"""Where the pipeline reads and writes, from environment variables."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class WarehouseSettings(dg.ConfigurableResource):
    """RAW_DIR holds the report files; WAREHOUSE_PATH is the DuckDB file analysts open.
    Parsed Parquet sits in `<warehouse stem>.parsed/` beside the warehouse file."""

    raw_dir: str
    warehouse_path: str

    @property
    def raw(self) -> Path:
        return Path(self.raw_dir)

    @property
    def warehouse(self) -> Path:
        return Path(self.warehouse_path)

    @property
    def parsed_dir(self) -> Path:
        return self.warehouse.with_name(self.warehouse.stem + ".parsed")


def settings_from_environment() -> WarehouseSettings:
    return WarehouseSettings(
        raw_dir=os.environ.get("RAW_DIR", str(PROJECT_ROOT / "data" / "raw")),
        warehouse_path=os.environ.get(
            "WAREHOUSE_PATH", str(PROJECT_ROOT / "data" / "warehouse" / "warehouse.duckdb")),
    )
