-- Each prose sentence of a report's sections as a hash of its normalised text (without
-- numbers, years, spaces or punctuation), with where it stands
-- (pipelines/extract/fingerprints.py).
select
    report_id,
    cast(section_no as integer) as section_no,
    sentence_hash,
    cast(line_no as integer) as source_line,
    start_offset,
    end_offset
from raw.sentences
