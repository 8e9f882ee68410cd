-- One row per current report: a scorecard of the report itself, each verdict with its
-- evidence. Timeliness: the date it was published (dim_report.published_on, and where that
-- was read) against the deadline of its regulation (deadlines.csv: 2019 regulation art. 49
-- for reports on 2019 and later, else the 2007 regulation's art. 31); days_late is NULL where
-- no date is known, negative where it came early. Completeness: the parts the regulation
-- requires that a heading names, and for 表二/三/四 whether each is printed with values,
-- blank or absent, with the share of the template's cells read. Arithmetic: the share of
-- the report's own rules that hold. Copying: the share of its sentences that repeat the
-- issuer's previous report (and of its problems-and-improvements part), one of them, the
-- other provinces it names, and other issuers' reports of the year that share most of its
-- sentences. The score is the mean of the components known, with the weights below.
with reports as (
    select *
    from dim_report
    where is_current and parse_status <> 'failed'
),

weights as (
    -- the one place the score's weights are set
    select 0.25 as timeliness, 0.25 as completeness, 0.25 as arithmetic, 0.25 as originality
),

due as (
    select
        reports.report_id,
        case when reports.report_year >= 2019 then '2019' else '2008' end as regulation,
        make_date(reports.report_year + 1, deadlines.due_month, deadlines.due_day) as due_on,
        deadlines.article as deadline_article
    from reports
    left join stg_deadlines as deadlines
        on deadlines.regulation = case when reports.report_year >= 2019 then '2019' else '2008' end
        and deadlines.scope = coalesce(reports.scope, 'agency')
),

parts as (
    select
        report_id,
        count(*) as parts_required,
        count(*) filter (where found) as parts_found,
        string_agg(part, ', ' order by part) filter (where not found) as parts_missing
    from stg_parts
    group by report_id
),

tables as (
    select
        report_id,
        max(status) filter (where table_name = 'publications') as publications_table,
        max(status) filter (where table_name = 'applications') as applications_table,
        max(status) filter (where table_name = 'appeals') as appeals_table,
        sum(cells_read) / nullif(sum(cells_template), 0) as cells_share
    from stg_tables
    group by report_id
),

rules as (
    select
        report_id,
        count(*) filter (where status = 'pass') as rules_passed,
        count(*) filter (where status in ('pass', 'fail')) as rules_assessed,
        count(*) filter (where check_name = 'narrative_vs_table' and status = 'fail')
            as prose_table_disagreements
    from qa_checks
    group by report_id
),

problems_sections as (
    select parts.report_id, sections.section_no
    from stg_parts as parts
    inner join stg_sections as sections
        on sections.report_id = parts.report_id and sections.heading = parts.heading
    where parts.part = 'problems_and_improvements'
),

copying as (
    select
        copying.report_id,
        any_value(copying.previous_report_id) as previous_report_id,
        any_value(copying.previous_year) as previous_year,
        sum(copying.sentences) as sentences,
        sum(copying.repeated) as repeated_sentences,
        sum(copying.repeated) filter (where problems.section_no is not null)
            / nullif(sum(copying.sentences) filter (where problems.section_no is not null), 0)
            as problems_repeated_share,
        arg_min(copying.example_start, copying.section_no)
            filter (where copying.example_start is not null) as example_start,
        arg_min(copying.example_end, copying.section_no)
            filter (where copying.example_start is not null) as example_end
    from int_report_copying as copying
    left join problems_sections as problems
        on problems.report_id = copying.report_id
        and problems.section_no = copying.section_no
    group by copying.report_id
),

examples as (
    select
        copying.report_id,
        substr(texts.report_text, copying.example_start + 1,
               least(copying.example_end - copying.example_start, 200)) as repeated_example
    from copying
    inner join report_texts as texts on texts.report_id = copying.report_id
    where copying.example_start is not null
),

near_duplicates as (
    select
        duplicates.report_id,
        count(*) as near_duplicates,
        -- one report for both columns, the same in every build where shares tie
        arg_max(
            {'report_id': others.report_id, 'issuer': others.issuer},
            (duplicates.shared_share, others.report_id)
        ) as most_similar,
        max(duplicates.shared_share) as most_similar_share
    from int_near_duplicates as duplicates
    inner join reports as others on others.report_id = duplicates.other_report_id
    where duplicates.shared_share >= 0.5
    group by duplicates.report_id
),

scored as (
    select
        reports.report_id,
        reports.issuer,
        reports.scope,
        reports.jurisdiction_code,
        reports.jurisdiction_name,
        reports.jurisdiction_level,
        reports.province_name,
        reports.report_year,
        reports.template,
        reports.published_on,
        reports.published_on_source,
        reports.published_on_text,
        reports.published_on_line,
        reports.published_on_passed_over,
        due.regulation,
        due.due_on,
        due.deadline_article,
        cast(reports.published_on - due.due_on as bigint) as days_late,
        reports.published_on <= due.due_on as on_time,
        parts.parts_required,
        parts.parts_found,
        parts.parts_missing,
        tables.publications_table,
        tables.applications_table,
        tables.appeals_table,
        tables.cells_share,
        reports.table_values = 'blank' as figures_in_prose_only,
        rules.rules_passed,
        rules.rules_assessed,
        rules.rules_passed / nullif(rules.rules_assessed, 0) as rules_share,
        rules.prose_table_disagreements,
        copying.previous_report_id,
        copying.previous_year,
        copying.repeated_sentences,
        copying.sentences,
        copying.repeated_sentences / nullif(copying.sentences, 0) as repeated_share,
        copying.problems_repeated_share,
        examples.repeated_example,
        reports.other_provinces,
        coalesce(near_duplicates.near_duplicates, 0) as near_duplicates,
        near_duplicates.most_similar.report_id as most_similar_report_id,
        near_duplicates.most_similar.issuer as most_similar_issuer,
        near_duplicates.most_similar_share
    from reports
    left join due on due.report_id = reports.report_id
    left join parts on parts.report_id = reports.report_id
    left join tables on tables.report_id = reports.report_id
    left join rules on rules.report_id = reports.report_id
    left join copying on copying.report_id = reports.report_id
    left join near_duplicates on near_duplicates.report_id = reports.report_id
    left join examples on examples.report_id = reports.report_id
),

components as (
    select
        scored.*,
        case when on_time is null then null when on_time then 1.0 else 0.0 end as timeliness,
        parts_found / nullif(parts_required, 0) * coalesce(cells_share, 1.0) as completeness,
        rules_share as arithmetic,
        1.0 - coalesce(repeated_share, 0.0) as originality
    from scored
),

final as (
    select
        components.*,
        (coalesce(weights.timeliness * components.timeliness, 0)
         + coalesce(weights.completeness * components.completeness, 0)
         + coalesce(weights.arithmetic * components.arithmetic, 0)
         + coalesce(weights.originality * components.originality, 0))
        / nullif(
            (case when components.timeliness is not null then weights.timeliness else 0 end)
            + (case when components.completeness is not null then weights.completeness else 0 end)
            + (case when components.arithmetic is not null then weights.arithmetic else 0 end)
            + (case when components.originality is not null then weights.originality else 0 end),
            0) as score
    from components
    cross join weights
)

select
    *,
    rank() over (
        partition by province_name, report_year, scope, jurisdiction_level order by score desc
    ) as score_rank,
    count(*) over (partition by province_name, report_year, scope, jurisdiction_level)
        as score_peers
from final
