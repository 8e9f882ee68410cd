-- The parts each report's regulation requires, and whether a section heading names them
-- (pipelines/extract/requirements.py, report_parts.csv).
select
    report_id,
    required_part as part,
    found,
    heading
from raw.parts
