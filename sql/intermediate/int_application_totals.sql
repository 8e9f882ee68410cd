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

group_figures as (
    -- per report and outcome group: the figure stated for the group, and the sum and count of
    -- the figures of its rows
    select
        best.report_id,
        outcome_groups.group_code,
        outcome_groups.row_count,
        max(best.value) filter (where best.item = outcome_groups.group_code) as stated,
        sum(best.value) filter (where best.item <> outcome_groups.group_code) as rows_value,
        count(*) filter (where best.item <> outcome_groups.group_code) as rows_given
    from best
    inner join item_codes on item_codes.code = best.item
    inner join outcome_groups on outcome_groups.group_code in (item_codes.parent, best.item)
    group by all
),

named_values as (
    -- the report's figures by item, and its groups' values (their rows' sum where the report
    -- gives every row, else the figure it states for the group) by group: one relation, so a
    -- filter on report_id reaches both (an incremental build selects a few reports)
    select report_id, 'item' as kind, item as name, value
    from best
    union all
    select
        report_id,
        'group' as kind,
        group_code as name,
        case when rows_given > 0 and rows_given = row_count then rows_value else stated end
            as value
    from group_figures
),

pivoted as (
    select
        report_id,
        max(value) filter (where kind = 'item' and name = 'new_received') as new_received,
        max(value) filter (where kind = 'item' and name = 'carried_over') as carried_over,
        max(value) filter (where kind = 'item' and name = 'received_total')
            as received_total_stated,
        max(value) filter (where kind = 'item' and name = 'total_processed') as total_processed,
        max(value) filter (where kind = 'item' and name = 'carried_forward') as carried_forward,
        max(value) filter (where kind = 'item' and name = 'granted') as granted,
        max(value) filter (where kind = 'item' and name = 'partially_granted')
            as partially_granted,
        max(value) filter (where kind = 'item' and name = 'unable.not_held') as unable_not_held,
        max(value) filter (where kind = 'group' and name = 'granted_or_partially_granted')
            as granted_or_partially_granted,
        max(value) filter (where kind = 'group' and name = 'denied') as denied,
        max(value) filter (where kind = 'group' and name = 'unable') as unable,
        max(value) filter (where kind = 'group' and name = 'not_processed') as not_processed,
        max(value) filter (where kind = 'group' and name = 'other') as other
    from named_values
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
        cast(pivoted.granted_or_partially_granted as bigint) as granted_or_partially_granted,
        cast(pivoted.denied as bigint) as denied,
        cast(pivoted.unable as bigint) as unable,
        cast(pivoted.not_processed as bigint) as not_processed,
        cast(pivoted.other as bigint) as other,
        cast(pivoted.unable_not_held as bigint) as unable_not_held
    from pivoted
)

select * from final
