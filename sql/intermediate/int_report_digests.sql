-- materialized: table
-- One row per report: a digest of its preferred figures (fact, keys and value: the same for
-- two files that print the same figures, in whatever shape or order) and how many of them
-- are not zero. Kept as a table: it reads every figure, and an incremental build updates
-- only the reports it changes.
with reports as (
    select report_id
    from stg_reports
),

figures as (
    select report_id, 'applications|' || item || '|' || applicant_type || '|'
        || cast(value as varchar) as figure, value <> 0 as nonzero
    from fct_applications
    where is_preferred
    union all
    select report_id, 'appeals|' || proceeding || '|' || result || '|' || cast(value as varchar),
        value <> 0
    from fct_appeals
    where is_preferred
    union all
    select report_id, 'publications|' || category || '|' || measure || '|'
        || cast(value as varchar), value <> 0
    from fct_publications
    where is_preferred
    union all
    select report_id, 'fees|' || fee_type || '|' || cast(amount_yuan as varchar), amount_yuan <> 0
    from fct_fees
    where is_preferred and amount_yuan is not null
),

digests as (
    select
        report_id,
        bit_xor(hash(figure)) as figures_digest,  -- (the same for the same set, in any order)
        count(*) filter (where nonzero) as nonzero_figures
    from figures
    group by report_id
),

final as (
    -- (a union grouped by report, not a join: an incremental build's filter on report_id
    -- then reaches every scan, so only the reports it changes are read)
    select
        report_id,
        coalesce(max(figures_digest), 0) as figures_digest,
        coalesce(max(nonzero_figures), 0) as nonzero_figures
    from (
        select report_id, cast(null as ubigint) as figures_digest,
            cast(null as bigint) as nonzero_figures
        from reports
        union all
        select report_id, figures_digest, nonzero_figures from digests
    )
    group by report_id
)

select * from final
