"""Parsed Parquet -> a new DuckDB warehouse file, published by atomic rename.

DuckDB lets one process hold a file read-write and then no other process may open it, so
the warehouse is never loaded in place: it is built in a sibling file and moved over the
published one with os.replace. An analyst's open session keeps reading the old file; a
build killed half-way leaves the published warehouse untouched.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import regex

from pipelines.warehouse.parsed import SCHEMAS, write_parquet_atomically

SQL_DIR = Path(__file__).resolve().parents[2] / "sql"
# Layer folders of sql/, in build order, and how their models are materialised.
LAYERS = (("staging", "view"), ("intermediate", "view"), ("core", "table"), ("marts", "view"))
# The tables of the contract that also get a Parquet copy beside the warehouse file.
CONTRACT_TABLES = ("dim_report", "fct_applications", "fct_appeals", "fct_publications",
                   "fct_fees", "fct_report_sections", "qa_checks")


@dataclass(frozen=True)
class Model:
    name: str
    layer: str
    materialization: str
    sql: str
    depends_on: frozenset[str]
    description: str


@dataclass
class BuildSummary:
    warehouse_path: Path
    row_counts: dict[str, int] = field(default_factory=dict)
    columns: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def load_models(sql_dir: Path = SQL_DIR) -> list[Model]:
    """Every model of sql/, ordered so each comes after the models it selects from."""
    found: dict[str, tuple[str, str, str]] = {}
    for layer, materialization in LAYERS:
        for path in sorted((sql_dir / layer).glob("*.sql")):
            found[path.stem] = (layer, materialization, path.read_text(encoding="utf-8"))
    models = {}
    for name, (layer, materialization, sql) in found.items():
        code = regex.sub(r"--[^\n]*", "", sql)
        referenced = {other for other in found
                      if other != name and regex.search(rf"\b{other}\b", code)}
        models[name] = Model(name, layer, materialization, sql, frozenset(referenced),
                             _leading_comment(sql))
    return _in_dependency_order(models)


def _leading_comment(sql: str) -> str:
    lines = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        lines.append(line.removeprefix("--").strip())
    return " ".join(lines)


def _in_dependency_order(models: dict[str, Model]) -> list[Model]:
    ordered: list[Model] = []
    placed: set[str] = set()
    visiting: set[str] = set()

    def place(name: str) -> None:
        if name in placed:
            return
        if name in visiting:
            raise ValueError(f"sql/ models depend on each other in a cycle through {name}")
        visiting.add(name)
        for dependency in sorted(models[name].depends_on):
            place(dependency)
        visiting.discard(name)
        placed.add(name)
        ordered.append(models[name])

    for name in models:
        place(name)
    return ordered


def build_warehouse(parsed_dir: Path, warehouse_path: Path,
                    sql_dir: Path = SQL_DIR) -> BuildSummary:
    warehouse_path = Path(warehouse_path)
    warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    building = warehouse_path.with_name(f".{warehouse_path.name}.building-{os.getpid()}")
    _remove_database(building)
    summary = BuildSummary(warehouse_path)
    try:
        with duckdb.connect(str(building)) as connection:
            _load_parsed(connection, Path(parsed_dir))
            for model in load_models(sql_dir):
                connection.execute(f"create {model.materialization} {model.name} as\n{model.sql}")
                summary.row_counts[model.name] = connection.execute(
                    f"select count(*) from {model.name}").fetchone()[0]
                summary.columns[model.name] = connection.execute(
                    "select column_name, data_type from information_schema.columns "
                    "where table_schema = 'main' and table_name = ? order by ordinal_position",
                    [model.name]).fetchall()
            for table in CONTRACT_TABLES:
                write_parquet_atomically(connection.table(table).to_arrow_table(),
                                         warehouse_path.with_name(f"{table}.parquet"))
            connection.execute("checkpoint")
        os.replace(building, warehouse_path)
    finally:
        _remove_database(building)
    return summary


def _load_parsed(connection: duckdb.DuckDBPyConnection, parsed_dir: Path) -> None:
    connection.execute("create schema raw")
    for kind in SCHEMAS:
        path = parsed_dir / f"{kind}.parquet"
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing: materialize parsed_reports first")
        connection.execute(f"create table raw.{kind} as select * from read_parquet($path)",
                           {"path": str(path)})


def _remove_database(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)
