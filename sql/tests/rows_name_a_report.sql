-- tests: dim_report
-- scope: report
-- Every row of the fact tables, the sections, the unread numbers and the rules belongs to a
-- report of dim_report (the incremental build deletes and inserts each report's rows: none
-- may outlive its report).
with named as (
    select 'fct_applications' as model, report_id from fct_applications
    union all select 'fct_appeals', report_id from fct_appeals
    union all select 'fct_publications', report_id from fct_publications
    union all select 'fct_fees', report_id from fct_fees
    union all select 'fct_report_sections', report_id from fct_report_sections
    union all select 'unread_numbers', report_id from unread_numbers
    union all select 'qa_checks', report_id from qa_checks
)

select named.model, named.report_id, count(*) as rows
from named
anti join dim_report as reports on reports.report_id = named.report_id
group by named.model, named.report_id
