"""Property: tables printed in any shape parse back to the numbers printed. Where a shape lost
what tells cells apart (glued digits, dropped equal lines) a cell is restored only when the
template's sums leave one reading, and is otherwise NULL with the reason: never a wrong number."""

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.extract.report import parse_report_bytes
from pipelines.extract.tables.tokens import number_value
from pipelines.extract.vocabulary import APPEAL_PROCEEDINGS, APPEAL_RESULTS, APPLICANT_TYPES
from pipelines.synthetic.printing import (
    EXACT_SHAPES,
    SHAPES,
    random_applications_table,
    random_other_tables,
    report_text,
)


def printed_cells(table, others):
    """{(fact, key1, key2): value} of everything the generated tables print."""
    cells = {
        ("applications", item, applicant): value
        for item, values in table.rows.items()
        for applicant, value in zip(APPLICANT_TYPES, values, strict=True)
    }
    cells.update(
        {
            ("publications", category, measure): number_value(text)
            for category, measures in others.publications.items()
            for measure, text in measures.items()
        }
    )
    keys = [(p, r) for p in APPEAL_PROCEEDINGS for r in APPEAL_RESULTS]
    cells.update(
        {("appeals", p, r): value for (p, r), value in zip(keys, others.appeals, strict=True)}
    )
    return cells


def read_back(seed, shape, template):
    rng = random.Random(seed)
    table = random_applications_table(rng, template=template)
    others = random_other_tables(rng, template)
    text = report_text(table, shape, template=template, others=others)
    suffix = "html" if "html" in shape or shape == "fragment" else "txt"
    report = parse_report_bytes(text.encode("utf-8"), f"generated.{suffix}")
    read = {(f.fact, f.key1, f.key2): f.value for f in report.figures if f.source == "table"}
    return report, printed_cells(table, others), read


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    shape=st.sampled_from(EXACT_SHAPES),
    template=st.sampled_from(["f2021", "f2019"]),
)
def test_shapes_that_keep_cell_boundaries_parse_back_exactly(seed, shape, template):
    report, printed, read = read_back(seed, shape, template)
    assert report.metadata.template == template
    assert read == printed
    assert report.parse_errors == []
    assert [u for u in report.unread_numbers if u.in_table] == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    shape=st.sampled_from(["glued", "collapsed"]),
    template=st.sampled_from(["f2021", "f2019"]),
)
def test_lossy_shapes_are_restored_or_left_null_never_wrong(seed, shape, template):
    report, printed, read = read_back(seed, shape, template)
    assert set(read) == set(printed)
    for key, value in read.items():
        assert value is None or value == printed[key], key
        if value is None:
            assert any(
                key[1] in error or key[0] == "appeals" and "表四" in error
                for error in report.parse_errors
            ), key


def test_every_shape_is_tested():
    assert set(SHAPES) == set(EXACT_SHAPES) | {"glued", "collapsed"}


@pytest.mark.parametrize("seed", range(6))
def test_a_departments_table_is_restored_whole_in_every_lossy_shape(seed):
    # A department's 表三: natural persons apply, organisations next to never. Collapsed or
    # glued, the template's sums leave one reading of every row.
    table = random_applications_table(random.Random(seed), scale=9, busy_share=0.0)
    for shape in ("glued", "collapsed"):
        report = parse_report_bytes(report_text(table, shape).encode("utf-8"), "generated.txt")
        values = {
            (f.key1, f.key2): f.value
            for f in report.figures
            if f.fact == "applications" and f.source == "table"
        }
        assert values == {
            (item, applicant): value
            for item, row in table.rows.items()
            for applicant, value in zip(APPLICANT_TYPES, row, strict=True)
        }, shape


def test_a_table_with_many_kinds_of_applicant_is_mostly_restored_when_glued():
    table = random_applications_table(random.Random(7), scale=9)
    report = parse_report_bytes(report_text(table, "glued").encode("utf-8"), "generated.txt")
    values = [f.value for f in report.figures if f.fact == "applications" and f.source == "table"]
    assert sum(v is not None for v in values) >= 0.9 * 25 * 7
