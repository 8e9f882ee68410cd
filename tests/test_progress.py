from pipelines.store.progress import Progress


def test_progress_lines_come_every_few_seconds_and_at_the_end():
    progress = Progress("parsed", every_seconds=3600, started=0.0)
    assert progress.line(1, 10).startswith("progress: parsed 1/10 (10%)")  # the first is due
    assert progress.line(2, 10) is None
    assert progress.line(10, 10).startswith("progress: parsed 10/10 (100%)")
    assert "s left" in progress.line(10, 10)
