-- tests: qa_checks
-- scope: report
-- Every finding names its report and rule and has one of the statuses the README defines.
select report_id, check_name, subject, status
from qa_checks
where report_id is null
    or check_name is null
    or status is null
    or status not in ('pass', 'fail', 'not_assessable', 'flag')
