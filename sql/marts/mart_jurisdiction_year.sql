-- One row per jurisdiction x issuer x year, from the current version of the report (never
-- a sum of two versions); report_count says how many versions (files of other bytes) there
-- were. Reports whose issuer or year could not be read cannot be told apart as versions: any
-- such reports of one place and year are added up.
with summaries as (
    select * from mart_report_summary
),

versions as (
    select jurisdiction_code, issuer, report_year, count(*) as report_count
    from dim_report
    where parse_status <> 'failed'
    group by jurisdiction_code, issuer, report_year
),

yearly as (
    select
        jurisdiction_code,
        any_value(jurisdiction_name) as jurisdiction_name,
        any_value(province_name) as province_name,
        any_value(prefecture_name) as prefecture_name,
        issuer,
        any_value(scope) as scope,
        report_year,
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
),

final as (
    select
        yearly.jurisdiction_code,
        yearly.jurisdiction_name,
        yearly.province_name,
        yearly.prefecture_name,
        yearly.issuer,
        yearly.scope,
        yearly.report_year,
        versions.report_count,
        yearly.new_received,
        yearly.total_processed,
        yearly.carried_forward,
        yearly.granted_or_partially_granted,
        yearly.unable_not_held,
        yearly.reviews,
        yearly.reviews_corrected,
        yearly.lawsuits,
        yearly.lawsuits_corrected,
        yearly.grant_rate,
        yearly.not_held_rate,
        yearly.review_correction_rate,
        yearly.checks_failed
    from yearly
    inner join versions
        on versions.jurisdiction_code is not distinct from yearly.jurisdiction_code
        and versions.issuer is not distinct from yearly.issuer
        and versions.report_year is not distinct from yearly.report_year
)

select * from final
