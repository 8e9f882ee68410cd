-- The rules that need two reports of the same issuer and place in consecutive years:
-- carry_continuity (carried_forward of y-1 = carried_over of y) and in_force_continuity
-- (in_force(y-1) + issued(y) - repealed(y) = in_force(y), per category of 表二). Only current
-- versions are compared (a superseded version is checked against nothing).
with reports as (
    select report_id, jurisdiction_code, issuer, report_year
    from int_report_versions
    where report_year is not null and issuer is not null and parse_status <> 'failed'
        and is_current
),

consecutive as (
    select
        current_year.report_id,
        previous_year.report_id as previous_report_id,
        current_year.report_year
    from reports as current_year
    inner join reports as previous_year
        on previous_year.issuer = current_year.issuer
        and previous_year.jurisdiction_code is not distinct from current_year.jurisdiction_code
        and previous_year.report_year = current_year.report_year - 1
),

carry as (
    select
        consecutive.report_id,
        'carry_continuity' as check_name,
        'total' as subject,
        previous_totals.carried_forward as expected,
        current_totals.carried_over as actual,
        'carried_forward of report ' || consecutive.previous_report_id
            || ' (previous year) vs carried_over of this report' as detail
    from consecutive
    left join int_application_totals as current_totals
        on current_totals.report_id = consecutive.report_id
    left join int_application_totals as previous_totals
        on previous_totals.report_id = consecutive.previous_report_id
),

publication_values as (
    select report_id, key1 as category, key2 as measure, max(value) as value
    from stg_figures
    where fact = 'publications' and source = 'table' and value is not null
        and key2 in ('issued', 'repealed', 'in_force')
    group by all
),

in_force as (
    select
        consecutive.report_id,
        'in_force_continuity' as check_name,
        categories.category as subject,
        current_in_force.value as expected,
        previous_in_force.value + issued.value - repealed.value as actual,
        'in_force of report ' || consecutive.previous_report_id
            || ' + issued - repealed vs in_force of this report' as detail
    from consecutive
    cross join (values ('regulation'), ('normative_document')) as categories (category)
    left join publication_values as current_in_force
        on current_in_force.report_id = consecutive.report_id
        and current_in_force.category = categories.category
        and current_in_force.measure = 'in_force'
    left join publication_values as previous_in_force
        on previous_in_force.report_id = consecutive.previous_report_id
        and previous_in_force.category = categories.category
        and previous_in_force.measure = 'in_force'
    left join publication_values as issued
        on issued.report_id = consecutive.report_id
        and issued.category = categories.category
        and issued.measure = 'issued'
    left join publication_values as repealed
        on repealed.report_id = consecutive.report_id
        and repealed.category = categories.category
        and repealed.measure = 'repealed'
),

unioned as (
    select * from carry
    union all
    select * from in_force
),

final as (
    select
        report_id,
        check_name,
        subject,
        expected,
        actual,
        case
            when expected is null or actual is null then 'not_assessable'
            when expected = actual then 'pass'
            else 'fail'
        end as status,
        detail
    from unioned
)

select * from final
