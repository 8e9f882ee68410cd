-- tests: mart_report_quality
-- scope: models
-- One row per current report, and only current reports.
select quality.report_id, count(*) as rows
from mart_report_quality as quality
left join dim_report as reports
    on reports.report_id = quality.report_id and reports.is_current
group by quality.report_id
having count(*) > 1 or bool_or(reports.report_id is null)
