-- Fees charged to applicants: amount in yuan (0 where the report says nothing was charged,
-- NULL where it does not say) and the number of cases charged where stated.
with per_fee as (
    select
        report_id,
        jurisdiction_code,
        report_year,
        key1 as fee_type,
        source,
        cast(max(value) filter (where key2 = 'amount_yuan') as decimal(18, 2)) as amount_yuan,
        cast(max(value) filter (where key2 = 'cases') as bigint) as cases,
        string_agg(value_text, ' / ' order by source_line) as value_text,
        min(source_line) as source_line,
        bool_or(is_preferred) as is_preferred
    from int_report_figures
    where fact = 'fees'
    group by report_id, jurisdiction_code, report_year, key1, source
)

select
    report_id,
    jurisdiction_code,
    report_year,
    fee_type,
    amount_yuan,
    cases,
    value_text,
    source,
    source_line,
    is_preferred
from per_fee
