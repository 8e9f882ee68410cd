-- tests: codes
-- One row per code of a fact's dimension, its parent a code of the same dimension.
select codes.fact, codes.dimension, codes.code, count(*) as rows
from codes
left join codes as parents
    on parents.fact = codes.fact and parents.dimension = codes.dimension
    and parents.code = codes.parent
group by codes.fact, codes.dimension, codes.code
having count(*) > 1 or bool_or(codes.parent is not null and parents.code is null)
