-- tests: fct_report_sections
-- scope: report
-- Every section the parser split has its report's text: the view joins the two, so a section
-- without its text would be left out of it unseen.
select sections.report_id, sections.section_no
from staging.stg_sections as sections
semi join dim_report as reports on reports.report_id = sections.report_id
anti join report_texts as texts on texts.report_id = sections.report_id
