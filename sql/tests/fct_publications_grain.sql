-- tests: fct_publications
-- scope: report
-- One figure per report, category, measure and source (table or prose): a sum over
-- fct_publications_preferred counts each figure once.
select report_id, category, measure, source, count(*) as rows
from fct_publications
group by report_id, category, measure, source
having count(*) > 1
