-- One row per report: the headline application figures of the total column. A table cell
-- is preferred to the same figure stated in prose; a group (denied, unable, ...) is the sum
-- of its printed rows when every row was printed, else the group figure the report states.
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
        max(value) filter (where item = 'granted_or_partially_granted') as granted_or_partially_stated,
        max(value) filter (where item = 'denied') as denied_stated,
        max(value) filter (where item = 'unable') as unable_stated,
        max(value) filter (where item = 'not_processed') as not_processed_stated,
        max(value) filter (where item = 'other') as other_stated,
        max(value) filter (where item = 'unable.not_held') as unable_not_held,
        sum(value) filter (where item like 'denied.%') as denied_rows,
        count(*) filter (where item like 'denied.%') as denied_row_count,
        sum(value) filter (where item like 'unable.%') as unable_rows,
        count(*) filter (where item like 'unable.%') as unable_row_count,
        sum(value) filter (where item like 'not_processed.%') as not_processed_rows,
        count(*) filter (where item like 'not_processed.%') as not_processed_row_count,
        sum(value) filter (where item like 'other.%') as other_rows,
        count(*) filter (where item like 'other.%') as other_row_count
    from best
    group by report_id
),

final as (
    select
        report_id,
        new_received,
        carried_over,
        coalesce(received_total_stated, new_received + carried_over) as received_total,
        total_processed,
        carried_forward,
        granted,
        partially_granted,
        coalesce(granted + partially_granted, granted_or_partially_stated)
            as granted_or_partially_granted,
        case when denied_row_count = 8 then denied_rows else denied_stated end as denied,
        case when unable_row_count = 3 then unable_rows else unable_stated end as unable,
        case when not_processed_row_count = 5 then not_processed_rows else not_processed_stated end
            as not_processed,
        case when other_row_count = 3 then other_rows else other_stated end as other,
        unable_not_held
    from pivoted
)

select * from final
