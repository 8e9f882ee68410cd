"""The contract's consistency rules as Dagster asset checks on qa_checks.

A failing rule is a finding about a report, not a failure of the run: the checks report at
WARN severity and list the reports that fail. The rules that name duplicate files,
superseded versions and figures shared by two issuers (status `flag`) are checks too: they
pass when no file is flagged."""

from __future__ import annotations

import dagster as dg
import duckdb

from pipelines.defs.console import explained
from pipelines.defs.resources import WarehouseSettings

RULES = {
    "balance": "new_received + carried_over = total_processed + carried_forward, per applicant column",
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
    specs=[dg.AssetCheckSpec(name=rule, asset="qa_checks", description=text)
           for rule, text in {**RULES, **FLAG_RULES}.items()]
    + [dg.AssetCheckSpec(name="reports_parsed", asset="dim_report",
                         description="every report file was parsed (none failed)")],
)
def consistency_rules(context, settings: WarehouseSettings):
    with explained(context, "checking the warehouse"):
        connection = duckdb.connect(str(settings.warehouse), read_only=True)
    with connection:
        for rule in RULES:
            counts = dict(connection.execute(
                "select status, count(*) from qa_checks where check_name = ? group by status",
                [rule]).fetchall())
            failing = [row[0] for row in connection.execute(
                "select distinct dim_report.source_file from qa_checks "
                "join dim_report using (report_id) where check_name = ? and status = 'fail' "
                "order by 1 limit 50", [rule]).fetchall()]
            yield dg.AssetCheckResult(
                asset_key="qa_checks", check_name=rule, passed=not failing,
                severity=dg.AssetCheckSeverity.WARN,
                metadata={"pass": counts.get("pass", 0), "fail": counts.get("fail", 0),
                          "not_assessable": counts.get("not_assessable", 0),
                          "failing_reports": ", ".join(failing) or "none"})
        for rule in FLAG_RULES:
            flagged = connection.execute(
                "select subject, detail from qa_checks where check_name = ? and status = 'flag' "
                "order by subject", [rule]).fetchall()
            yield dg.AssetCheckResult(
                asset_key="qa_checks", check_name=rule, passed=not flagged,
                severity=dg.AssetCheckSeverity.WARN,
                metadata={"flagged": len(flagged),
                          "files": "; ".join(f"{subject}: {detail}"
                                             for subject, detail in flagged[:50]) or "none"})
        failed = connection.execute(
            "select source_file, parse_errors from dim_report where parse_status = 'failed' "
            "order by source_file").fetchall()
        yield dg.AssetCheckResult(
            asset_key="dim_report", check_name="reports_parsed", passed=not failed,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={"failed": len(failed),
                      "failed_files": "; ".join(f"{name}: {why}" for name, why in failed[:50])
                                      or "none"})
