-- The normalised Simplified text of every report.
select
    report_id,
    text as report_text
from raw.texts
