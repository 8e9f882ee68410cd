-- The numbered top-level sections of every report, as the parser split them: where each
-- body lies in its report's text (raw.texts), which is stored once.
select
    report_id,
    cast(section_no as integer) as section_no,
    heading,
    cast(body_start as integer) as body_start,
    cast(body_end as integer) as body_end,
    cast(first_line as integer) as first_line,
    cast(last_line as integer) as last_line,
    part as store_part
from raw.sections
