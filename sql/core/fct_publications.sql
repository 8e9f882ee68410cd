-- 表二 cells and publication counts stated in prose.
with figures as (
    select * from stg_figures where fact = 'publications'
),

reports as (
    select report_id, jurisdiction_code, report_year from stg_reports
),

final as (
    select
        figures.report_id,
        reports.jurisdiction_code,
        reports.report_year,
        figures.key1 as category,
        figures.key2 as measure,
        figures.value,
        figures.unit,
        figures.value_text,
        figures.source,
        figures.source_line,
        figures.decoded
    from figures
    inner join reports on reports.report_id = figures.report_id
)

select * from final
