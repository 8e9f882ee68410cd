-- Rank and percentile of each report's grant rate within its province and year (1 = the
-- highest share of requests granted in full or in part). Reports without a rate are left out.
with rated as (
    select *
    from mart_report_summary
    where grant_rate is not null and province_name is not null
),

final as (
    select
        province_name,
        report_year,
        jurisdiction_code,
        jurisdiction_name,
        issuer,
        scope,
        report_id,
        total_processed,
        grant_rate,
        rank() over peers as grant_rate_rank,
        count(*) over (partition by province_name, report_year) as peers_ranked,
        1 - percent_rank() over peers as grant_rate_percentile
    from rated
    window peers as (partition by province_name, report_year order by grant_rate desc)
)

select * from final
