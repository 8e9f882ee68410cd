"""What the assets tell the console: `run record` lines in the run's log (read back by
pipelines/reporting/summary.py at the end of `make run`), a line naming whoever holds a lock
a run waits for, and a failure's cause in one line."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg

from pipelines.reporting.summary import cause_of, lock_holder, record_line


def record(context, step: str, **facts) -> None:
    context.log.info(record_line(step, **facts))


def tag_run(context, tags: dict[str, str]) -> None:
    """Add tags to the running run (what it read, the warehouse it built)."""
    try:
        context.instance.add_run_tags(context.run.run_id, {k: str(v) for k, v in tags.items()})
    except Exception as error:  # noqa: BLE001 - a tag is worth a warning, never a failed run
        context.log.warning(f"could not tag the run: {error}")


def say_who_holds(context, lock: Path, what: str) -> None:
    holder = lock_holder(lock)
    if holder:
        context.log.info(
            f"waiting: {what} is held by {holder}; this run goes on when it is "
            f"done (runs never overlap on it)"
        )


@contextmanager
def explained(context, step: str) -> Iterator[None]:
    """Turn an exception into a Failure whose description is its cause in one line, recorded
    for the console."""
    try:
        yield
    except dg.Failure:
        raise
    except Exception as error:
        cause = cause_of(error)
        record(context, "failed", cause=f"{step}: {cause}")
        raise dg.Failure(description=cause) from error
