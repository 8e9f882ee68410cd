-- fct_fees with one row per current report and key: the figure to use (a table cell, else
-- the same figure stated in prose) of the current version of each issuer and year.
-- sum(amount_yuan) adds each report once.
select *
from fct_fees
where is_preferred
    and report_id in (select report_id from dim_report where is_current)
