"""How the store is read, said once for the full build and the incremental update: one report
per report_id, named by its first file (identical files are one report), its records taken
from that file's part."""

from __future__ import annotations


def live_reports(files: str) -> str:
    """SQL: (report_id, part, source_file) of each report of the manifest relation `files`."""
    return (
        "select report_id, arg_min(part, source_file) as part, "
        f"min(source_file) as source_file from {files} group by report_id"
    )


def live_records(kind: str, parts: str, live: str) -> str:
    """SQL: the records of `kind` in the relation `parts` that belong to the reports of
    `live` (a live_reports relation), each report named by its live file. Each record keeps
    `part`, its store part: stored in part order, the rows of a few parts are read without the
    others (DuckDB skips every vector of rows its filter on `part` rejects; report ids, being
    hashes, cannot do that)."""
    rename = " replace (live.source_file as source_file)" if kind == "reports" else ""
    return (
        f"select parts.*{rename} from {parts} as parts join {live} as live "
        "on live.report_id = parts.report_id and live.part = parts.part"
    )
