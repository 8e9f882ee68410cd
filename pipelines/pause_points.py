"""Named points of a run where a test may stop it, to show that a run killed there leaves
the published warehouse and the parsed store as they were (or wholly new), whatever the
machine's speed. `RUN_PAUSE_AT="<point>:<marker file>"` makes the run write the marker when it
reaches <point> and wait there until it is killed; unset, as it is outside the tests, a point
costs one dictionary lookup."""

from __future__ import annotations

import os
import time
from pathlib import Path

PAUSE_ENV = "RUN_PAUSE_AT"
# The build, in order: raw.* and the models built; data tests passed; Parquet copies written;
# file checkpointed; the version made current; the published names pointed at it.
BUILD_POINTS = ("built", "tested", "copied", "checkpointed", "made_current", "pointed")
# The store update, in order: new parts written; the manifest that lists them written.
STORE_POINTS = ("parts_written", "manifest_written")


def reached(point: str) -> None:
    pause = os.environ.get(PAUSE_ENV)
    if not pause:
        return
    name, _, marker = pause.partition(":")
    if name != point:
        return
    Path(marker).write_text(point, encoding="utf-8")
    while True:  # until the test kills the process
        time.sleep(1)
