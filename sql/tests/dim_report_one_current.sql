-- tests: dim_report
-- At most one current report per issuer, place and year (the versions of one report, as
-- int_report_versions groups them): the marts sum current reports only.
select issuer, jurisdiction_code, report_year, count(*) as current_reports
from dim_report
where is_current and parse_status <> 'failed' and issuer is not null
    and report_year is not null
group by issuer, jurisdiction_code, report_year
having count(*) > 1
