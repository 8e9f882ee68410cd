"""Asset checks: the warehouse's data tests (sql/tests/), the contract's consistency rules
on qa_checks, and the reports' scorecard.

A failing rule is a finding about a report, not a failure of the run: the checks report at
WARN severity and list the reports that fail. The rules that name duplicate files,
superseded versions and figures shared by two issuers (status `flag`) are checks too: they
pass when no file is flagged."""

from __future__ import annotations

import dagster as dg
import duckdb

from pipelines.defs.console import explained
from pipelines.defs.load import MODELS
from pipelines.defs.resources import WarehouseSettings
from pipelines.warehouse.build import SQL_DIR
from pipelines.warehouse.data_tests import load_data_tests, run_data_tests

DATA_TESTS = load_data_tests(SQL_DIR / "tests", {model.name for model in MODELS})

RULES = {
    "balance": "new_received + carried_over = total_processed + carried_forward, "
    "per applicant column",
    "outcome_sum": "the outcome rows add up to total_processed, per applicant column",
    "applicant_sum": "the six applicant columns add up to the total column, on every row",
    "appeal_sum": "upheld + corrected + other + pending = total, per proceeding",
    "narrative_vs_table": "a figure stated in prose agrees with the same figure in the table",
    "carry_continuity": "carried_forward of year y-1 = carried_over of year y",
    "in_force_continuity": "in_force(y-1) + issued(y) - repealed(y) = in_force(y)",
}
FLAG_RULES = {
    "duplicate": "no file repeats another's bytes, and no issuer has two files of a year "
    "with the same figures",
    "superseded": "no issuer has two versions (other figures) of a year: the current one is "
    "used, the others are named",
    "shared_figures": "no two issuers print the very same figures in a year (a report copied "
    "under another name)",
}


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(name=rule, asset="qa_checks", description=text)
        for rule, text in {**RULES, **FLAG_RULES}.items()
    ]
    + [
        dg.AssetCheckSpec(
            name="reports_parsed",
            asset="dim_report",
            description="every report file was parsed (none failed)",
        )
    ],
)
def consistency_rules(context, settings: WarehouseSettings):
    with explained(context, "checking the warehouse"):
        connection = duckdb.connect(str(settings.warehouse), read_only=True)
    with connection:
        for rule in RULES:
            counts = dict(
                connection.execute(
                    "select status, count(*) from qa_checks where check_name = ? group by status",
                    [rule],
                ).fetchall()
            )
            failing = [
                row[0]
                for row in connection.execute(
                    "select distinct dim_report.source_file from qa_checks "
                    "join dim_report using (report_id) where check_name = ? and status = 'fail' "
                    "order by 1 limit 50",
                    [rule],
                ).fetchall()
            ]
            yield dg.AssetCheckResult(
                asset_key="qa_checks",
                check_name=rule,
                passed=not failing,
                severity=dg.AssetCheckSeverity.WARN,
                metadata={
                    "pass": counts.get("pass", 0),
                    "fail": counts.get("fail", 0),
                    "not_assessable": counts.get("not_assessable", 0),
                    "failing_reports": ", ".join(failing) or "none",
                },
            )
        for rule in FLAG_RULES:
            flagged = connection.execute(
                "select subject, detail from qa_checks where check_name = ? and status = 'flag' "
                "order by subject",
                [rule],
            ).fetchall()
            yield dg.AssetCheckResult(
                asset_key="qa_checks",
                check_name=rule,
                passed=not flagged,
                severity=dg.AssetCheckSeverity.WARN,
                metadata={
                    "flagged": len(flagged),
                    "files": "; ".join(f"{subject}: {detail}" for subject, detail in flagged[:50])
                    or "none",
                },
            )
        failed = connection.execute(
            "select source_file, parse_errors from dim_report where parse_status = 'failed' "
            "order by source_file"
        ).fetchall()
        yield dg.AssetCheckResult(
            asset_key="dim_report",
            check_name="reports_parsed",
            passed=not failed,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "failed": len(failed),
                "failed_files": "; ".join(f"{name}: {why}" for name, why in failed[:50]) or "none",
            },
        )


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(name=test.name, asset=test.model, description=test.description)
        for test in DATA_TESTS
    ],
)
def data_tests(context, settings: WarehouseSettings):
    """sql/tests/ on the published warehouse. The build ran them before publishing and
    refused a file that broke one, so a failure here is a file changed since (ERROR)."""
    with explained(context, "testing the warehouse's grains and codes"):
        connection = duckdb.connect(str(settings.warehouse), read_only=True)
    with connection:
        results = run_data_tests(connection, DATA_TESTS)
    for result in results:
        yield dg.AssetCheckResult(
            asset_key=result.test.model,
            check_name=result.test.name,
            passed=result.passed,
            severity=dg.AssetCheckSeverity.ERROR,
            metadata={
                "offending_rows": result.offending_rows,
                "first_rows": result.explained() if not result.passed else "none",
            },
        )


SCORECARD = {
    "published_on_time": "every report with a known publication date came by its deadline",
    "parts_present": "every report has a heading for each part its regulation requires",
    "tables_filled": "no 2019-format report prints a table blank or leaves it out",
    "not_copied": "no report repeats half its previous year's sentences, names another "
    "province or shares half its sentences with another issuer's report",
}


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(name=name, asset="mart_report_quality", description=text)
        for name, text in SCORECARD.items()
    ],
)
def report_scorecard(context, settings: WarehouseSettings):
    """The scorecard's counts, each check a finding about reports (WARN), never a failed run."""
    with explained(context, "counting the scorecard"):
        connection = duckdb.connect(str(settings.warehouse), read_only=True)
    with connection:
        cursor = connection.execute(
            "select count(*) as reports, "
            "count(published_on) as dated, "
            "count(*) filter (where days_late > 0) as late, "
            "coalesce(max(days_late), 0) as most_days_late, "
            "count(*) filter (where days_late > 0 and published_on_source = 'signature') "
            "as late_by_signature, "
            "count(*) filter (where parts_found < parts_required) as missing_parts, "
            "count(*) filter (where 'blank' in (publications_table, applications_table, "
            "appeals_table)) as blank_tables, "
            "count(*) filter (where 'absent' in (publications_table, applications_table, "
            "appeals_table)) as absent_tables, "
            "count(*) filter (where figures_in_prose_only) as figures_in_prose_only, "
            "count(*) filter (where repeated_share >= 0.5) as repeating_half, "
            "count(*) filter (where problems_repeated_share = 1) as problems_repeated, "
            "count(*) filter (where other_provinces is not null) as naming_other_provinces, "
            "count(*) filter (where near_duplicates > 0) as near_duplicates "
            "from mart_report_quality"
        )
        names = [column[0] for column in cursor.description]
        counts = dict(zip(names, cursor.fetchone() or (), strict=True))
    undated = counts["reports"] - counts["dated"]
    yield dg.AssetCheckResult(
        asset_key="mart_report_quality",
        check_name="published_on_time",
        passed=counts["late"] == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "late": counts["late"],
            "dated": counts["dated"],
            "undated": undated,
            "most_days_late": counts["most_days_late"],
            "late_by_signature_date": counts["late_by_signature"],
        },
    )
    yield dg.AssetCheckResult(
        asset_key="mart_report_quality",
        check_name="parts_present",
        passed=counts["missing_parts"] == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"reports_missing_a_part": counts["missing_parts"], "reports": counts["reports"]},
    )
    yield dg.AssetCheckResult(
        asset_key="mart_report_quality",
        check_name="tables_filled",
        passed=counts["blank_tables"] + counts["absent_tables"] == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "with_a_blank_table": counts["blank_tables"],
            "with_an_absent_table": counts["absent_tables"],
            "figures_in_prose_only": counts["figures_in_prose_only"],
        },
    )
    copied = counts["repeating_half"] + counts["naming_other_provinces"] + counts["near_duplicates"]
    yield dg.AssetCheckResult(
        asset_key="mart_report_quality",
        check_name="not_copied",
        passed=copied == 0,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "repeating_half_of_last_year": counts["repeating_half"],
            "problems_section_repeated_whole": counts["problems_repeated"],
            "naming_another_province": counts["naming_other_provinces"],
            "near_duplicates_of_another_issuer": counts["near_duplicates"],
        },
    )
