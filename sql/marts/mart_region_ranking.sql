-- Rank and percentile of each report's grant rate among its peers: reports of the same
-- province, year, scope (a whole government or one agency) and level (province, prefecture,
-- county), 1 = the highest share of requests granted in full or in part. A report that
-- answered fewer than 20 requests (min_processed) is listed but not ranked: a body that
-- granted 1 of 1 is not the best of its peers. Reports without a rate are left out.
with rated as (
    select
        *,
        total_processed >= 20 as ranked  -- min_processed
    from mart_report_summary
    where grant_rate is not null and province_name is not null
),

final as (
    select
        province_name,
        report_year,
        scope,
        jurisdiction_level,
        jurisdiction_code,
        jurisdiction_name,
        issuer,
        report_id,
        total_processed,
        grant_rate,
        ranked,
        case when ranked then rank() over peers end as grant_rate_rank,
        count(*) filter (where ranked) over everyone as peers_ranked,
        case when ranked then 1 - percent_rank() over peers end as grant_rate_percentile
    from rated
    window
        everyone as (partition by province_name, report_year, scope, jurisdiction_level),
        peers as (
            partition by province_name, report_year, scope, jurisdiction_level, ranked
            order by grant_rate desc
        )
)

select * from final
