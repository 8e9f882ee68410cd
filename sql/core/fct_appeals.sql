-- One row per printed cell of 表四 and per review or lawsuit figure stated in prose.
select
    report_id,
    jurisdiction_code,
    report_year,
    key1 as proceeding,
    key2 as result,
    cast(value as bigint) as value,
    value_text,
    source,
    source_line,
    decoded,
    is_preferred,
    is_subtotal
from int_report_figures
where fact = 'appeals'
