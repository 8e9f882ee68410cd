"""Parsed Parquet -> a new DuckDB warehouse file and its Parquet copies, published together
by one atomic rename.

DuckDB lets one process hold a file read-write and then no other process may open it, so
the warehouse is never loaded in place. Each build writes a new version folder,

    .<stem>.versions/<build id>/<name>                 the warehouse file
    .<stem>.versions/<build id>/parquet/<table>/…      its Parquet copies (copies.py)

and publishes it by pointing the symlink `.<stem>.versions/current` at it (a new symlink
renamed over the old one: one atomic step). The published names go through that symlink,

    <name>          -> .<stem>.versions/current/<name>
    <stem>.parquet  -> .<stem>.versions/current/parquet

so the warehouse and its copies always come from the same build, two warehouses in one
folder never share copies, an analyst's open session keeps reading the version it opened
(the previous version is kept until the next build), and a build killed at any moment
leaves the published version untouched (its half-built folder is removed by the next build).

Each model goes to the schema of its layer (LAYERS): the contract tables and the marts to
`main`, what an analyst opens; the staging and intermediate views to schemas of their own.
The sql/ files name each other bare, and the build names each model with its schema
(`qualified`), since a view binds its names when it is read, in whatever session reads it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import regex

from pipelines import CHECKOUT
from pipelines.extract import requirements, vocabulary
from pipelines.extract.records import PARSER_VERSION
from pipelines.pause_points import reached
from pipelines.store.queries import live_reports
from pipelines.store.rows import SCHEMAS
from pipelines.store.update import MANIFEST, MANIFEST_SCHEMA, exclusive, part_path, store_lock
from pipelines.warehouse.copies import LAYOUT as COPIES_LAYOUT
from pipelines.warehouse.copies import touched_parts, write_copies
from pipelines.warehouse.data_tests import DataTest, load_data_tests, require_data_tests
from pipelines.warehouse.descriptions import comment_statements
from pipelines.warehouse.incremental import apply_changes
from pipelines.warehouse.joins import insert_records

# The models: in a checkout sql/ at the top of the project, else the copy installed with the
# package (pipelines/sql/, from the wheel).
SQL_DIR = CHECKOUT / "sql" if CHECKOUT else Path(__file__).resolve().parents[1] / "sql"
# Layer folders of sql/, in build order, how their models are materialised and the schema
# they are created in: the analyst's `main` holds the contract tables and the marts; the
# build's own staging and intermediate views are out of the way in schemas of their own.
LAYERS = (
    ("staging", "view", "staging"),
    ("intermediate", "view", "intermediate"),
    ("core", "table", "main"),
    ("marts", "view", "main"),
)
# The file is written in DuckDB 1.5's storage format, which compresses long strings (the
# report texts) where the default, readable by DuckDB 0.10 on, stores them as they are: half
# the size. DuckDB 1.5.0 or later reads it (the duckdb-cli of `make shell` is 1.5.6).
STORAGE_VERSION = "v1.5.0"
# The report texts are long prose, which ZSTD compresses best. Left to choose a column's
# compression as it writes it, DuckDB chose ZSTD for the texts of the real reports but
# DICT_FSST for the generated ones: ten times the size, and 99 s of a 100 000-report build
# spent compressing them.
RAW_COMPRESSION = {"texts": {"text": "zstd"}}
# DuckDB may take most of the machine's memory by default; a build keeps to this and
# spills to disk beyond it: a 100 000-report build peaks at 0.7 GB with its process (0.86 GB
# with 600 MB, 2-4% faster). A partitioned copy holds each thread's rows up to the flush
# threshold before it writes them to their parts: at DuckDB's 524 288, 600 MB of section
# bodies, past the limit (at 65 536, 75 MB; the copies take 1-3 s more at 100 000 reports).
_BUILD_SETTINGS = {
    "memory_limit": os.environ.get("WAREHOUSE_MEMORY_LIMIT", "400MB"),
    "partitioned_write_flush_threshold": 65536,
    "preserve_insertion_order": False,
    "storage_compatibility_version": STORAGE_VERSION,
}
# The tables of the contract that also get a Parquet copy beside the warehouse file.
CONTRACT_TABLES = (
    "dim_report",
    "fct_applications",
    "fct_appeals",
    "fct_publications",
    "unread_numbers",
    "codes",
    "fct_fees",
    "fct_report_sections",
    "qa_checks",
)


@dataclass(frozen=True)
class Model:
    name: str
    layer: str
    materialization: str
    sql: str
    depends_on: frozenset[str]
    description: str
    schema: str = "main"
    # The SQL with every model it reads named with its schema (views keep their SQL as text
    # and bind it when read: a bare name in another schema would not be found).
    qualified_sql: str = ""

    @property
    def qualified_name(self) -> str:
        return f"{self.schema}.{self.name}"


@dataclass
class BuildSummary:
    warehouse_path: Path
    unchanged: bool = False
    incremental: bool = False
    row_counts: dict[str, int] = field(default_factory=dict)
    columns: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    build: dict = field(default_factory=dict)  # the published warehouse's build_info row


def load_models(sql_dir: Path = SQL_DIR) -> list[Model]:
    """Every model of sql/, ordered so each comes after the models it selects from."""
    found: dict[str, tuple[str, str, str, str]] = {}
    for layer, materialization, schema in LAYERS:
        for path in sorted((sql_dir / layer).glob("*.sql")):
            found[path.stem] = (layer, materialization, schema, path.read_text(encoding="utf-8"))
    schemas = {name: schema for name, (_, _, schema, _) in found.items()}
    models = {}
    for name, (layer, materialization, schema, sql) in found.items():
        stated = _MATERIALIZED.search(sql)
        if stated:  # a model of a layer of views may be kept as a table (its cost is per report)
            materialization = stated.group(1)
        referenced = selected_from(sql) & (set(found) - {name})
        models[name] = Model(
            name,
            layer,
            materialization,
            sql,
            frozenset(referenced),
            _leading_comment(sql),
            schema,
            qualified(sql, schemas),
        )
    return _in_dependency_order(models)


_MATERIALIZED = regex.compile(r"^-- materialized: (table|view)\s*$", regex.MULTILINE)
_SOURCE = regex.compile(r"\b(?:from|join)\s+([A-Za-z_][\w.]*)", regex.IGNORECASE)
_COMMON_TABLE = regex.compile(r"\b([A-Za-z_]\w*)\s+as\s*\(", regex.IGNORECASE)


def _code(sql: str) -> str:
    """The SQL with comments and strings blanked out (same length, so offsets still hold)."""
    return regex.sub(r"--[^\n]*|'(?:[^']|'')*'", lambda match: " " * len(match.group()), sql)


def selected_from(sql: str) -> set[str]:
    """The relations a model's SQL reads (after `from` and `join`, comments and strings
    aside): a model depends on these, not on every word that happens to name a model."""
    code = _code(sql)
    common_tables = set(_COMMON_TABLE.findall(code))
    return {name for name in _SOURCE.findall(code) if "." not in name} - common_tables


def qualified(sql: str, schemas: dict[str, str]) -> str:
    """sql with each model it reads by its bare name (after `from` or `join`, outside
    comments and strings, and not a common table of its own) named with its schema, so the
    sql/ files keep referring to each other by bare name wherever a model lives."""
    code = _code(sql)
    common_tables = set(_COMMON_TABLE.findall(code))
    pieces, last = [], 0
    for match in _SOURCE.finditer(code):
        name = match.group(1)
        if name in schemas and name not in common_tables:
            pieces += [sql[last : match.start(1)], f"{schemas[name]}.{name}"]
            last = match.end(1)
    return "".join(pieces) + sql[last:]


def _leading_comment(sql: str) -> str:
    lines = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        if not _MATERIALIZED.match(line):
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


def models_fingerprint(models: list[Model]) -> str:
    digest = hashlib.sha256(PARSER_VERSION.encode())  # (codes.csv is among the parser's files)
    # A new DuckDB rebuilds whole: the figures' digests (its hash()) are kept between builds;
    # so does a new storage format or compression (an update in place keeps those of the file
    # it copies).
    digest.update(duckdb.__version__.encode() + STORAGE_VERSION.encode())
    digest.update(str(RAW_COMPRESSION).encode())
    # The store's shapes: a warehouse built from another shape of store is rebuilt whole.
    digest.update(str(MANIFEST_SCHEMA).encode() + str(list(SCHEMAS.items())).encode())
    digest.update(COPIES_LAYOUT.encode() + str(CONTRACT_TABLES).encode())
    for model in models:
        digest.update(model.qualified_name.encode() + b"\0" + model.qualified_sql.encode())
    return digest.hexdigest()


def build_fingerprint(parsed_dir: Path, models: list[Model], tests: list[DataTest]) -> str:
    """What the warehouse is built from and was tested by: the store's manifest, the parser,
    every model and every data test (a new test is run on the next build, which is then
    incremental: the models did not change)."""
    manifest = Path(parsed_dir) / MANIFEST
    digest = hashlib.sha256(models_fingerprint(models).encode())
    digest.update(manifest.read_bytes() if manifest.exists() else b"")
    for test in tests:
        digest.update(test.name.encode() + b"\0" + test.sql.encode())
    return digest.hexdigest()


def published_build(warehouse_path: Path) -> dict | None:
    """The published warehouse's build_info row, if it has one."""
    if not Path(warehouse_path).exists():
        return None
    try:
        with duckdb.connect(str(warehouse_path), read_only=True) as connection:
            cursor = connection.execute("select * from build_info")
            columns = [description[0] for description in cursor.description]
            return dict(zip(columns, cursor.fetchone(), strict=True))
    except duckdb.Error:
        return None


def build_warehouse(
    parsed_dir: Path, warehouse_path: Path, sql_dir: Path = SQL_DIR, force: bool = False
) -> BuildSummary:
    """Publish a warehouse for the parsed store: nothing when the published one was built from
    the same inputs; an update of a copy of it when only reports changed; else a full build.
    The store is held (shared) for the whole build, so no run removes a part it reads."""
    warehouse_path = Path(warehouse_path)
    models = load_models(sql_dir)
    check_warehouse_name(warehouse_path, models)
    warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    with (
        exclusive(warehouse_path.with_name(warehouse_path.name + ".lock")),
        exclusive(store_lock(parsed_dir), shared=True),
    ):
        tests = load_data_tests(sql_dir / "tests", {model.name for model in models})
        fingerprint = build_fingerprint(parsed_dir, models, tests)
        published = None if force else published_build(warehouse_path)
        if published and published["fingerprint"] == fingerprint:
            return _describe(warehouse_path, models, unchanged=True)
        incremental = bool(published) and published.get("models_fingerprint") == models_fingerprint(
            models
        )
        return _publish(Path(parsed_dir), warehouse_path, models, tests, fingerprint, incremental)


class WarehouseNameError(ValueError):
    """The warehouse file's name cannot hold the warehouse (see check_warehouse_name)."""


def model_schemas(models: list[Model]) -> list[str]:
    """The schemas the models are made in, other than DuckDB's own `main`."""
    return sorted({model.schema for model in models} - {"main"})


def check_warehouse_name(warehouse_path: Path, models: list[Model]) -> None:
    """DuckDB names the catalog of a database file after what its name holds before the
    first dot (raw.v2.duckdb and .raw.duckdb are catalog raw), case aside; named like one of
    the warehouse's schemas, every `raw.figures` in the models is ambiguous: the build would
    fail, and so would every query of an analyst who opened the file. Refused before
    anything is written (a run checks it before it parses), with the names to avoid."""
    schemas = sorted({"raw", *model_schemas(models)})
    catalog = next((part for part in warehouse_path.name.split(".") if part), "")
    if catalog.lower() in schemas:
        raise WarehouseNameError(
            f"{warehouse_path}: DuckDB would name this file's catalog {catalog!r}, like the "
            f"warehouse's schema {catalog.lower()!r}, and no view could tell them apart; "
            f"name the file otherwise than {', '.join(schemas)} (before its first dot; "
            f"WAREHOUSE_PATH)"
        )


def store_dir(warehouse_path: Path) -> Path:
    """Where the parsed store this warehouse is built from is kept: <stem>.parsed/."""
    return warehouse_path.with_name(f"{warehouse_path.stem}.parsed")


def versions_dir(warehouse_path: Path) -> Path:
    return warehouse_path.with_name(f".{warehouse_path.stem}.versions")


def parquet_dir(warehouse_path: Path) -> Path:
    """Where the published Parquet copies are: <stem>.parquet/<table>/ (copies.py)."""
    return warehouse_path.with_name(f"{warehouse_path.stem}.parquet")


def _publish(
    parsed_dir: Path,
    warehouse_path: Path,
    models: list[Model],
    tests: list[DataTest],
    fingerprint: str,
    incremental: bool,
) -> BuildSummary:
    versions = versions_dir(warehouse_path)
    build_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ") + f"-{os.getpid()}"
    version = versions / build_id
    building = version / warehouse_path.name
    try:
        version.mkdir(parents=True)
        if incremental:
            shutil.copyfile(warehouse_path, building)
        with (
            _written_back(building) if incremental else contextlib.nullcontext(),
            duckdb.connect(str(building), config=_BUILD_SETTINGS) as connection,
        ):
            connection.execute("set enable_progress_bar = false")
            if incremental:
                changed = apply_changes(connection, parsed_dir, models)
            else:
                _load_store(connection, parsed_dir)
                for schema in model_schemas(models):
                    connection.execute(f"create schema {schema}")
                for model in models:
                    connection.execute(
                        f"create {model.materialization} "
                        f"{model.qualified_name} as\n{model.qualified_sql}"
                    )
                changed = None
            reached("built")
            require_data_tests(connection, tests, "touched_reports" if incremental else None)
            reached("tested")
            connection.execute(
                "create or replace table build_info as select ? as build_id, ? as fingerprint, "
                "? as models_fingerprint, ? as parser_version, ? as incremental, "
                "? as reports_changed, (select count(*) from raw.files) as files, "
                "(select count(*) from dim_report) as reports, current_timestamp as built_at",
                [
                    build_id,
                    fingerprint,
                    models_fingerprint(models),
                    PARSER_VERSION,
                    incremental,
                    changed,
                ],
            )
            for statement in comment_statements(connection, models):
                connection.execute(statement)
            previous = None
            if incremental:
                touched_parts(connection)
                previous = versions / "current" / "parquet"
            write_copies(connection, CONTRACT_TABLES, version / "parquet", previous)
            reached("copied")
            connection.execute("checkpoint")
        Path(str(building) + ".wal").unlink(missing_ok=True)
        os.chmod(version, 0o755)
        reached("checkpointed")
        previous = _swap_current(versions, build_id)
    except BaseException:
        shutil.rmtree(version, ignore_errors=True)
        _remove_if_empty(versions)
        raise
    reached("made_current")
    _point(warehouse_path, Path(versions.name) / "current" / warehouse_path.name)
    _point(parquet_dir(warehouse_path), Path(versions.name) / "current" / "parquet")
    reached("pointed")
    _remove_old_versions(versions, keep={build_id, previous})
    summary = _describe(warehouse_path, models, unchanged=False)
    summary.incremental = incremental
    return summary


@contextlib.contextmanager
def _written_back(path: Path) -> Iterator[None]:
    """While the block runs, a thread writes the file to disk. A night's version starts as a
    copy of the last (0.6 GB at 100 000 reports) that the kernel holds in memory, and DuckDB's
    first sync of the file, when the night's records are appended, waited for all of it to
    reach the disk (about 1 s); the thread's sync does that work while the statements before
    it run. Its handle is closed when the block ends, after the connection opened in it:
    DuckDB locks the file with fcntl, and closing any handle of the file in this process
    would release that lock."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed after the block, not in the thread
    except OSError:
        yield
        return

    def write_back() -> None:
        with contextlib.suppress(OSError):
            getattr(os, "fdatasync", os.fsync)(handle.fileno())  # (macOS has no fdatasync)

    thread = threading.Thread(target=write_back, name="write-back", daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join()
        handle.close()


def _swap_current(versions: Path, build_id: str) -> str | None:
    """Point versions/current at build_id by renaming a new symlink over it (atomic); the
    build it pointed at before."""
    current = versions / "current"
    try:
        previous = os.readlink(current)
    except OSError:
        previous = None
    temporary = versions / f".current.{os.getpid()}.tmp"
    temporary.unlink(missing_ok=True)
    os.symlink(build_id, temporary)
    os.replace(temporary, current)
    return previous


def _point(link: Path, target: Path) -> None:
    """Make `link` a symlink to `target` (relative), replacing what was there atomically: a
    warehouse file of an older layout, or nothing. Never touches a real folder."""
    try:
        if os.readlink(link) == str(target):
            return
    except OSError:
        pass
    if link.is_dir() and not link.is_symlink():
        raise FileExistsError(
            f"{link} is a folder; move it away so the published copies can take its name"
        )
    temporary = link.with_name(f".{link.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    os.symlink(target, temporary)
    os.replace(temporary, link)


def _remove_old_versions(versions: Path, keep: set[str | None]) -> None:
    """Every version but the published one and the one before it (a reader that opened it a
    moment ago still finds it), and what killed builds left."""
    for entry in versions.iterdir():
        if entry.name == "current" or entry.name in keep:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def _remove_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not empty, or gone already
        folder.rmdir()


def _describe(warehouse_path: Path, models: list[Model], unchanged: bool) -> BuildSummary:
    """Row counts of the tables and columns of every model. Views are not counted: counting
    a view runs its whole query (a mart over 100 000 reports), after every run."""
    summary = BuildSummary(warehouse_path, unchanged=unchanged)
    with duckdb.connect(str(warehouse_path), read_only=True) as connection:
        # One query for every model's columns: one per model binds the catalogue 41 times
        # (0.5 s, on every run, a no-change run included).
        columns: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for schema, table, column, data_type in connection.execute(
            "select table_schema, table_name, column_name, data_type "
            "from information_schema.columns order by table_schema, table_name, ordinal_position"
        ).fetchall():
            columns.setdefault((schema, table), []).append((column, data_type))
        for model in models:
            if model.materialization == "table":
                summary.row_counts[model.name] = connection.execute(
                    f"select count(*) from {model.qualified_name}"
                ).fetchone()[0]
            summary.columns[model.name] = columns.get((model.schema, model.name), [])
        cursor = connection.execute("select * from build_info")
        names = [column[0] for column in cursor.description]
        summary.build = dict(zip(names, cursor.fetchone(), strict=True))
    return summary


def _load_store(connection: duckdb.DuckDBPyConnection, parsed_dir: Path) -> None:
    """raw.<kind>: the records of the reports the manifest lists, once per report, each
    report named by its first file (identical files are one report); raw.codes and
    raw.deadlines: the parser's codes.csv and deadlines.csv."""
    connection.execute("create schema raw")
    codes = pa.Table.from_pylist(  # noqa: F841 - read by DuckDB's replacement scan
        [
            {
                "fact": c.fact,
                "dimension": c.dimension,
                "code": c.code,
                "parent": c.parent,
                "templates": "|".join(sorted(c.templates)),
                "zh_label": c.zh_label,
                "en_label": c.en_label,
                "keywords": "|".join(c.keywords),
                "note": c.note or None,
            }
            for c in vocabulary.codes()
        ]
    )
    connection.execute("create table raw.codes as select * from codes")
    deadlines = pa.Table.from_pylist(list(requirements.deadlines()))  # noqa: F841 - as above
    connection.execute("create table raw.deadlines as select * from deadlines")
    manifest = parsed_dir / MANIFEST
    if manifest.exists():
        connection.execute(
            "create table raw.files as select * from read_parquet($path)", {"path": str(manifest)}
        )
    else:
        _create_empty(connection, "raw.files", MANIFEST_SCHEMA)
    # One row per report: named by its first file, read from that file's part.
    connection.execute(f"create table raw.live as {live_reports('raw.files')}")
    parts = [
        row[0]
        for row in connection.execute("select distinct part from raw.live order by 1").fetchall()
    ]
    for kind, schema in SCHEMAS.items():
        paths = [str(part_path(parsed_dir, kind, part)) for part in parts]
        missing = [path for path in paths if not Path(path).exists()]
        if missing:
            raise FileNotFoundError(f"parsed store is missing {missing[0]}: run make rebuild")
        _create_empty(
            connection,
            f"raw.{kind}",
            schema.append(pa.field("part", pa.string())),
            RAW_COMPRESSION.get(kind),
        )
        if not paths:
            continue
        insert_records(connection, kind, paths, "raw.live")


def _create_empty(
    connection: duckdb.DuckDBPyConnection,
    name: str,
    schema: pa.Schema,
    compressions: dict[str, str] | None = None,
) -> None:
    """The table `name`, empty: the schema's columns as DuckDB reads them, each of
    `compressions` compressed as it says (the table keeps it for the rows added later)."""
    empty = schema.empty_table()  # noqa: F841 - read by DuckDB's replacement scan
    compressions = compressions or {}
    columns = ", ".join(
        f'"{column}" {type_}'
        + (f" using compression {compressions[column]}" if column in compressions else "")
        for column, type_, *_ in connection.execute("describe select * from empty").fetchall()
    )
    connection.execute(f"create table {name} ({columns})")
