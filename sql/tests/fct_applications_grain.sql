-- tests: fct_applications
-- scope: report
-- One figure per report, item, applicant_type and source (table or prose): a sum over
-- fct_applications_preferred counts each figure once.
select report_id, item, applicant_type, source, count(*) as rows
from fct_applications
group by report_id, item, applicant_type, source
having count(*) > 1
