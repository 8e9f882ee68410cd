-- 表二/三/四 of each report on the 2019 or 2021 template: printed with values (filled),
-- printed with every cell blank, or absent, with the cells read of the template's.
select
    report_id,
    table_name,
    status,
    cast(cells_read as integer) as cells_read,
    cast(cells_template as integer) as cells_template
from raw.tables
