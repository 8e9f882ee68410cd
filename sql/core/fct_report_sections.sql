-- The report's numbered top-level sections, in Simplified text.
-- A view: each body is cut from the one stored copy of its report's text (raw.texts), at
-- the offsets the parser found it at, so no text is stored twice.
-- materialized: view
select
    sections.report_id,
    sections.section_no,
    sections.heading,
    substring(texts.report_text, sections.body_start + 1, sections.body_end - sections.body_start)
        as body,
    sections.first_line,
    sections.last_line
from stg_texts as texts
-- the sections on the right: where the join order is kept as written (the Parquet copy
-- keeps it), the texts stream through and only the sections are held
right join stg_sections as sections on texts.report_id = sections.report_id
