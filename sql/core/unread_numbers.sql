-- One row per number printed in a table's region or in the sections on applications,
-- appeals and fees that no figure took and that is not a year, date, article, phone number,
-- percentage or list numbering. in_table rows are cells the parser could not place: the
-- `coverage` rule of qa_checks fails for their report.
select
    report_id,
    source_line,
    printed_text,
    why,
    in_table
from stg_unread_numbers
