-- Every printed figure with the keys of its report (place and year), for the fact tables.
with figures as (
    select * from stg_figures
),

reports as (
    select report_id, jurisdiction_code, report_year from stg_reports
),

final as (
    select
        figures.*,
        reports.jurisdiction_code,
        reports.report_year
    from figures
    inner join reports on reports.report_id = figures.report_id
)

select * from final
