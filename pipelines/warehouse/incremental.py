"""Bring a copy of the published warehouse up to date with the parsed store, touching only
the reports that were added, changed or removed since it was built.

Every contract table except dim_report and qa_checks is a function of one report's records,
so its rows for those reports are deleted and selected again with the model's own SQL, run
over those reports' records alone (warehouse/changed_reports.py). Some
things depend on other reports: which version of an issuer and year is current
(int_report_versions, and dim_report's is_current and superseded_by), the cross-year rules,
and the rules naming duplicate files, superseded versions and shared figures. Those are
selected again for the changed reports' neighbourhood only: the reports that share an issuer
and place with a changed report (before or after the change), the reports sharing figures
and year with any of those, and the reports whose files came or went (_neighbourhood says
why no other can change). Views need nothing: they read the tables. What changed is left in
the temporary tables `touched_reports` (every report whose rows changed in some table) and
`old_live` (where each report lived before), from which only the Parquet copies of the store
parts they live in are written again (warehouse/copies.py).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.store.queries import live_reports
from pipelines.store.rows import SCHEMAS
from pipelines.store.update import MANIFEST, part_path
from pipelines.warehouse.catalog import report_relations
from pipelines.warehouse.changed_reports import changed_reports_catalogue
from pipelines.warehouse.joins import insert_records
from pipelines.warehouse.literals import literal_list

CROSS_REPORT_CHECKS = (
    "carry_continuity",
    "in_force_continuity",
    "duplicate",
    "superseded",
    "shared_figures",
)
# Tables whose rows may change when another report comes or goes: selected again for the
# neighbourhood of the changed reports (with the CROSS_REPORT_CHECKS rows of qa_checks).
NEIGHBOURHOOD_TABLES = ("int_report_versions", "dim_report")
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
    connection.execute("""
        create temp table files_delta as
        select report_id from (select source_file, report_id from raw.files
            except select source_file, report_id from new_files)
        union
        select report_id from (select source_file, report_id from new_files
            except select source_file, report_id from raw.files)
    """)
    files_changed = connection.execute("select exists (from files_delta)").fetchone()[0]
    # Only the files' rows that changed: rewriting all of them took 0.4-0.8 s at 100 000. (A
    # file touched with its bytes as they were changes its row and no report.)
    connection.execute(
        "delete from raw.files where source_file in "
        "(select source_file from (from raw.files except from new_files))"
    )
    connection.execute("insert into raw.files from new_files except from raw.files")
    if not changed and not files_changed:
        return 0
    # what the cross-report rules knew of the changed reports, before they change
    connection.execute(f"create temp table keys_before as {_keys('dim_report')} {_OF_DELTA}")
    parts = [
        row[0]
        for row in connection.execute(
            "select distinct part from new_live where report_id in (select report_id from delta) "
            "order by 1"
        ).fetchall()
    ]
    # The changed reports the warehouse held before: only theirs are there to delete (a
    # night of new files deletes nothing, and each delete reads a whole table).
    connection.execute(
        "create temp table delta_held as select report_id from delta semi join old_live "
        "using (report_id)"
    )
    held = connection.execute("select exists (from delta_held)").fetchone()[0]
    for kind in SCHEMAS:
        if not changed:
            break
        if held:
            connection.execute(
                f"delete from raw.{kind} where report_id in (select report_id from delta_held)"
            )
        if not parts:
            continue
        paths = [str(part_path(parsed_dir, kind, part)) for part in parts]
        insert_records(
            connection,
            kind,
            paths,
            "new_live",
            "where parts.report_id in (select report_id from delta)",
        )
    connection.execute("delete from raw.live")
    connection.execute("insert into raw.live select * from new_live")
    cross_report = ", ".join(f"'{name}'" for name in CROSS_REPORT_CHECKS)
    cross_rows = f"select * from qa_checks where check_name in ({cross_report})"
    delta_scope = _scope(connection, "delta")
    of_reports = report_relations(connection)
    tables = [
        model
        for model in models
        # views recompute themselves; codes are built from codes.csv, not reports
        if model.materialization == "table" and (model.schema, model.name) in of_reports
    ]
    across = set(NEIGHBOURHOOD_TABLES) | {"qa_checks"}
    per_report = [model for model in tables if model.name not in across]
    if changed and per_report:
        with changed_reports_catalogue(
            connection,
            models,
            {model.name for model in per_report},
            of_reports,
            delta_scope,
            parts,
        ) as catalogue:
            for model in per_report:
                if held:
                    connection.execute(
                        f"delete from {model.qualified_name} "
                        "where report_id in (select report_id from delta_held)"
                    )
                connection.execute(
                    f"insert into {model.qualified_name} "
                    f"select * from {catalogue}.{model.qualified_name}"
                )
    neighbourhood_scope = _neighbourhood(connection, cross_rows)
    for model in tables:
        if model.name in NEIGHBOURHOOD_TABLES:
            scope = neighbourhood_scope
        elif model.name == "qa_checks":
            # (the delta is in the neighbourhood: its list, the longer, filters the scans)
            scope = f"{neighbourhood_scope} and ({delta_scope} or check_name in ({cross_report}))"
        else:
            continue
        connection.execute(f"delete from {model.qualified_name} where {scope}")
        connection.execute(
            f"insert into {model.qualified_name} select * from "
            f"({model.qualified_sql}) as model where {scope}"
        )
    # The reports whose rows changed in some table: the delta, and those another report's
    # coming or going changed (a version now current, a cross-year rule, a shared figure),
    # all of them in the neighbourhood. `except all`: a row that came twice is a change
    # (plain `except` would drop the copy).
    in_neighbourhood = "report_id in (select report_id from neighbourhood)"
    connection.execute(f"""
        insert into touched_reports
        select report_id from delta
        union select report_id from (
            select * from dim_report_before
            except all select * from dim_report where {in_neighbourhood})
        union select report_id from (
            select * from dim_report where {in_neighbourhood}
            except all select * from dim_report_before)
        union select report_id from (
            select * from cross_checks_before
            except all select * from ({cross_rows}) where {in_neighbourhood})
        union select report_id from (
            select * from ({cross_rows}) where {in_neighbourhood}
            except all select * from cross_checks_before)
    """)
    return changed


_OF_DELTA = "where report_id in (select report_id from delta)"


def _keys(reports: str) -> str:
    """SQL: each report of the relation `reports` with the keys by which one report's rows
    depend on another's: the versions of an issuer and year and the cross-year rules join
    reports of one issuer and place; shared_figures joins reports of one year with the same
    figures."""
    return (
        "select reports.report_id, reports.issuer, reports.jurisdiction_code, "
        "reports.report_year, digests.figures_digest "
        f"from {reports} as reports "
        "left join intermediate.int_report_digests as digests using (report_id)"
    )


def _neighbourhood(connection: duckdb.DuckDBPyConnection, cross_rows: str) -> str:
    """The reports whose version rows (int_report_versions, dim_report) or cross-report
    rules the changes may have changed, kept in `neighbourhood` with their rows as they were
    (`dim_report_before`, `cross_checks_before`); the filter that keeps them.

    A report outside it keeps its rows: its own records did not change (it is not in the
    delta), no changed report shares its issuer and place, before or after the change (so
    its versions and its neighbours in years are as they were), none of those reports shares
    its figures and year (so no copy of them came, went, or stopped being current), and no
    file with its bytes came or went. The per-report tables (int_report_digests, the changed
    reports' rows in stg_reports) are up to date when this is asked."""
    connection.execute(f"""
        create temp table neighbourhood as
        with reports as ({_keys("staging.stg_reports")}),
        changed_keys as (
            select * from keys_before
            union all
            select * from reports {_OF_DELTA}
        ),
        same_issuer as (
            select reports.* from reports
            semi join changed_keys as known
                on known.issuer = reports.issuer
                and known.jurisdiction_code is not distinct from reports.jurisdiction_code
        ),
        figure_keys as (
            select * from same_issuer
            union all
            select * from keys_before
        )
        select report_id from same_issuer
        union select report_id from reports semi join figure_keys as known
            on known.figures_digest = reports.figures_digest
            and known.report_year = reports.report_year
        union select report_id from delta
        union select report_id from files_delta
    """)
    scope = _scope(connection, "neighbourhood")
    connection.execute(
        f"create temp table dim_report_before as select * from dim_report where {scope}"
    )
    connection.execute(
        f"create temp table cross_checks_before as select * from ({cross_rows}) where {scope}"
    )
    return scope


def _scope(connection: duckdb.DuckDBPyConnection, reports: str) -> str:
    """The filter that keeps the reports of the relation `reports`. Their ids written out,
    where they are not too many: a constant list reaches every scan of a model's query (only
    those reports are read), a subquery does not (the model's query runs for every report)."""
    ids = [
        row[0]
        for row in connection.execute(
            f"select report_id from {reports} order by 1 limit {MAX_LISTED + 1}"
        ).fetchall()
    ]
    if not ids or len(ids) > MAX_LISTED:
        return f"report_id in (select report_id from {reports})"
    return f"report_id in ({literal_list(ids)})"
