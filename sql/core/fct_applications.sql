-- One row per printed cell of 表三 and per application figure stated in prose.
select
    report_id,
    jurisdiction_code,
    report_year,
    key1 as item,
    key2 as applicant_type,
    cast(value as bigint) as value,
    value_text,
    source,
    source_line,
    decoded,
    is_preferred,
    is_subtotal
from int_report_figures
where fact = 'applications'
