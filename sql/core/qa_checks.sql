-- One row per consistency rule per report (per applicant column or proceeding where the
-- rule applies): the parser's per-report rules, the cross-year rules, and the rules that
-- name duplicate files, superseded versions and figures shared by two issuers (status
-- `flag`).
with unioned as (
    select report_id, check_name, subject, expected, actual, status, detail from stg_checks
    union all
    select report_id, check_name, subject, expected, actual, status, detail
    from int_cross_year_checks
    union all
    select report_id, check_name, subject, expected, actual, status, detail
    from int_version_checks
)

select * from unioned
