-- One row per parsed report file, as the parser recorded it.
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
    cast(report_year as integer) as report_year,
    template,
    script,
    encoding as source_encoding,
    table_values,
    url as source_url,
    parse_status,
    parse_errors,
    parser_version,
    parsed_at as ingested_at
from raw.reports
