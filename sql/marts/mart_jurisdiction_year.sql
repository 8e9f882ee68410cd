-- One row per jurisdiction x issuer x year. Several reports for the same key (a re-issued
-- report) are summed; report_count says how many there were.
with summaries as (
    select * from mart_report_summary
),

final as (
    select
        jurisdiction_code,
        any_value(jurisdiction_name) as jurisdiction_name,
        any_value(province_name) as province_name,
        any_value(prefecture_name) as prefecture_name,
        issuer,
        any_value(scope) as scope,
        report_year,
        count(*) as report_count,
        cast(sum(new_received) as bigint) as new_received,
        cast(sum(total_processed) as bigint) as total_processed,
        cast(sum(carried_forward) as bigint) as carried_forward,
        cast(sum(granted_or_partially_granted) as bigint) as granted_or_partially_granted,
        cast(sum(unable_not_held) as bigint) as unable_not_held,
        cast(sum(reviews) as bigint) as reviews,
        cast(sum(reviews_corrected) as bigint) as reviews_corrected,
        cast(sum(lawsuits) as bigint) as lawsuits,
        cast(sum(lawsuits_corrected) as bigint) as lawsuits_corrected,
        sum(granted_or_partially_granted) / nullif(sum(total_processed), 0) as grant_rate,
        sum(unable_not_held) / nullif(sum(total_processed), 0) as not_held_rate,
        sum(reviews_corrected) / nullif(sum(reviews), 0) as review_correction_rate,
        cast(sum(checks_failed) as bigint) as checks_failed
    from summaries
    group by jurisdiction_code, issuer, report_year
)

select * from final
