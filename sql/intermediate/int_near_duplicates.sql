-- Pairs of reports of the same year by different issuers that share a MinHash band (the
-- candidates locality-sensitive hashing finds), with the share of the first one's sentences
-- the second also prints. A department's report copied under the government's name, or one
-- body's report reused by another, shows here. A band that more than 50 reports of a year
-- share is made of the template's own sentences, not of copying, and pairs no one: so no
-- band yields more than 50 x 49 pairs, and the candidates grow with the reports, not with
-- their square.
with reports as (
    select reports.report_id, reports.issuer, reports.report_year
    from stg_reports as reports
    inner join int_report_versions as versions on versions.report_id = reports.report_id
    where versions.is_current and reports.issuer is not null
),

all_banded as (
    select bands.report_id, bands.band, bands.band_hash, reports.issuer, reports.report_year
    from stg_bands as bands
    inner join reports on reports.report_id = bands.report_id
),

banded as (
    select *
    from all_banded
    qualify count(*) over (partition by report_year, band, band_hash) <= 50
),

candidates as (
    select distinct one.report_id, other.report_id as other_report_id
    from banded as one
    inner join banded as other
        on other.band = one.band
        and other.band_hash = one.band_hash
        and other.report_year = one.report_year
        and other.issuer <> one.issuer
),

sentence_sets as (
    select distinct report_id, sentence_hash from stg_sentences
),

shared as (
    select
        candidates.report_id,
        candidates.other_report_id,
        count(*) filter (where theirs.sentence_hash is not null) as shared_sentences,
        count(*) as sentences
    from candidates
    inner join sentence_sets as ours on ours.report_id = candidates.report_id
    left join sentence_sets as theirs
        on theirs.report_id = candidates.other_report_id
        and theirs.sentence_hash = ours.sentence_hash
    group by candidates.report_id, candidates.other_report_id
)

select
    report_id,
    other_report_id,
    shared_sentences,
    sentences,
    shared_sentences / sentences as shared_share
from shared
