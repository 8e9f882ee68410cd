-- Each report's MinHash signature of its sentences, cut into bands: reports that share a
-- band share many sentences (locality-sensitive hashing).
select
    report_id,
    cast(band as integer) as band,
    band_hash
from raw.bands
