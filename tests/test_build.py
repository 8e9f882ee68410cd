import duckdb
import pytest

from pipelines.warehouse.build import CONTRACT_TABLES, build_warehouse, load_models
from tests.conftest import SAMPLE_COUNT


def test_models_come_after_what_they_select_from():
    order = [model.name for model in load_models()]
    for model in load_models():
        for dependency in model.depends_on:
            assert order.index(dependency) < order.index(model.name), model.name
    assert order.index("mart_report_summary") < order.index("mart_region_ranking")


def test_contract_tables_are_tables_and_marts_are_views(seed_warehouse):
    with duckdb.connect(str(seed_warehouse), read_only=True) as connection:
        kinds = dict(connection.execute(
            "select table_name, table_type from information_schema.tables "
            "where table_schema = 'main'").fetchall())
    assert all(kinds[table] == "BASE TABLE" for table in CONTRACT_TABLES)
    assert kinds["mart_yoy"] == kinds["stg_figures"] == "VIEW"


def test_parquet_copies_sit_beside_the_warehouse(seed_warehouse):
    for table in CONTRACT_TABLES:
        copy = seed_warehouse.with_suffix(".parquet") / f"{table}.parquet"
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
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sql", "warehouse.duckdb",
                                                          "warehouse.duckdb.lock"]


def test_a_reader_keeps_its_session_while_a_new_warehouse_is_published(seed_warehouse, tmp_path):
    published = tmp_path / "warehouse.duckdb"
    build_warehouse(seed_warehouse.with_name("warehouse.parsed"), published)
    with duckdb.connect(str(published), read_only=True) as reader:
        build_warehouse(seed_warehouse.with_name("warehouse.parsed"), published, force=True)
        assert reader.execute("select count(*) from dim_report").fetchone()[0] == SAMPLE_COUNT
    with duckdb.connect(str(published), read_only=True) as fresh:
        assert fresh.execute("select count(*) from dim_report").fetchone()[0] == SAMPLE_COUNT
