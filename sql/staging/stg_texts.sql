-- The normalised Simplified text of every report, and the store part it was read from.
select
    report_id,
    text as report_text,
    part as store_part
from raw.texts
