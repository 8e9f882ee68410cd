-- tests: fct_fees
-- One row per report, fee type and source, the fee type a code of the code list.
select fees.report_id, fees.fee_type, fees.source, count(*) as rows
from fct_fees as fees
left join codes
    on codes.fact = 'fees' and codes.dimension = 'fee_type' and codes.code = fees.fee_type
group by fees.report_id, fees.fee_type, fees.source
having count(*) > 1 or bool_or(codes.code is null) or bool_or(fees.report_id is null)
