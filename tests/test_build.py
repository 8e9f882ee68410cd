import json

import duckdb
import pytest

from pipelines.extract.report import parse_report
from pipelines.store.files import report_files
from pipelines.store.rows import SCHEMAS
from pipelines.synthetic.corpus import generate
from pipelines.warehouse.build import (
    CONTRACT_TABLES,
    WarehouseNameError,
    build_warehouse,
    load_models,
)
from tests.conftest import RAW_DIR, SAMPLE_COUNT, refresh


def test_models_come_after_what_they_select_from():
    order = [model.name for model in load_models()]
    for model in load_models():
        for dependency in model.depends_on:
            assert order.index(dependency) < order.index(model.name), model.name
    assert order.index("mart_report_summary") < order.index("mart_region_ranking")


def test_contract_tables_are_tables_and_marts_are_views(seed_warehouse):
    """...but for the report's texts and sections, views over the one stored copy."""
    with duckdb.connect(str(seed_warehouse), read_only=True) as connection:
        kinds = dict(
            connection.execute(
                "select table_schema || '.' || table_name, table_type "
                "from information_schema.tables"
            ).fetchall()
        )
    texts = {"fct_report_sections", "report_texts"}
    assert all(kinds[f"main.{table}"] == "BASE TABLE" for table in set(CONTRACT_TABLES) - texts)
    assert {table: kinds[f"main.{table}"] for table in texts} == dict.fromkeys(texts, "VIEW")
    assert kinds["main.mart_yoy"] == kinds["staging.stg_figures"] == "VIEW"


def test_section_bodies_are_cut_from_the_one_stored_text(seed_warehouse):
    """raw.sections holds no text, only where each body lies in raw.texts; the view gives
    back, for every section of every sample report, the body the parser split."""
    with duckdb.connect(str(seed_warehouse), read_only=True) as connection:
        stored = {row[0] for row in connection.execute("describe raw.sections").fetchall()}
        bodies = connection.execute(
            "select d.source_file, s.section_no, s.body from fct_report_sections s "
            "join dim_report d using (report_id)"
        ).fetchall()
    assert "body" not in stored and {"body_start", "body_end"} <= stored
    parsed = {}
    for source_file, section_no, body in bodies:
        if source_file not in parsed:
            parsed[source_file] = {
                s.section_no: s.body for s in parse_report(RAW_DIR / source_file).sections
            }
        assert body == parsed[source_file][section_no], (source_file, section_no)
    assert len(parsed) == SAMPLE_COUNT and len(bodies) > 5 * SAMPLE_COUNT


def test_report_texts_are_kept_with_zstd_by_a_build_and_by_an_update(tmp_path):
    """Left to choose, DuckDB keeps the generated reports' texts as DICT_FSST: ten times the
    size of ZSTD, and most of a large build's time."""
    raw = tmp_path / "raw"
    generate(raw, 40, seed=5)
    last = report_files(raw)[-1]
    last.rename(tmp_path / last.name)

    def built_texts():
        _, summary = refresh(raw, tmp_path)
        with duckdb.connect(str(summary.warehouse_path), read_only=True) as connection:
            compressions = connection.execute(
                "select distinct compression from pragma_storage_info('raw.texts') "
                "where column_name = 'text' and segment_type = 'VARCHAR'"
            ).fetchall()
            texts = connection.execute("select count(*) from report_texts").fetchone()[0]
        return summary.incremental, compressions, texts

    assert built_texts() == (False, [("ZSTD",)], 39)
    (tmp_path / last.name).rename(last)
    assert built_texts() == (True, [("ZSTD",)], 40)


class _PlansOfLoads:
    """A build's connection that asks DuckDB, for each statement loading raw.*, for its plan
    and whether it plans the statement's joins in the order written."""

    def __init__(self, connection, loads):
        self._connection, self._loads = connection, loads
        # (the build names Arrow tables by their variables, which DuckDB looks for in the
        # frame that called execute: this one, without the next)
        connection.execute("set python_scan_all_frames = true")

    def __enter__(self):
        return self

    def __exit__(self, *exception):
        return self._connection.__exit__(*exception)

    def __getattr__(self, name):
        return getattr(self._connection, name)

    def execute(self, sql, *parameters):
        if sql.startswith("insert into raw."):
            explained = self._connection.execute(f"explain (format json) {sql}", *parameters)
            plan = json.loads(explained.fetchall()[0][1])[0]
            setting = "select current_setting('disabled_optimizers')"
            disabled = set(self._connection.execute(setting).fetchone()[0].split(","))
            self._loads.append((sql.split()[2], plan, disabled))
        return self._connection.execute(sql, *parameters)


def _reads_store(node) -> bool:
    return node["name"] == "READ_PARQUET" or any(map(_reads_store, node["children"]))


def _holds_records(node) -> bool:
    """Whether a join in this plan builds its hash table on the records read from the store
    (the right child of DuckDB's HASH_JOIN is the side it holds)."""
    held = node["name"] == "HASH_JOIN" and _reads_store(node["children"][1])
    return held or any(map(_holds_records, node["children"]))


def test_a_build_and_an_update_hold_the_reports_and_stream_their_records(tmp_path, monkeypatch):
    """Left to itself, DuckDB holds the side of a join it estimates has fewer rows: the
    store's records, texts and all, against the reports they belong to. A crawl of 100 000
    files put in the folder of a warehouse built before made the update fail out of memory
    (the build's own load already streamed them). Every statement that loads the store's
    records reads the store and holds no records; and since on a dozen reports most kinds tie
    with the reports in DuckDB's estimates (a plan that streams them may do so by luck), each
    is planned with the joins as written, as it must be for any number of reports."""
    raw = tmp_path / "raw"
    generate(raw, 12, seed=3)
    last = report_files(raw)[-1]
    last.rename(tmp_path / last.name)
    loads: list = []
    connect = duckdb.connect
    monkeypatch.setattr(duckdb, "connect", lambda *a, **k: _PlansOfLoads(connect(*a, **k), loads))
    as_written = {"join_order", "build_side_probe_side"}

    def loaded():
        _, summary = refresh(raw, tmp_path)
        planned = [
            (table, _reads_store(plan), _holds_records(plan), as_written <= disabled)
            for table, plan, disabled in loads
            if table.removeprefix("raw.") in SCHEMAS  # (not raw.files and raw.live: the manifest)
        ]
        loads.clear()
        return summary.incremental, planned

    streamed = [(f"raw.{kind}", True, False, True) for kind in SCHEMAS]
    assert loaded() == (False, streamed)
    (tmp_path / last.name).rename(last)
    assert loaded() == (True, streamed)


def test_staging_and_intermediate_models_are_out_of_the_analysts_way(seed_warehouse):
    """main holds the contract tables, the marts, the preferred views and build_info; the
    build's own models live in staging and intermediate, and a read-only session (a new
    one, as an analyst opens) reads the marts that are built on them."""
    models = load_models()
    with duckdb.connect(str(seed_warehouse), read_only=True) as connection:
        where = dict(
            connection.execute(
                "select table_name, table_schema from information_schema.tables "
                "where table_schema <> 'raw'"
            ).fetchall()
        )
        rows = connection.execute("select count(*) from mart_yoy").fetchone()[0]
    for model in models:
        expected = {"staging": "staging", "intermediate": "intermediate"}.get(model.layer, "main")
        assert where[model.name] == expected, model.name
    main = sorted(name for name, schema in where.items() if schema == "main")
    assert not [name for name in main if name.startswith(("stg_", "int_"))]
    assert "build_info" in main and "mart_report_summary" in main
    assert rows == SAMPLE_COUNT
    with duckdb.connect(str(seed_warehouse), read_only=True) as connection:
        undescribed = connection.execute(
            "select schema_name || '.' || table_name from duckdb_tables() "
            "where schema_name in ('staging', 'intermediate', 'raw') and comment is null "
            "union all select schema_name || '.' || view_name from duckdb_views() "
            "where schema_name in ('staging', 'intermediate') and comment is null"
        ).fetchall()
    assert undescribed == []  # the raw schema is described too, for what it is


def test_models_refer_to_each_other_by_bare_name(tmp_path):
    """The sql/ files name other models without a schema; the build names them with it."""
    model = {m.name: m for m in load_models()}["mart_report_summary"]
    assert "from dim_report" in model.sql and "int_application_totals as" in model.sql
    assert "from main.dim_report" in model.qualified_sql
    assert "intermediate.int_application_totals as" in model.qualified_sql
    assert "'failed'" in model.qualified_sql  # strings and comments are left as they are


def test_parquet_copies_sit_beside_the_warehouse(seed_warehouse):
    for table in CONTRACT_TABLES:
        copy = seed_warehouse.with_suffix(".parquet") / table / "**" / "*.parquet"
        rows = duckdb.sql(f"select count(*) from read_parquet('{copy}')").fetchall()[0][0]
        with duckdb.connect(str(seed_warehouse), read_only=True) as connection:
            assert rows == connection.execute(f"select count(*) from {table}").fetchone()[0]


def test_a_failed_build_leaves_the_published_warehouse_alone(seed_warehouse, tmp_path):
    published = tmp_path / "warehouse.duckdb"
    published.write_bytes(seed_warehouse.read_bytes())
    broken_sql = tmp_path / "sql"
    (broken_sql / "marts").mkdir(parents=True)
    (broken_sql / "marts" / "mart_broken.sql").write_text("select * from no_such_table")
    with pytest.raises(duckdb.CatalogException):
        build_warehouse(seed_warehouse.with_name("warehouse.parsed"), published, broken_sql)
    assert published.read_bytes() == seed_warehouse.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "sql",
        "warehouse.duckdb",
        "warehouse.duckdb.lock",
    ]


def test_a_reader_keeps_its_session_while_a_new_warehouse_is_published(seed_warehouse, tmp_path):
    published = tmp_path / "warehouse.duckdb"
    build_warehouse(seed_warehouse.with_name("warehouse.parsed"), published)
    with duckdb.connect(str(published), read_only=True) as reader:
        build_warehouse(seed_warehouse.with_name("warehouse.parsed"), published, force=True)
        assert reader.execute("select count(*) from dim_report").fetchone()[0] == SAMPLE_COUNT
    with duckdb.connect(str(published), read_only=True) as fresh:
        assert fresh.execute("select count(*) from dim_report").fetchone()[0] == SAMPLE_COUNT


@pytest.mark.parametrize(
    "name", ["raw.duckdb", "Staging.duckdb", "intermediate.db", "raw.v2.duckdb", ".raw.duckdb"]
)
def test_a_warehouse_named_like_one_of_its_schemas_is_refused_before_anything_is_written(
    tmp_path, name
):
    # DuckDB names the file's catalog after what its name holds before the first dot:
    # raw.duckdb's `raw.figures` would be ambiguous in every view, the build failing after
    # the whole parse. (A name that only starts like a schema is another catalog.)
    folder = tmp_path / "warehouse"
    with pytest.raises(WarehouseNameError, match="otherwise than intermediate, raw, staging"):
        build_warehouse(tmp_path / "w.parsed", folder / name)
    assert not folder.exists()


def test_duckdb_names_a_files_catalog_as_the_name_check_says(tmp_path):
    # what check_warehouse_name relies on, asked of DuckDB itself
    for name, catalog in (("raw.v2.duckdb", "raw"), (".raw.duckdb", "raw"), ("rawx.db", "rawx")):
        with duckdb.connect(str(tmp_path / name)) as connection:
            assert connection.execute("select current_database()").fetchone() == (catalog,)
