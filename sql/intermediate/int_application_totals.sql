-- materialized: table
-- One row per report: the headline application figures of the total column. A table cell
-- is preferred to the same figure stated in prose; an outcome group (granted or partially,
-- denied, unable, ...: the codes whose parent is total_processed in codes) is the sum of
-- its rows where the report gives every one of them, else the figure it states for it.
-- Kept as a table: it reads every application figure, the cross-year rules read it for every
-- report on every build, and an incremental build updates only the reports it changes.
with printed as (
    select
        report_id,
        key1 as item,
        value,
        row_number() over (
            partition by report_id, key1
            order by case source when 'table' then 0 else 1 end
        ) as preference
    from stg_figures
    where fact = 'applications' and key2 = 'total' and value is not null
),

best as (
    select report_id, item, value
    from printed
    where preference = 1
),

item_codes as (
    select code, parent
    from stg_codes
    where fact = 'applications' and dimension = 'item'
),

outcome_groups as (
    select item_codes.code as group_code, count(rows.code) as row_count
    from item_codes
    left join item_codes as rows on rows.parent = item_codes.code
    where item_codes.parent = 'total_processed'
    group by all
),

group_rows as (
    select best.report_id, item_codes.parent as group_code, sum(best.value) as value,
           count(*) as rows_given
    from best
    inner join item_codes on item_codes.code = best.item
    where item_codes.parent in (select group_code from outcome_groups)
    group by all
),

groups as (
    select
        reports.report_id,
        outcome_groups.group_code,
        case
            when group_rows.rows_given = outcome_groups.row_count then group_rows.value
            else stated.value
        end as value
    from (select distinct report_id from best) as reports
    cross join outcome_groups
    left join group_rows
        on group_rows.report_id = reports.report_id
        and group_rows.group_code = outcome_groups.group_code
    left join best as stated
        on stated.report_id = reports.report_id and stated.item = outcome_groups.group_code
),

pivoted as (
    select
        report_id,
        max(value) filter (where item = 'new_received') as new_received,
        max(value) filter (where item = 'carried_over') as carried_over,
        max(value) filter (where item = 'received_total') as received_total_stated,
        max(value) filter (where item = 'total_processed') as total_processed,
        max(value) filter (where item = 'carried_forward') as carried_forward,
        max(value) filter (where item = 'granted') as granted,
        max(value) filter (where item = 'partially_granted') as partially_granted,
        max(value) filter (where item = 'unable.not_held') as unable_not_held
    from best
    group by report_id
),

group_values as (
    select
        report_id,
        max(value) filter (where group_code = 'granted_or_partially_granted')
            as granted_or_partially_granted,
        max(value) filter (where group_code = 'denied') as denied,
        max(value) filter (where group_code = 'unable') as unable,
        max(value) filter (where group_code = 'not_processed') as not_processed,
        max(value) filter (where group_code = 'other') as other
    from groups
    group by report_id
),

final as (
    select
        pivoted.report_id,
        cast(pivoted.new_received as bigint) as new_received,
        cast(pivoted.carried_over as bigint) as carried_over,
        cast(coalesce(pivoted.received_total_stated, pivoted.new_received + pivoted.carried_over)
            as bigint) as received_total,
        cast(pivoted.total_processed as bigint) as total_processed,
        cast(pivoted.carried_forward as bigint) as carried_forward,
        cast(pivoted.granted as bigint) as granted,
        cast(pivoted.partially_granted as bigint) as partially_granted,
        cast(group_values.granted_or_partially_granted as bigint) as granted_or_partially_granted,
        cast(group_values.denied as bigint) as denied,
        cast(group_values.unable as bigint) as unable,
        cast(group_values.not_processed as bigint) as not_processed,
        cast(group_values.other as bigint) as other,
        cast(pivoted.unable_not_held as bigint) as unable_not_held
    from pivoted
    left join group_values on group_values.report_id = pivoted.report_id
)

select * from final
