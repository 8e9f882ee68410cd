"""Bring a copy of the published warehouse up to date with the parsed store, touching only
the reports that were added, changed or removed since it was built.

Every contract table except dim_report and qa_checks is a function of one report's records,
so its rows for those reports are deleted and selected again with the model's own SQL. Some
things depend on other reports: which version of an issuer and year is current (dim_report's
is_current and superseded_by), the cross-year rules, and the rules naming duplicate files,
superseded versions and shared figures. dim_report is selected again whole (one row per
report) and those rules are recomputed for every report. Views need nothing: they read the
tables. What changed is left in the temporary tables `touched_reports` (every report whose
rows changed in some table) and `old_live` (where each report lived before), from which only
the Parquet copies of the store parts they live in are written again (warehouse/copies.py).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.store.queries import live_records, live_reports
from pipelines.store.rows import SCHEMAS
from pipelines.store.update import MANIFEST, part_path
from pipelines.warehouse.catalog import report_relations

CROSS_REPORT_CHECKS = (
    "carry_continuity",
    "in_force_continuity",
    "duplicate",
    "superseded",
    "shared_figures",
)
# Tables whose every row may change when another report comes or goes: selected again whole.
WHOLE_TABLES = ("dim_report",)
# Up to this many changed reports are named in the SQL itself (see _scope).
MAX_LISTED = 20_000


def apply_changes(connection: duckdb.DuckDBPyConnection, parsed_dir: Path, models) -> int:
    """Update raw.* and the core tables in place; returns how many reports changed."""
    manifest = Path(parsed_dir) / MANIFEST
    connection.execute("create temp table new_files as select * from raw.files limit 0")
    if manifest.exists():
        connection.execute(
            "insert into new_files select * from read_parquet($path)", {"path": str(manifest)}
        )
    connection.execute(f"create temp table new_live as {live_reports('new_files')}")
    connection.execute("create temp table old_live as select * from raw.live")
    connection.execute("create temp table touched_reports (report_id varchar)")
    connection.execute("""
        create temp table delta as
        select report_id from (select * from raw.live except select * from new_live)
        union
        select report_id from (select * from new_live except select * from raw.live)
    """)
    changed = connection.execute("select count(*) from delta").fetchone()[0]
    # A file that repeats a report's bytes changes no report, but the rules name it.
    files_changed = connection.execute(
        "select exists (select source_file, report_id from raw.files "
        "except select source_file, report_id from new_files) "
        "or exists (select source_file, report_id from new_files "
        "except select source_file, report_id from raw.files)"
    ).fetchone()[0]
    if not changed and not files_changed:
        return 0
    parts = [
        row[0]
        for row in connection.execute(
            "select distinct part from new_live where report_id in (select report_id from delta) "
            "order by 1"
        ).fetchall()
    ]
    for kind in SCHEMAS:
        if not changed:
            break
        connection.execute(
            f"delete from raw.{kind} where report_id in (select report_id from delta)"
        )
        if not parts:
            continue
        paths = [str(part_path(parsed_dir, kind, part)) for part in parts]
        connection.execute(
            f"insert into raw.{kind} {live_records(kind, 'read_parquet($paths)', 'new_live')} "
            f"where parts.report_id in (select report_id from delta)",
            {"paths": paths},
        )
    connection.execute("delete from raw.files")
    connection.execute("insert into raw.files select * from new_files")
    connection.execute("delete from raw.live")
    connection.execute("insert into raw.live select * from new_live")
    cross_report = ", ".join(f"'{name}'" for name in CROSS_REPORT_CHECKS)
    cross_rows = f"select * from qa_checks where check_name in ({cross_report})"
    connection.execute("create temp table dim_report_before as select * from dim_report")
    connection.execute(f"create temp table cross_checks_before as {cross_rows}")
    delta_scope = _scope(connection)
    of_reports = report_relations(connection)
    for model in models:
        if model.materialization != "table" or (model.schema, model.name) not in of_reports:
            continue  # views recompute themselves; codes are built from codes.csv, not reports
        if model.name in WHOLE_TABLES:
            if changed:
                connection.execute(f"delete from {model.qualified_name}")
                connection.execute(f"insert into {model.qualified_name} {model.qualified_sql}")
            continue
        scope = delta_scope
        if model.name == "qa_checks":
            scope += f" or check_name in ({cross_report})"
        elif not changed:
            continue
        connection.execute(f"delete from {model.qualified_name} where {scope}")
        connection.execute(
            f"insert into {model.qualified_name} select * from "
            f"({model.qualified_sql}) as model where {scope}"
        )
    # The reports whose rows changed in some table: the delta, and those another report's
    # coming or going changed (a version now current, a cross-year rule, a shared figure).
    # `except all`: a row that came twice is a change (plain `except` would drop the copy).
    connection.execute(f"""
        insert into touched_reports
        select report_id from delta
        union select report_id from (
            select * from dim_report_before except all select * from dim_report)
        union select report_id from (
            select * from dim_report except all select * from dim_report_before)
        union select report_id from (select * from cross_checks_before except all {cross_rows})
        union select report_id from ({cross_rows} except all select * from cross_checks_before)
    """)
    return changed


def _scope(connection: duckdb.DuckDBPyConnection) -> str:
    """The filter that keeps the changed reports. Their ids written out, where they are not too
    many: a constant list reaches every scan of a model's query (only those reports are
    read), a subquery does not (the model's query runs for every report)."""
    ids = [
        row[0]
        for row in connection.execute(
            f"select report_id from delta order by 1 limit {MAX_LISTED + 1}"
        ).fetchall()
    ]
    if not ids or len(ids) > MAX_LISTED:
        return "report_id in (select report_id from delta)"
    return "report_id in (" + ", ".join("'" + i.replace("'", "''") + "'" for i in ids) + ")"
