-- tests: fct_applications
-- scope: report
-- Every item and applicant_type is a code of the code list, and no key is NULL.
select facts.report_id, facts.item, facts.applicant_type, facts.source
from fct_applications as facts
left join codes as first_codes
    on first_codes.fact = 'applications' and first_codes.dimension = 'item'
    and first_codes.code = facts.item
left join codes as second_codes
    on second_codes.fact = 'applications' and second_codes.dimension = 'applicant_type'
    and second_codes.code = facts.applicant_type
where facts.report_id is null
    or facts.source is null
    or facts.source not in ('table', 'narrative')
    or first_codes.code is null
    or second_codes.code is null
