-- One row per report (files with the same bytes are one report, named by the first of them):
-- the contract's dim_report, where it came from, and whether it is the current version of its
-- issuer and year (int_report_versions says how one is chosen; the marts read current reports
-- only, and qa_checks names every duplicate and superseded version).
select
    reports.report_id,
    reports.source_file,
    reports.source_sha256,
    reports.title,
    reports.issuer,
    reports.scope,
    reports.jurisdiction_name,
    reports.jurisdiction_code,
    reports.jurisdiction_level,
    reports.province_name,
    reports.prefecture_name,
    reports.report_year,
    reports.template,
    reports.script,
    reports.parse_status,
    reports.parse_errors,
    reports.parser_version,
    reports.ingested_at,
    reports.table_values,
    reports.source_encoding,
    reports.source_url,
    reports.published_on,
    reports.published_on_source,
    reports.published_on_text,
    reports.published_on_line,
    reports.published_on_passed_over,
    reports.other_provinces,
    versions.is_current,
    versions.superseded_by
from stg_reports as reports
inner join int_report_versions as versions on versions.report_id = reports.report_id
