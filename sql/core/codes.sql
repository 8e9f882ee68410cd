-- The code of every row and column of the templates' tables (codes.csv), with its parent
-- (the code it adds up to) and the templates that print it.
select
    fact,
    dimension,
    code,
    parent,
    templates,
    zh_label,
    en_label,
    note
from stg_codes
