"""Property: a table printed in any shape parses back to the numbers printed. Where glued
digits cannot be cut apart with certainty the cell is NULL, never a wrong number."""

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.extract.report import parse_report_bytes
from pipelines.extract.templates import APPLICANT_TYPES
from pipelines.synthetic.printing import SHAPES, random_applications_table, report_text


def parsed_rows(text: str):
    report = parse_report_bytes(text.encode("utf-8"), "generated.txt")
    rows = {}
    for figure in report.figures:
        if figure.fact == "applications" and figure.source == "table":
            rows.setdefault(figure.key1, [None] * len(APPLICANT_TYPES))
            rows[figure.key1][APPLICANT_TYPES.index(figure.key2)] = figure.value
    return report, rows


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), shape=st.sampled_from([s for s in SHAPES if s != "glued"]))
def test_separated_shapes_parse_back_exactly(seed, shape):
    table = random_applications_table(random.Random(seed))
    report, rows = parsed_rows(report_text(table, shape))
    assert report.metadata.template == "f2021"
    assert {item: tuple(values) for item, values in rows.items()} == table.rows
    assert report.parse_errors == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1))
def test_glued_digits_are_decoded_or_left_null_never_wrong(seed):
    table = random_applications_table(random.Random(seed))
    report, rows = parsed_rows(report_text(table, "glued"))
    assert set(rows) == set(table.rows)
    for item, values in rows.items():
        for printed, parsed in zip(table.rows[item], values):
            assert parsed is None or parsed == printed, item
        if None in values:
            assert any(item in error or "ways of cutting" in error for error in report.parse_errors)


def test_a_mostly_zero_glued_table_decodes_completely():
    table = random_applications_table(random.Random(7), scale=9)
    _, rows = parsed_rows(report_text(table, "glued"))
    decoded = sum(v is not None for values in rows.values() for v in values)
    assert decoded >= 0.9 * 25 * 7
