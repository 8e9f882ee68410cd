-- The whole normalised Simplified text of each report: source_line in the fact tables
-- counts lines of this text.
-- A view of the one stored copy (raw.texts): the texts are most of a warehouse's bytes.
-- materialized: view
select
    report_id,
    report_text
from stg_texts
