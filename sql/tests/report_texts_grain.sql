-- tests: report_texts
-- scope: report
-- One text per report (mart_report_quality quotes it, one row per report).
select report_id, count(*) as rows
from report_texts
group by report_id
having count(*) > 1
