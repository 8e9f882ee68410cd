-- One row per printed cell of the report's table and per figure stated in prose.
with figures as (
    select * from stg_figures where fact = 'applications'
),

reports as (
    select report_id, jurisdiction_code, report_year from stg_reports
),

final as (
    select
        figures.report_id,
        reports.jurisdiction_code,
        reports.report_year,
        figures.key1 as item,
        figures.key2 as applicant_type,
        cast(figures.value as bigint) as value,
        figures.value_text,
        figures.source,
        figures.source_line,
        figures.decoded
    from figures
    inner join reports on reports.report_id = figures.report_id
)

select * from final
