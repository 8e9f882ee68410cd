-- tests: mart_jurisdiction_year
-- scope: models
-- One row per place, issuer and year.
select jurisdiction_code, issuer, report_year, count(*) as rows
from mart_jurisdiction_year
group by jurisdiction_code, issuer, report_year
having count(*) > 1
