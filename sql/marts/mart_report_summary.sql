-- One row per current report (the current version of each issuer and year; duplicates and
-- superseded versions are left out, see dim_report.is_current): headline figures (counts
-- BIGINT, money DECIMAL) and rates (DOUBLE). A rate divides by total_processed and is NULL
-- (never 0) when its numerator or the total was not printed.
with reports as (
    select * from dim_report
),

publications as (
    select report_id, cast(max(value) as bigint) as information_published
    from fct_publications
    where category = 'government_information' and measure = 'published'
    group by report_id
),

fees as (
    -- A fee printed in a table wins over the same fee stated in prose (is_preferred).
    select
        report_id,
        any_value(amount_yuan) filter (where is_preferred) as fees_yuan
    from fct_fees
    group by report_id
),

failed_checks as (
    select report_id, count(*) as checks_failed
    from qa_checks
    where status = 'fail'
    group by report_id
),

final as (
    select
        reports.report_id,
        reports.issuer,
        reports.scope,
        reports.jurisdiction_code,
        reports.jurisdiction_name,
        reports.jurisdiction_level,
        reports.province_name,
        reports.prefecture_name,
        reports.report_year,
        reports.template,
        reports.table_values,
        reports.parse_status,
        applications.received_total,
        applications.new_received,
        applications.carried_over,
        applications.total_processed,
        applications.carried_forward,
        applications.granted_or_partially_granted,
        applications.denied,
        applications.unable,
        applications.unable_not_held,
        applications.not_processed,
        applications.other,
        applications.granted_or_partially_granted / nullif(applications.total_processed, 0)
            as grant_rate,
        applications.denied / nullif(applications.total_processed, 0) as denial_rate,
        applications.unable_not_held / nullif(applications.total_processed, 0) as not_held_rate,
        appeals.reviews,
        appeals.reviews_corrected,
        appeals.reviews_corrected / nullif(appeals.reviews, 0) as review_correction_rate,
        appeals.lawsuits,
        appeals.lawsuits_corrected,
        appeals.lawsuits_corrected / nullif(appeals.lawsuits, 0) as lawsuit_correction_rate,
        publications.information_published,
        fees.fees_yuan,
        coalesce(failed_checks.checks_failed, 0) as checks_failed
    from reports
    left join int_application_totals as applications on applications.report_id = reports.report_id
    left join int_appeal_totals as appeals on appeals.report_id = reports.report_id
    left join publications on publications.report_id = reports.report_id
    left join fees on fees.report_id = reports.report_id
    left join failed_checks on failed_checks.report_id = reports.report_id
    where reports.parse_status <> 'failed' and reports.is_current
)

select * from final
