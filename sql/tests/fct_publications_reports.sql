-- tests: fct_publications
-- Every figure belongs to a report of dim_report.
select facts.report_id, count(*) as figures
from fct_publications as facts
anti join dim_report as reports on reports.report_id = facts.report_id
group by facts.report_id
