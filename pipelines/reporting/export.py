"""The exports: every mart as CSV and Parquet, for people who do not use SQL.

`make run` refreshes them after every build (the Dagster asset `mart_exports`), `make export`
writes them on demand. The CSV files are UTF-8 with a byte-order mark, so Excel (on a Chinese
Windows too, where it would otherwise read GBK) opens them with their Chinese intact. They
are opened in spreadsheets, and an issuer or a place comes from report text or a sidecar, so
a text cell that starts like a formula (`=`, `+`, `-`, `@`, a tab or a carriage return, or
their full-width forms) is written with a leading `'`, as OWASP recommends against CSV
injection, and every text cell is quoted. The Parquet files keep the values as they are.
Each file is written to a temporary name and renamed, so a reader never sees half a file;
`build_info.json` says which warehouse build they come from.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv

from pipelines.atomic import replacing, write_bytes_atomically, write_parquet_atomically
from pipelines.reporting.summary import cause_of

# What a spreadsheet takes as the start of a formula (OWASP, "CSV Injection").
FORMULA_START = "=+-@\t\r＝＋－＠"
_FORMULA_PATTERN = r"^([=+\-@\t\r＝＋－＠])"
BOM = b"\xef\xbb\xbf"
BUILD_FILE = "build_info.json"
# The exporter's own code: a change to it rewrites the exports even for the same build.
EXPORTER_DIGEST = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


class MissingWarehouse(Exception):
    """There is no warehouse to read, or it cannot be opened: said in one line."""


def open_warehouse(warehouse_path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection, or MissingWarehouse with a one-line reason."""
    warehouse_path = Path(warehouse_path)
    if not warehouse_path.exists():
        raise MissingWarehouse(f"no warehouse at {warehouse_path}: run `make run` first")
    try:
        return duckdb.connect(str(warehouse_path), read_only=True)
    except duckdb.Error as error:
        raise MissingWarehouse(
            f"cannot open the warehouse {warehouse_path}: {cause_of(error)}"
        ) from error


def build_of(connection: duckdb.DuckDBPyConnection) -> dict:
    cursor = connection.execute("select * from build_info")
    names = [column[0] for column in cursor.description]
    return dict(zip(names, cursor.fetchone(), strict=True))


def export_marts(warehouse_path: Path, target: Path) -> list[Path]:
    """Every mart of the warehouse as <mart>.parquet and <mart>.csv in target; the files."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    with open_warehouse(warehouse_path) as connection:
        marts = [
            row[0]
            for row in connection.execute(
                "select view_name from duckdb_views() where schema_name = 'main' "
                "and view_name like 'mart\\_%' escape '\\' order by 1"
            ).fetchall()
        ]
        for mart in marts:
            table = connection.table(mart).to_arrow_table()
            write_parquet_atomically(table, target / f"{mart}.parquet")
            write_csv_safely(table, target / f"{mart}.csv")
            written += [target / f"{mart}.parquet", target / f"{mart}.csv"]
        build = build_of(connection)
    write_bytes_atomically(
        target / BUILD_FILE,
        json.dumps(
            {
                "warehouse": str(warehouse_path),
                "build_id": build.get("build_id"),
                "fingerprint": build["fingerprint"],
                "built_at": str(build["built_at"]),
                "exporter": EXPORTER_DIGEST,
                "files": [path.name for path in written],
            },
            ensure_ascii=False,
            indent=1,
        ).encode("utf-8"),
    )
    return written


def exported_build(target: Path) -> dict | None:
    """What build_info.json of an export folder says, if it can be read."""
    try:
        return json.loads((Path(target) / BUILD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def refresh_exports(warehouse_path: Path, target: Path) -> list[Path] | None:
    """Export the marts unless the folder already holds this build's exports, written by
    this code (a run that changed nothing rewrites nothing); the files written, or None."""
    with open_warehouse(warehouse_path) as connection:
        fingerprint = build_of(connection)["fingerprint"]
    if exports_are_current(target, fingerprint):
        return None
    return export_marts(warehouse_path, target)


def exports_are_current(target: Path, fingerprint: str) -> bool:
    """The folder holds every file of the build of this fingerprint, written by this code."""
    known = exported_build(target)
    return bool(
        known
        and known.get("fingerprint") == fingerprint
        and known.get("exporter") == EXPORTER_DIGEST
        and all((Path(target) / name).exists() for name in known.get("files", []))
    )


def neutralised(table: pa.Table) -> pa.Table:
    """The table with every text cell that starts like a formula prefixed with `'`."""
    columns = []
    for column in table.columns:
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            column = pc.replace_substring_regex(
                column, pattern=_FORMULA_PATTERN, replacement="'\\1", max_replacements=1
            )
        columns.append(column)
    return pa.Table.from_arrays(columns, schema=table.schema)


def write_csv_safely(table: pa.Table, path: Path) -> None:
    """UTF-8 with a byte-order mark (so Excel reads it as UTF-8), formulas neutralised,
    written to a temporary name and renamed."""
    with replacing(path) as temporary, temporary.open("wb") as output:
        output.write(BOM)
        pyarrow.csv.write_csv(
            neutralised(table), output, pyarrow.csv.WriteOptions(quoting_style="needed")
        )


def run_command(name: str, action: Callable[[], str]) -> int:
    """`make <name>`: the action's one-line account, or, when there is no warehouse to read,
    why, on stderr, with exit status 1."""
    try:
        said = action()
    except MissingWarehouse as error:
        print(f"make {name}: {error}", file=sys.stderr)
        return 1
    print(said)
    return 0


def main(argv: list[str]) -> int:
    return run_command(
        "export",
        lambda: (
            f"wrote {len(export_marts(Path(argv[0]), Path(argv[1])))} files to {argv[1]} "
            f"(CSV in UTF-8 with BOM, and Parquet)"
        ),
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
