-- The per-report consistency rules computed by the parser (pipelines/extract/checks.py).
select
    report_id,
    check_name,
    subject,
    cast(expected as double) as expected,
    cast(actual as double) as actual,
    status,
    detail
from raw.checks
