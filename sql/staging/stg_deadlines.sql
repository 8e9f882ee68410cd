-- When a report is due, by regulation and scope, with the article that says so
-- (pipelines/extract/deadlines.csv).
select
    regulation,
    scope,
    cast(month as integer) as due_month,
    cast(day as integer) as due_day,
    article
from raw.deadlines
