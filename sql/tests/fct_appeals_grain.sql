-- tests: fct_appeals
-- scope: report
-- One figure per report, proceeding, result and source (table or prose): a sum over
-- fct_appeals_preferred counts each figure once.
select report_id, proceeding, result, source, count(*) as rows
from fct_appeals
group by report_id, proceeding, result, source
having count(*) > 1
