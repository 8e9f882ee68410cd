from pipelines.extract.checks import report_checks
from pipelines.extract.records import Figure
from tests.conftest import SEED_CHANGSHU, SEED_WUJIANG, SEED_WUQING, SEED_ZHAOTONG


def verdicts(report):
    return {(c.check_name, c.subject): c for c in report.checks}


def test_a_total_row_printed_as_zeros_fails_without_being_changed(seed_reports):
    checks = verdicts(seed_reports[SEED_ZHAOTONG])
    balance = checks[("balance", "total")]
    assert (balance.status, balance.expected, balance.actual) == ("fail", 81, 0)
    outcome = checks[("outcome_sum", "natural_person")]
    assert (outcome.status, outcome.expected, outcome.actual) == ("fail", 0, 78)
    assert checks[("applicant_sum", "total_processed")].status == "pass"
    assert checks[("narrative_vs_table", "applications.total_processed.total")].status == "fail"


def test_a_consistent_report_passes(seed_reports):
    checks = verdicts(seed_reports[SEED_WUQING])
    assert {c.status for c in checks.values()} == {"pass"}
    assert checks[("appeal_sum", "litigation_after_review")].actual == 4
    assert checks[("narrative_vs_table", "applications.new_received.total")].expected == 174


def test_prose_figures_are_checked_too(seed_reports):
    checks = verdicts(seed_reports[SEED_WUJIANG])
    balance = checks[("balance", "total")]
    assert (balance.status, balance.expected) == ("pass", 341)
    assert checks[("outcome_sum", "total")].actual == 322


def test_missing_figures_make_a_rule_not_assessable(seed_reports):
    balance = verdicts(seed_reports[SEED_CHANGSHU])[("balance", "total")]
    assert balance.status == "not_assessable"
    assert "carried_forward" in balance.detail


def test_blank_cells_are_not_assessable_rather_than_zero():
    figures = [
        Figure("applications", "new_received", a, v, "", "table", 1)
        for a, v in [
            ("natural_person", 5),
            ("commercial_enterprise", None),
            ("research_institution", 0),
            ("social_welfare_org", 0),
            ("legal_service_org", 0),
            ("other_org", 0),
            ("total", 5),
        ]
    ]
    check = next(c for c in report_checks(figures) if c.check_name == "applicant_sum")
    assert (check.status, check.detail) == ("not_assessable", "not printed: commercial_enterprise")
