-- tests: fct_fees
-- scope: report
-- One amount and one count per report, fee type and source, the fee type a code of the code
-- list. Tested on the figures fct_fees is made of: fct_fees itself groups them, so a second
-- figure of one key would be hidden there, not seen.
select figures.report_id, figures.key1 as fee_type, figures.key2 as measure, figures.source,
    count(*) as rows
from intermediate.int_report_figures as figures
left join codes
    on codes.fact = 'fees' and codes.dimension = 'fee_type' and codes.code = figures.key1
where figures.fact = 'fees'
group by figures.report_id, figures.key1, figures.key2, figures.source
having count(*) > 1 or bool_or(codes.code is null) or bool_or(figures.report_id is null)
    or bool_or(figures.key2 not in ('amount_yuan', 'cases'))
