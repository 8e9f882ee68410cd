-- One row per ingested report file (the contract's dim_report, plus where it came from).
select
    report_id,
    source_file,
    source_sha256,
    title,
    issuer,
    scope,
    jurisdiction_name,
    jurisdiction_code,
    jurisdiction_level,
    province_name,
    prefecture_name,
    report_year,
    template,
    script,
    parse_status,
    parse_errors,
    parser_version,
    ingested_at,
    table_values,
    source_encoding,
    source_url
from stg_reports
