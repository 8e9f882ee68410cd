-- The report's numbered top-level sections, in Simplified text.
-- A view: each body is cut from the one stored copy of its report's text (raw.texts), at
-- the offsets the parser found it at, so no text is stored twice. With store_part, a filter
-- on the parts reaches the texts: only theirs are read (the night's Parquet copy).
-- materialized: view
select
    sections.report_id,
    sections.section_no,
    sections.heading,
    substring(texts.report_text, sections.body_start + 1, sections.body_end - sections.body_start)
        as body,
    sections.first_line,
    sections.last_line,
    sections.store_part
from stg_texts as texts
-- the sections on the right: where the join order is kept as written (the Parquet copy
-- keeps it), the texts stream through and only the sections are held. An inner join, so a
-- filter on store_part reaches both sides (every section has its text: a data test says so)
join stg_sections as sections
    on texts.report_id = sections.report_id and texts.store_part = sections.store_part
