"""The one job: every asset (the parse, the warehouse, the page and the exports) and their
checks. `make run`, the nightly schedule and the sensor all run it, so every run is tagged
with the folder it reads and the warehouse it builds (the assets add the build's id)."""

import dagster as dg

from pipelines.defs.resources import settings_from_environment

refresh_warehouse = dg.define_asset_job(
    "refresh_warehouse",
    selection=dg.AssetSelection.all(),
    description="Parse what changed in RAW_DIR, publish the warehouse, refresh the HTML page "
    "and the exports.",
    run_tags=settings_from_environment().run_tags(),
)
