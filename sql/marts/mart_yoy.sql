-- Year-over-year change per jurisdiction and issuer. A change is only computed against the
-- immediately preceding year; after a gap it is NULL.
with yearly as (
    select * from mart_jurisdiction_year
),

with_previous as (
    select
        *,
        lag(report_year) over series as previous_year,
        lag(new_received) over series as previous_new_received,
        lag(total_processed) over series as previous_total_processed,
        lag(grant_rate) over series as previous_grant_rate,
        lag(reviews) over series as previous_reviews
    from yearly
    window series as (partition by jurisdiction_code, issuer order by report_year)
),

final as (
    select
        jurisdiction_code,
        jurisdiction_name,
        issuer,
        report_year,
        new_received,
        total_processed,
        grant_rate,
        reviews,
        case when previous_year = report_year - 1 then new_received - previous_new_received end
            as new_received_change,
        case when previous_year = report_year - 1
            then (new_received - previous_new_received) / nullif(previous_new_received, 0) end
            as new_received_change_rate,
        case when previous_year = report_year - 1
            then total_processed - previous_total_processed end as total_processed_change,
        case when previous_year = report_year - 1 then grant_rate - previous_grant_rate end
            as grant_rate_change,
        case when previous_year = report_year - 1 then reviews - previous_reviews end
            as reviews_change
    from with_previous
)

select * from final
