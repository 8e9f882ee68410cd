-- One row per file of RAW_DIR the run recorded (the parsed store's manifest): identical files
-- share a report_id, and the report is named by the first of them.
select
    source_file,
    report_id,
    source_sha256,
    parse_status
from raw.files
