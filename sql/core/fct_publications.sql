-- 表二 cells and publication counts stated in prose.
select
    report_id,
    jurisdiction_code,
    report_year,
    key1 as category,
    key2 as measure,
    value,
    unit,
    value_text,
    source,
    source_line,
    decoded,
    is_preferred,
    is_subtotal
from int_report_figures
where fact = 'publications'
