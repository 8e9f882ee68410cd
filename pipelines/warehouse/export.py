"""`make export`: every mart as CSV and Parquet, for people who do not use SQL.

The CSV files are opened in spreadsheets, and an issuer or a place comes from report text or
a sidecar, so a text cell that starts like a formula (`=`, `+`, `-`, `@`, a tab or a carriage
return, or their full-width forms) is written with a leading `'`, as OWASP recommends against
CSV injection, and every text cell is quoted. The Parquet files keep the values as they are.
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv

from pipelines.warehouse.parsed import write_parquet_atomically

# What a spreadsheet takes as the start of a formula (OWASP, "CSV Injection").
FORMULA_START = "=+-@\t\r＝＋－＠"
_FORMULA_PATTERN = r"^([=+\-@\t\r＝＋－＠])"


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
            write_csv_safely(table, target / f"{mart}.csv")
            written += [target / f"{mart}.parquet", target / f"{mart}.csv"]
    return written


def neutralised(table: pa.Table) -> pa.Table:
    """The table with every text cell that starts like a formula prefixed with `'`."""
    columns = []
    for column in table.columns:
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            column = pc.replace_substring_regex(column, pattern=_FORMULA_PATTERN,
                                                replacement="'\\1", max_replacements=1)
        columns.append(column)
    return pa.Table.from_arrays(columns, schema=table.schema)


def write_csv_safely(table: pa.Table, path: Path) -> None:
    pyarrow.csv.write_csv(neutralised(table), path,
                          pyarrow.csv.WriteOptions(quoting_style="needed"))


if __name__ == "__main__":
    for path in export_marts(Path(sys.argv[1]), Path(sys.argv[2])):
        print(f"wrote {path}")
