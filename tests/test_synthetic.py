"""A generated corpus carries its own answers, and the pipeline finds them."""

import csv

from pipelines.evaluation.gold import format_score, score_warehouse
from pipelines.synthetic.corpus import generate
from tests.conftest import refresh


def test_a_generated_corpus_scores_against_its_own_labels(tmp_path):
    raw = tmp_path / "raw"
    generate(raw, 60, seed=11)
    reports = list(
        csv.DictReader((raw / "gold" / "reports.tsv").open(encoding="utf-8"), delimiter="\t")
    )
    assert len(reports) == 60
    assert {row["template"] for row in reports} == {"pre2019", "f2019", "f2021"}
    assert {row["script"] for row in reports} == {"simplified", "traditional"}
    warehouse = refresh(raw, tmp_path)[1].warehouse_path
    score = score_warehouse(warehouse, raw / "gold")
    labels = sum(c["hit"] + c["wrong"] + c["missing"] for c in score.counts.values())
    hits = sum(c["hit"] for c in score.counts.values())
    assert hits / labels > 0.995, format_score(score)
    assert sum(c["invented"] for c in score.counts.values()) == 0
