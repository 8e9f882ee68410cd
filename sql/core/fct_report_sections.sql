-- The report's numbered top-level sections, in Simplified text.
-- A view of the stored sections (raw.sections), not a second copy of them.
-- materialized: view
select
    report_id,
    section_no,
    heading,
    body,
    first_line,
    last_line
from stg_sections
