-- tests: dim_report
-- scope: report
-- One row per report_id: two files of one report are one report (issue of two identical
-- files, each with a sidecar, once gave two rows).
select report_id, count(*) as rows
from dim_report
group by report_id
having count(*) > 1
