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
        sum(new_received) as new_received,
        sum(total_processed) as total_processed,
        sum(carried_forward) as carried_forward,
        sum(granted_or_partially_granted) as granted_or_partially_granted,
        sum(unable_not_held) as unable_not_held,
        sum(reviews) as reviews,
        sum(reviews_corrected) as reviews_corrected,
        sum(lawsuits) as lawsuits,
        sum(lawsuits_corrected) as lawsuits_corrected,
        sum(granted_or_partially_granted) / nullif(sum(total_processed), 0) as grant_rate,
        sum(unable_not_held) / nullif(sum(total_processed), 0) as not_held_rate,
        sum(reviews_corrected) / nullif(sum(reviews), 0) as review_correction_rate,
        sum(checks_failed) as checks_failed
    from summaries
    group by jurisdiction_code, issuer, report_year
)

select * from final
