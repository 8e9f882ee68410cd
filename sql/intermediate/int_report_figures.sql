-- Every printed figure with the keys of its report (place and year), whether it is the one
-- to use for its key, and whether it adds up other codes.
-- is_preferred: of the figures a report gives one key (a table cell and the same figure in
-- prose), the one to use: the table's value where it printed one, else the prose's.
-- is_subtotal: the row or the column is a code that other codes add up to (codes.parent).
with figures as (
    select * from stg_figures
),

reports as (
    select report_id, jurisdiction_code, report_year from stg_reports
),

parents as (
    select distinct fact, parent as code
    from stg_codes
    where parent is not null
),

ranked as (
    select
        figures.*,
        value is not null and row_number() over (
            partition by figures.report_id, fact, key1, key2
            order by value is null, case source when 'table' then 0 else 1 end, source_line
        ) = 1 as is_preferred
    from figures
),

final as (
    select
        ranked.*,
        reports.jurisdiction_code,
        reports.report_year,
        exists (
            select 1 from parents
            where parents.fact = ranked.fact and parents.code in (ranked.key1, ranked.key2)
        ) as is_subtotal
    from ranked
    inner join reports on reports.report_id = ranked.report_id
)

select * from final
