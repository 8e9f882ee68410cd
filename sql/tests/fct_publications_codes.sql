-- tests: fct_publications
-- scope: report
-- Every category and measure is a code of the code list, and no key is NULL.
select facts.report_id, facts.category, facts.measure, facts.source
from fct_publications as facts
left join codes as first_codes
    on first_codes.fact = 'publications' and first_codes.dimension = 'category'
    and first_codes.code = facts.category
left join codes as second_codes
    on second_codes.fact = 'publications' and second_codes.dimension = 'measure'
    and second_codes.code = facts.measure
where facts.report_id is null
    or facts.source is null
    or facts.source not in ('table', 'narrative')
    or first_codes.code is null
    or second_codes.code is null
