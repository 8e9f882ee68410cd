from pipelines.evaluation.gold import format_score, score_warehouse
from tests.conftest import GOLD_DIR


def test_every_gold_label_is_hit_and_nothing_is_invented(seed_warehouse):
    score = score_warehouse(seed_warehouse, GOLD_DIR)
    assert score.perfect, format_score(score)
    labels = {
        name: (GOLD_DIR / name).read_text(encoding="utf-8").count("\n") - 1
        for name in ("reports.tsv", "facts.tsv", "qa.tsv")
    }
    fields = 8  # of each report: place, code, issuer, scope, year, template, script, tables
    assert (
        sum(c["hit"] for c in score.counts.values())
        == fields * labels["reports.tsv"] + labels["facts.tsv"] + labels["qa.tsv"]
    )
    assert labels["reports.tsv"] == 19
