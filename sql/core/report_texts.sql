-- The whole normalised Simplified text of each report: source_line in the fact tables
-- counts lines of this text.
select
    report_id,
    report_text
from stg_texts
