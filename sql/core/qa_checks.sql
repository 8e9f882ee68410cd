-- One row per consistency rule per report (per applicant column or proceeding where the
-- rule applies): the parser's per-report rules and the cross-year rules.
with unioned as (
    select report_id, check_name, subject, expected, actual, status, detail from stg_checks
    union all
    select report_id, check_name, subject, expected, actual, status, detail
    from int_cross_year_checks
)

select * from unioned
