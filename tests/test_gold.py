from pipelines.evaluation.gold import format_score, score_warehouse
from tests.conftest import GOLD_DIR


def test_every_gold_label_is_hit_and_nothing_is_invented(seed_warehouse):
    score = score_warehouse(seed_warehouse, GOLD_DIR)
    assert score.perfect, format_score(score)
    assert sum(c["hit"] for c in score.counts.values()) == 40 + 437 + 9
