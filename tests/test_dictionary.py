"""The data dictionary matches the warehouse: every column is described, DuckDB carries the
descriptions as comments, and docs/data_dictionary.md is what the code generates."""

import duckdb

from pipelines.reporting.dictionary import codes, generate
from pipelines.warehouse.descriptions import COLUMNS
from tests.conftest import PROJECT_ROOT


def test_every_column_of_every_table_and_view_is_described(seed_warehouse):
    with duckdb.connect(str(seed_warehouse), read_only=True) as connection:
        undescribed = connection.execute(
            "select table_name || '.' || column_name from duckdb_columns() "
            "where schema_name = 'main' and not internal "
            "and (comment is null or comment = '')"
        ).fetchall()
        tables = connection.execute(
            "select table_name from duckdb_tables() where schema_name = 'main' "
            "and (comment is null or comment = '') union all select view_name from duckdb_views() "
            "where schema_name = 'main' and not internal and (comment is null or comment = '')"
        ).fetchall()
        comment = connection.execute(
            "select comment from duckdb_columns() where table_name = 'fct_applications' "
            "and column_name = 'value'"
        ).fetchone()[0]
    assert undescribed == [] and tables == []
    assert comment == COLUMNS["value"]


def test_the_committed_dictionary_is_the_generated_one():
    committed = (PROJECT_ROOT / "docs" / "data_dictionary.md").read_text(encoding="utf-8")
    assert committed == generate(), "run `make docs` and commit docs/data_dictionary.md"


def test_every_code_of_the_warehouse_is_in_the_dictionary(seed_warehouse):
    known = {(row["dimension"], row["code"]) for row in codes()}
    with duckdb.connect(str(seed_warehouse), read_only=True) as connection:
        used = connection.execute(
            "select distinct 'item', item from fct_applications union "
            "select distinct 'applicant_type', applicant_type from fct_applications union "
            "select distinct 'proceeding', proceeding from fct_appeals union "
            "select distinct 'result', result from fct_appeals union "
            "select distinct 'category', category from fct_publications union "
            "select distinct 'measure', measure from fct_publications union "
            "select distinct 'fee_type', fee_type from fct_fees"
        ).fetchall()
    assert set(used) <= known
