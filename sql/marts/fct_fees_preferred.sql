-- fct_fees with one row per report and key: the figure to use (a table cell, else the
-- same figure stated in prose). sum(amount_yuan) adds each report once.
select *
from fct_fees
where is_preferred
