"""`make export`: every mart as CSV and Parquet, for people who do not use SQL."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pyarrow.csv

from pipelines.warehouse.parsed import write_parquet_atomically


def export_marts(warehouse_path: Path, target: Path) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written = []
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        marts = [row[0] for row in connection.execute(
            "select view_name from duckdb_views() where schema_name = 'main' "
            "and view_name like 'mart\\_%' escape '\\' order by 1").fetchall()]
        for mart in marts:
            table = connection.table(mart).to_arrow_table()
            write_parquet_atomically(table, target / f"{mart}.parquet")
            pyarrow.csv.write_csv(table, target / f"{mart}.csv")
            written += [target / f"{mart}.parquet", target / f"{mart}.csv"]
    return written


if __name__ == "__main__":
    for path in export_marts(Path(sys.argv[1]), Path(sys.argv[2])):
        print(f"wrote {path}")
