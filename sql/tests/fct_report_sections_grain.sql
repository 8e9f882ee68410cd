-- tests: fct_report_sections
-- scope: report
-- One row per section of a report.
select report_id, section_no, count(*) as rows
from fct_report_sections
group by report_id, section_no
having count(*) > 1
