-- tests: fct_appeals
-- scope: report
-- Every proceeding and result is a code of the code list, and no key is NULL.
select facts.report_id, facts.proceeding, facts.result, facts.source
from fct_appeals as facts
left join codes as first_codes
    on first_codes.fact = 'appeals' and first_codes.dimension = 'proceeding'
    and first_codes.code = facts.proceeding
left join codes as second_codes
    on second_codes.fact = 'appeals' and second_codes.dimension = 'result'
    and second_codes.code = facts.result
where facts.report_id is null
    or facts.source is null
    or facts.source not in ('table', 'narrative')
    or first_codes.code is null
    or second_codes.code is null
