-- Every printed figure (table cell or prose phrase), keyed as in codes.csv.
select
    report_id,
    fact,
    key1,
    key2,
    cast(value as double) as value,
    unit,
    value_text,
    source,
    cast(line_no as integer) as source_line,
    decoded
from raw.figures
