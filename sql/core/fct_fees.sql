-- Fees charged to applicants: amount in yuan (0 where the report says nothing was charged,
-- NULL where it does not say) and the number of cases charged where stated.
with figures as (
    select * from stg_figures where fact = 'fees'
),

reports as (
    select report_id, jurisdiction_code, report_year from stg_reports
),

per_fee as (
    select
        report_id,
        key1 as fee_type,
        source,
        max(value) filter (where key2 = 'amount_yuan') as amount_yuan,
        cast(max(value) filter (where key2 = 'cases') as bigint) as cases,
        string_agg(value_text, ' / ' order by source_line) as value_text,
        min(source_line) as source_line
    from figures
    group by report_id, key1, source
),

final as (
    select
        per_fee.report_id,
        reports.jurisdiction_code,
        reports.report_year,
        per_fee.fee_type,
        per_fee.amount_yuan,
        per_fee.cases,
        per_fee.value_text,
        per_fee.source,
        per_fee.source_line
    from per_fee
    inner join reports on reports.report_id = per_fee.report_id
)

select * from final
