-- materialized: table
-- One row per report: which version of its issuer and year it is. Reports of the same
-- issuer, place and year (parse not failed) are versions of one report, and one of them is
-- current: the latest by the publication date every version states (published_on: a
-- sidecar's `published`, else the date the page prints under 发布时间/发布日期, else the
-- signature's date), else, where any version states none, the file whose name sorts last
-- (names do not change when files are copied, checked out or restored, so every build of
-- the same files agrees, which file times would not). A version whose figures equal the
-- current one's is a duplicate, else it is superseded. The figures compared are the
-- preferred ones (fact, keys and value), so two files of one report (a page and its text, a
-- re-crawl) compare equal.
-- Kept as a table: the version rules, the cross-year rules and dim_report all read it, and
-- its windows run over every report whatever few a night's filter selects; an incremental
-- build selects it again for the changed reports' neighbourhood only.
with reports as (
    select report_id, source_file, issuer, jurisdiction_code, report_year, parse_status,
        published_on
    from stg_reports
),

described as (
    select
        reports.*,
        digests.figures_digest,
        digests.nonzero_figures,
        reports.parse_status <> 'failed' and reports.issuer is not null
            and reports.report_year is not null as versioned
    from reports
    inner join int_report_digests as digests on digests.report_id = reports.report_id
),

ranked as (
    select
        *,
        count(*) over version_group as versions,
        bool_and(published_on is not null) over version_group as all_dated
    from described
    where versioned
    window version_group as (partition by issuer, jurisdiction_code, report_year)
),

ordered as (
    select
        *,
        row_number() over (
            partition by issuer, jurisdiction_code, report_year
            order by case when all_dated then published_on end desc nulls last,
                source_file desc
        ) as recency
    from ranked
),

current_versions as (
    select
        issuer,
        jurisdiction_code,
        report_year,
        report_id as current_report_id,
        source_file as current_file,
        published_on as current_published_on,
        figures_digest as current_digest
    from ordered
    where recency = 1
),

final as (
    select
        described.report_id,
        described.source_file,
        described.issuer,
        described.jurisdiction_code,
        described.report_year,
        described.parse_status,
        described.published_on,
        described.figures_digest,
        described.nonzero_figures,
        coalesce(ordered.versions, 1) as versions,
        coalesce(ordered.recency = 1, true) as is_current,
        case when ordered.recency > 1 then current_versions.current_report_id end
            as superseded_by,
        case
            when ordered.recency > 1 and described.figures_digest = current_versions.current_digest
                then 'duplicate'
            when ordered.recency > 1 then 'superseded'
        end as version_rule,
        case
            when ordered.recency > 1 then
                case when described.figures_digest = current_versions.current_digest
                    then 'a duplicate of '
                    else 'superseded by '
                end
                || current_versions.current_file || ' (report ' || current_versions.current_report_id
                || case when described.figures_digest = current_versions.current_digest
                    then '): the same issuer, year and figures'
                    else '): the same issuer and year, other figures'
                end
                || '; that file is current because '
                || case
                    when ordered.all_dated
                        and current_versions.current_published_on > described.published_on
                        then 'it was published later ('
                            || strftime(current_versions.current_published_on, '%Y-%m-%d')
                            || ', this one ' || strftime(described.published_on, '%Y-%m-%d') || ')'
                    when ordered.all_dated
                        then 'both were published the same day ('
                            || strftime(described.published_on, '%Y-%m-%d')
                            || ') and its file name sorts later'
                    else 'its file name sorts later (not every version states when it was '
                        || 'published)'
                end
        end as version_detail
    from described
    left join ordered on ordered.report_id = described.report_id
    left join current_versions
        on current_versions.issuer = ordered.issuer
        and current_versions.jurisdiction_code is not distinct from ordered.jurisdiction_code
        and current_versions.report_year = ordered.report_year
)

select * from final
