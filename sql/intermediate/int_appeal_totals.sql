-- One row per report: reviews and lawsuits with their corrected counts. Lawsuits are the
-- printed total when stated, else direct + after-review suits.
with printed as (
    select
        report_id,
        key1 as proceeding,
        key2 as result,
        value,
        row_number() over (
            partition by report_id, key1, key2
            order by case source when 'table' then 0 else 1 end
        ) as preference
    from stg_figures
    where fact = 'appeals' and value is not null
),

best as (
    select report_id, proceeding, result, value
    from printed
    where preference = 1
),

pivoted as (
    select
        report_id,
        max(value) filter (where proceeding = 'administrative_review' and result = 'total') as reviews,
        max(value) filter (where proceeding = 'administrative_review' and result = 'corrected')
            as reviews_corrected,
        max(value) filter (where proceeding = 'litigation_total' and result = 'total') as lawsuits_stated,
        max(value) filter (where proceeding = 'litigation_total' and result = 'corrected')
            as lawsuits_corrected_stated,
        max(value) filter (where proceeding = 'litigation_direct' and result = 'total') as direct_suits,
        max(value) filter (where proceeding = 'litigation_after_review' and result = 'total')
            as suits_after_review,
        max(value) filter (where proceeding = 'litigation_direct' and result = 'corrected')
            as direct_suits_corrected,
        max(value) filter (where proceeding = 'litigation_after_review' and result = 'corrected')
            as suits_after_review_corrected
    from best
    group by report_id
),

final as (
    select
        report_id,
        cast(reviews as bigint) as reviews,
        cast(reviews_corrected as bigint) as reviews_corrected,
        cast(coalesce(lawsuits_stated, direct_suits + suits_after_review) as bigint) as lawsuits,
        cast(coalesce(lawsuits_corrected_stated,
                      direct_suits_corrected + suits_after_review_corrected) as bigint)
            as lawsuits_corrected
    from pivoted
)

select * from final
