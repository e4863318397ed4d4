-- HLT-04 Mental health (CAMHS) referrals assessed within 3 weeks (%, month)
--   referrals with assessment_date in the window and assessment_date - referral_date <= 21
--   / referrals with assessment_date in the window
-- YTD: the same over 1 April of FY(P) to Pend.
-- Grain: one row per indicator.

with referral_rows as (
    select referral_date, assessment_date
    from camhs_referrals
),

assessed_in_year as (
    select
        case when assessment_date >= :pstart then 1 else 0 end as in_month,
        case when date_diff('day', referral_date, assessment_date) <= 21 then 1 else 0 end as is_in_timescale
    from referral_rows
    where assessment_date between :fy_start and :pend
),

totals as (
    select
        coalesce(sum(in_month), 0) as month_assessed,
        coalesce(sum(in_month * is_in_timescale), 0) as month_in_timescale,
        count(*) as ytd_assessed,
        coalesce(sum(is_in_timescale), 0) as ytd_in_timescale
    from assessed_in_year
),

final as (
    select
        'HLT-04' as indicator_id,
        :period as period,
        cast(month_in_timescale as double) as numerator,
        cast(month_assessed as double) as denominator,
        cast(month_in_timescale as double) * 100 / nullif(month_assessed, 0) as value,
        cast(ytd_in_timescale as double) as ytd_numerator,
        cast(ytd_assessed as double) as ytd_denominator,
        cast(ytd_in_timescale as double) * 100 / nullif(ytd_assessed, 0) as ytd_value
    from totals
)

select * from final
