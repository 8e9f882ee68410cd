-- One row per report and section that shares sentences with the same issuer's previous
-- report (its latest one of an earlier year): how many of the section's sentences repeat it,
-- and one of them. Sentences are compared by hash (stg_sentences), so this is a join, never a
-- comparison of texts.
with reports as (
    select
        reports.report_id, reports.issuer, reports.jurisdiction_code, reports.report_year
    from stg_reports as reports
    inner join int_report_versions as versions on versions.report_id = reports.report_id
    where versions.is_current and reports.issuer is not null and reports.report_year is not null
),

previous as (
    select
        report_id,
        lag(report_id) over series as previous_report_id,
        lag(report_year) over series as previous_year
    from reports
    window series as (partition by jurisdiction_code, issuer order by report_year)
),

earlier_sentences as (
    select distinct previous.report_id, sentences.sentence_hash
    from previous
    inner join stg_sentences as sentences
        on sentences.report_id = previous.previous_report_id
),

compared as (
    select
        sentences.report_id,
        sentences.section_no,
        sentences.start_offset,
        sentences.end_offset,
        earlier.sentence_hash is not null as repeated
    from stg_sentences as sentences
    left join earlier_sentences as earlier
        on earlier.report_id = sentences.report_id
        and earlier.sentence_hash = sentences.sentence_hash
),

per_section as (
    select
        report_id,
        section_no,
        count(*) as sentences,
        count(*) filter (where repeated) as repeated,
        arg_min(start_offset, start_offset) filter (where repeated) as example_start,
        arg_min(end_offset, start_offset) filter (where repeated) as example_end
    from compared
    group by report_id, section_no
),

final as (
    select
        per_section.*,
        previous.previous_report_id,
        previous.previous_year
    from per_section
    inner join previous on previous.report_id = per_section.report_id
    where previous.previous_report_id is not null
)

select * from final
