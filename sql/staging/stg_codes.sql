-- The code list (codes.csv): every row and column code of the templates' tables.
select
    fact,
    dimension,
    code,
    parent,
    string_split(templates, '|') as templates,
    zh_label,
    en_label,
    note
from raw.codes
