-- The numbered top-level sections of every report, as the parser split them.
select
    report_id,
    cast(section_no as integer) as section_no,
    heading,
    body,
    cast(first_line as integer) as first_line,
    cast(last_line as integer) as last_line
from raw.sections
