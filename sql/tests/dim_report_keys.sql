-- tests: dim_report
-- scope: report
-- Every report has its id, its file, a parse status of the three and a current flag.
select report_id, source_file, parse_status, is_current
from dim_report
where report_id is null
    or source_file is null
    or parse_status is null
    or parse_status not in ('ok', 'partial', 'failed')
    or is_current is null
