"""What every column and table of the warehouse means, said once: the build writes it into
DuckDB as COMMENT ON, Dagster shows it in each model's column schema, and `make docs`
renders docs/data_dictionary.md from the comments (pipelines/reporting/dictionary.py).

A column means the same wherever it appears, so descriptions are kept per column name;
tables and views are described by the leading comments of their sql/ files."""

from __future__ import annotations

import duckdb

from pipelines.warehouse.literals import literal

COLUMNS = {
    # report
    "report_id": "Stable id of a report: the first 16 hex digits of its file's sha256.",
    "source_file": "The report's file, relative to RAW_DIR (the first one where identical files repeat).",
    "source_sha256": "sha256 of the report file's bytes; NULL for an entry refused unread (not a regular file, unreadable).",
    "title": "The report's title as printed (or from a sidecar); NULL where none is printed.",
    "issuer": "The body that wrote the report, e.g. 昭通市人民政府办公室.",
    "scope": "`government` (the whole government of a place) or `agency` (one department or office).",
    "jurisdiction_name": "The place the report covers, simplified (e.g. 吴江区); a former name is keyed to its successor.",
    "jurisdiction_code": "Six-digit GB/T 2260 code of the place; NULL when it cannot be resolved with certainty.",
    "jurisdiction_level": "`province`, `prefecture` or `county`.",
    "province_name": "Province of the place.",
    "prefecture_name": "Prefecture of the place (the municipality itself for its districts).",
    "report_year": "The year the figures cover (not the publication year).",
    "template": "`f2021`, `f2019` or `pre2019` (see the README).",
    "script": "`simplified` or `traditional`, as the file was written.",
    "parse_status": "`ok`, `partial` (some parts could not be read: see parse_errors) or `failed`.",
    "parse_errors": "What could not be read or had to be assumed, '; '-separated; NULL when nothing.",
    "parser_version": "Version of the parser that read the report.",
    "ingested_at": "When the report file was parsed (UTC).",
    "table_values": "`filled`, `blank` (tables printed with every cell blank) or `none` (no tables).",
    "source_encoding": "The file's text encoding (utf-8, gb18030, utf-16, …).",
    "source_url": "The report's address, from a sidecar or a crawler header.",
    "published_on": "When the report was published, where it says: a sidecar's `published`, else the date its page prints under 发布时间/发布日期, else its signature's date; NULL where none is stated (or the date is outside the months a report on its year can appear in).",
    "published_on_source": "Where published_on was read: `sidecar`, `page` or `signature`.",
    "published_on_passed_over": "Dates the page prints that cannot be its publication (before the reported year ends, or years after), with their lines: why published_on can be NULL though a date is printed.",
    "published_on_text": "published_on as printed (or stated).",
    "published_on_line": "Line of report_texts.report_text that printed published_on (NULL for a sidecar's).",
    "is_current": "True for the report to use for its issuer, place and year: the latest version by published_on where every version states one, else the file whose name sorts last. The marts read current reports only.",
    "superseded_by": "Where is_current is false: the report_id of the current version that replaces this one (qa_checks says `duplicate` where their figures are equal, else `superseded`).",
    # facts
    "item": "Row of 表三 or a prose figure: a code of codes.csv (dimension item).",
    "applicant_type": "Column of 表三: a code of codes.csv (dimension applicant_type); `total` for prose.",
    "proceeding": "administrative_review, litigation_direct, litigation_after_review or litigation_total.",
    "result": "upheld, corrected, other, pending or total.",
    "category": "Row of 表二 or a prose publication count: a code of codes.csv (dimension category).",
    "measure": "Column of 表二 or `published` for prose: a code of codes.csv (dimension measure).",
    "value": "The number printed; NULL where the cell was blank, '/', illegible or not given.",
    "unit": "`count`, `10k_yuan`, `yuan`, or `as_printed`.",
    "value_text": "The cell or phrase exactly as printed (after conversion to Simplified).",
    "source": "`table` (a printed table cell) or `narrative` (stated in prose, or an old report's 统计表).",
    "source_line": "Line of report_texts.report_text where the figure was printed.",
    "decoded": "True where the cell was restored from a row printed without all its cells (glued digits, a number broken over lines, equal lines a crawler dropped) under the template's sums.",
    # unread numbers
    "printed_text": "The number as printed (line breaks inside it taken out).",
    "why": "Why no figure took it: numbers without a row label, a column the template lacks, a row printed again, or not read as a figure.",
    "in_table": "True where it was printed inside a table's region (a cell the parser could not place).",
    # codes
    "dimension": "Which key the code is: item, applicant_type, proceeding, result, category, measure or fee_type.",
    "code": "The code, as it appears in the fact tables.",
    "parent": "The code this one adds up to (a row to its group, a column to the total); NULL at the top.",
    "templates": "The templates whose tables print it (f2019, f2021, pre2019); narrative: stated in prose; derived: computed.",
    "zh_label": "The label the template prints for it.",
    "en_label": "What it counts, in English.",
    "note": "How the code is read where that needs saying.",
    "fee_type": "information_processing_fee (2019/2021 templates) or disclosure_fee (old reports).",
    "amount_yuan": "Fees charged, in yuan (万元 converted); 0 where the report says none were charged.",
    "cases": "Number of applications charged, where stated.",
    # sections and texts
    "section_no": "Number of the top-level section (一 = 1 …).",
    "heading": "The section heading as printed.",
    "body": "The section's text, Simplified.",
    "body_start": "Where the body starts in the report's text (raw.texts), in characters from 0.",
    "body_end": "Where the body ends in the report's text (exclusive).",
    "first_line": "Line of the report text holding the heading.",
    "last_line": "Last line of the section.",
    "report_text": "The report's whole normalised Simplified text; source_line counts its lines.",
    "store_part": "The store part (a batch of up to 1 000 reports parsed together) the report was read from: a filter on it reads those parts' texts only (the Parquet copies are partitioned by it).",
    # checks
    "check_name": "balance, outcome_sum, applicant_sum, appeal_sum, narrative_vs_table, coverage, carry_continuity, in_force_continuity; duplicate, superseded and shared_figures (status `flag`).",
    "subject": "What the rule was applied to: an applicant type, an item, a proceeding or a category; for duplicate and superseded the file, for shared_figures the other report's file.",
    "expected": "The printed figure the rule checks against (e.g. the printed total).",
    "actual": "The figure the rule computed from the other printed figures.",
    "status": "`pass`, `fail` (the report's own figures disagree), `not_assessable` (a figure is missing) or `flag` (duplicate, superseded, shared_figures: a finding about the files, not about the report's own figures).",
    "detail": "What was compared, or which figures were missing.",
    # headline figures
    "received_total": "Applications received including carried over (new_received + carried_over, or as stated).",
    "new_received": "Applications newly received in the year (total column).",
    "carried_over": "Applications carried over from the previous year.",
    "total_processed": "Applications answered in the year (the printed 总计 row, or as stated).",
    "carried_forward": "Applications carried forward to the next year.",
    "granted": "Applications granted in full.",
    "partially_granted": "Applications granted in part.",
    "granted_or_partially_granted": "Applications granted in full or in part.",
    "denied": "Applications refused (the 不予公开 rows, or as stated).",
    "unable": "Applications that could not be answered (the 无法提供 rows, or as stated).",
    "unable_not_held": "Of those, information the body does not hold (本机关不掌握).",
    "not_processed": "Applications not processed (the 不予处理 rows, or as stated).",
    "other": "Applications otherwise handled (the 其他处理 rows, or as stated).",
    "reviews": "Administrative reviews about disclosure.",
    "reviews_corrected": "Reviews whose result corrected the body.",
    "lawsuits": "Lawsuits about disclosure (direct and after review).",
    "lawsuits_corrected": "Lawsuits whose result corrected the body.",
    "information_published": "Government information published proactively (主动公开政府信息N条).",
    "fees_yuan": "Fees charged to applicants, in yuan.",
    "checks_failed": "How many consistency rules fail (status `fail`) for the report.",
    "report_count": "How many versions (reports of different bytes) share the jurisdiction, issuer and year; the figures are the current version's, never a sum of versions.",
    # rates and rankings
    "grant_rate": "granted_or_partially_granted / total_processed; NULL when either is missing or 0.",
    "denial_rate": "denied / total_processed; NULL when either is missing.",
    "not_held_rate": "unable_not_held / total_processed; NULL when either is missing.",
    "review_correction_rate": "reviews_corrected / reviews; NULL when either is missing.",
    "lawsuit_correction_rate": "lawsuits_corrected / lawsuits; NULL when either is missing.",
    "grant_rate_rank": "Rank of grant_rate among peers (same province, year, scope and level; 1 = highest); NULL where not ranked.",
    "peers_ranked": "How many reports were ranked among the same peers.",
    "grant_rate_percentile": "Share of ranked peers with a grant rate no higher than this one's (1 = top); NULL where not ranked.",
    "ranked": "False where the report answered fewer than 20 requests: listed, not ranked.",
    "is_preferred": "True for the figure to use of its report and key: the table cell where one was printed, else the same figure in prose (the *_preferred views keep these, of current reports).",
    "is_subtotal": "True where the row or column is a code that other codes add up to (codes.parent): leave these out when adding up different codes.",
    "new_received_change": "new_received minus the previous year's; NULL after a gap year.",
    "new_received_change_rate": "new_received_change / the previous year's new_received.",
    "total_processed_change": "total_processed minus the previous year's.",
    "grant_rate_change": "grant_rate minus the previous year's.",
    "reviews_change": "reviews minus the previous year's.",
    # the report scorecard (mart_report_quality)
    "other_provinces": "Provinces other than the issuer's that the report names in full, whose (or whose cities') daily paper it cites, or one of whose places a local outlet's title names (《今日定安》: 海南省), with their lines: the trace a copied report leaves.",
    "regulation": "The regulation the report was due under: 2019 (reports on 2019 and later) or 2008 (the 2007 regulation, in force from 2008).",
    "due_on": "The day the report was due by (deadlines.csv): a department's 31 January and a government's 31 March under the 2019 regulation, every body's 31 March under the 2007 one.",
    "deadline_article": "The article that sets the deadline.",
    "days_late": "published_on minus due_on, in days (negative: early); NULL where no publication date is known, never 0.",
    "on_time": "published_on <= due_on; NULL where no date is known.",
    "parts_required": "How many parts the report's regulation requires (report_parts.csv).",
    "parts_found": "How many of them a section heading names (a part told of only inside another part's text is not found: evaluators look for the heading).",
    "parts_missing": "The required parts no heading names, comma-separated (stg_parts has the heading of each part found).",
    "publications_table": "表二: `filled` (printed with values), `blank` (printed, every cell empty) or `absent`.",
    "applications_table": "表三: `filled`, `blank` or `absent`.",
    "appeals_table": "表四: `filled`, `blank` or `absent`.",
    "cells_share": "Cells read of the cells the template's three tables have.",
    "figures_in_prose_only": "True where the tables are printed blank and the figures only in prose: complete, less usable.",
    "rules_passed": "The report's own consistency rules that hold.",
    "rules_assessed": "Its rules that could be assessed (pass or fail).",
    "rules_share": "rules_passed / rules_assessed; NULL where none could be assessed.",
    "prose_table_disagreements": "How many figures stated in prose disagree with the table.",
    "previous_report_id": "The issuer's previous report (its latest of an earlier year) its sentences are compared with.",
    "previous_year": "The year of that report.",
    "sentences": "The report's prose sentences long enough to compare (numbers and years left out).",
    "repeated_sentences": "Of those, how many the previous report also prints.",
    "repeated_share": "repeated_sentences / sentences; NULL where there is no previous report.",
    "problems_repeated_share": "The same share for the problems-and-improvements part only (the classic finding).",
    "repeated_example": "One repeated sentence, as printed (first 200 characters).",
    "near_duplicates": "Reports of the same year by other issuers that print half or more of this report's sentences.",
    "most_similar_report_id": "The report of another issuer that shares the most of this one's sentences.",
    "most_similar_issuer": "The other issuer whose report shares the most of this one's sentences.",
    "most_similar_share": "The share of this report's sentences that report prints.",
    "timeliness": "1 on time, 0 late, NULL unknown.",
    "completeness": "parts_found / parts_required times cells_share (1 where the template has no tables).",
    "arithmetic": "rules_share.",
    "originality": "1 - repeated_share (1 where there is no previous report).",
    "score": "The weighted mean of the components known (the weights are set once, in mart_report_quality.sql).",
    "score_rank": "Rank of score among peers (same province, year, scope and level; 1 = best).",
    "score_peers": "How many reports are ranked among the same peers.",
    # staging only
    "fact": "applications, appeals, publications or fees.",
    "key1": "First key of the figure (item, proceeding, category or fee_type).",
    "key2": "Second key of the figure (applicant_type, result, measure or amount_yuan).",
    # staging only: what the parser recorded beyond the figures
    "part": "A part the report's regulation requires of it (report_parts.csv).",
    "found": "True where a section heading names the part.",
    "table_name": "表二, 表三 or 表四.",
    "cells_read": "Cells of the table read with a value.",
    "cells_template": "Cells the template's table has.",
    "sentence_hash": "Hash of a prose sentence, normalised (no numbers or years, spaces or punctuation).",
    "start_offset": "Where the sentence starts in report_texts.report_text (characters).",
    "end_offset": "Where the sentence ends in report_texts.report_text (characters).",
    "band": "Number of the MinHash band (0-7).",
    "band_hash": "Hash of the band of the report's MinHash signature of its sentences.",
    # intermediate only
    "figures_digest": "A 64-bit digest of the report's preferred figures (DuckDB's hash of each fact, keys and value, XOR-ed): equal for two files that print the same figures.",
    "nonzero_figures": "How many of the report's preferred figures are not zero.",
    "versions": "How many reports share the issuer, place and year.",
    "version_rule": "`duplicate` (figures equal to the current version's) or `superseded` (figures differ); NULL for a current report.",
    "version_detail": "Which version is current and why (publication dates, or the later file name).",
    # build
    "build_id": "The build's id: when it started (UTC) and the process that built it; its version folder's name.",
    "files": "Files of RAW_DIR the build read the reports of (refused entries included).",
    "reports": "Rows of dim_report.",
    "fingerprint": "sha256 of what this warehouse was built from (store manifest, parser, SQL).",
    "models_fingerprint": "sha256 of the parser version and the SQL of every model.",
    "incremental": "True when this build updated the previous warehouse instead of rebuilding it.",
    "reports_changed": "Reports added, changed or removed by an incremental build.",
    "built_at": "When this warehouse was built (UTC).",
}
BUILD_INFO_DESCRIPTION = "One row: what this warehouse file was built from, and when."
# The raw schema: the parsed store as the build loaded it. The incremental build updates it;
# nothing reads it but the staging views. Described here, not meant for analysis.
RAW_TABLES = {
    "files": "The store's manifest: one row per file of RAW_DIR (size, time, sha256, the report it holds, the part it was parsed into).",
    "live": "One row per report: the first file holding it by name, and its part.",
    "reports": "The parser's record of each report (what stg_reports renames and casts).",
    "figures": "Every figure the parser read (what stg_figures renames and casts).",
    "sections": "The numbered sections of every report.",
    "checks": "The parser's per-report rules.",
    "texts": "The normalised text of every report.",
    "parts": "The parts each report's regulation requires, and whether a heading names them.",
    "tables": "表二/三/四 of each report: filled, blank or absent, with the cells read.",
    "sentences": "A hash of every prose sentence of each report (numbers left out), for finding copied text.",
    "bands": "Each report's MinHash signature of its sentences, in bands: reports sharing a band share many sentences.",
    "unread_numbers": "Numbers the parser took into no figure.",
    "codes": "codes.csv as loaded, with its keywords.",
    "deadlines": "deadlines.csv as loaded: each regulation's deadline by issuer kind, with the article it comes from.",
}


def comment_statements(connection: duckdb.DuckDBPyConnection, models) -> list[str]:
    """COMMENT ON statements for every model and its columns, and the raw schema's tables
    (text from this module and the sql/ files only, never from a report)."""
    kinds = {"table": "TABLE", "view": "VIEW"}
    statements = []
    objects = [(m.schema, m.name, kinds[m.materialization], m.description) for m in models]
    objects.append(("main", "build_info", "TABLE", BUILD_INFO_DESCRIPTION))
    for schema, name, kind, description in objects:
        statements.append(f"COMMENT ON {kind} {schema}.{name} IS {literal(description)}")
        for (column,) in connection.execute(
            "select column_name from information_schema.columns where table_schema = ? "
            "and table_name = ? order by ordinal_position",
            [schema, name],
        ).fetchall():
            if column in COLUMNS:
                statements.append(
                    f"COMMENT ON COLUMN {schema}.{name}.{column} IS {literal(COLUMNS[column])}"
                )
    present = {
        row[0]
        for row in connection.execute(
            "select table_name from duckdb_tables() where schema_name = 'raw'"
        ).fetchall()
    }
    for name, description in RAW_TABLES.items():
        if name in present:
            statements.append(f"COMMENT ON TABLE raw.{name} IS {literal(description)}")
    return statements
