-- fct_applications with one row per current report and key: the figure to use (a table cell,
-- else the same figure stated in prose) of the current version of each issuer and year.
-- sum(value) over one key adds each report once; to add up different codes, keep
-- is_subtotal = false (a total already holds its parts).
select *
from fct_applications
where is_preferred
    and report_id in (select report_id from dim_report where is_current)
