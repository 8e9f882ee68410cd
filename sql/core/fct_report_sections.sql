-- The report's numbered top-level sections, in Simplified text.
select
    report_id,
    section_no,
    heading,
    body,
    first_line,
    last_line
from stg_sections
