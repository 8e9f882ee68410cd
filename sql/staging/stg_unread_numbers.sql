-- Numbers printed where figures are printed that the parser took into no figure
-- (pipelines/extract/accounting.py).
select
    report_id,
    cast(line_no as integer) as source_line,
    text as printed_text,
    why,
    in_table
from raw.unread_numbers
