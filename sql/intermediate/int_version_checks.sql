-- The rules that name every file that is not a report of its own, each with status `flag`
-- (a finding about the corpus, not about the report's own figures):
-- duplicate: a file with the same bytes as another (one report, read once from the first by
-- name), or a version of an issuer and year whose figures equal the current version's;
-- superseded: a version of an issuer and year whose figures differ from the current one's;
-- shared_figures: a current report whose figures (at least 10 of them not zero, so two bodies
-- that print nothing but zeros are not taken for copies) are the very figures of a current
-- report of another issuer or place in the same year, as when a department's report is
-- copied under the government's name. Such reports are flagged, never merged.
with files as (
    select source_file, report_id
    from stg_files
    where source_sha256 is not null
),

first_files as (
    select report_id, min(source_file) as first_file
    from files
    group by report_id
),

same_bytes as (
    select
        files.report_id,
        'duplicate' as check_name,
        files.source_file as subject,
        'the same bytes as ' || first_files.first_file
            || ': one report, read once from that file' as detail
    from files
    inner join first_files on first_files.report_id = files.report_id
    where files.source_file <> first_files.first_file
),

versions as (
    select report_id, version_rule as check_name, source_file as subject,
        version_detail as detail
    from int_report_versions
    where version_rule is not null
),

comparable as (
    select report_id, source_file, issuer, jurisdiction_code, report_year, figures_digest
    from int_report_versions
    where is_current and parse_status <> 'failed' and report_year is not null
        and nonzero_figures >= 10  -- min_shared_figures
),

shared as (
    select
        this.report_id,
        'shared_figures' as check_name,
        other.source_file as subject,
        'the same figures as ' || other.source_file || ' (report ' || other.report_id || ') of '
            || coalesce(other.issuer, 'an unknown issuer') || ': a copy under another name? '
            || 'Both are kept' as detail
    from comparable as this
    inner join comparable as other
        on other.figures_digest = this.figures_digest
        and other.report_year = this.report_year
        and other.report_id <> this.report_id
        and (other.issuer is distinct from this.issuer
             or other.jurisdiction_code is distinct from this.jurisdiction_code)
),

unioned as (
    select * from same_bytes
    union all
    select * from versions
    union all
    select * from shared
),

final as (
    select
        report_id,
        check_name,
        subject,
        cast(null as double) as expected,
        cast(null as double) as actual,
        'flag' as status,
        detail
    from unioned
)

select * from final
