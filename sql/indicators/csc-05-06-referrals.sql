-- CSC-05 Referrals progressing to assessment (%, month)
--   referrals in the window for which an assessment with that referral_id exists
--   (with any start date) / referrals in the window
-- CSC-06 Referral decisions within 48 hours (%, month)
--   referrals in the window with decision_at not null and
--   decision_at - referral_at <= 48 hours (exact elapsed time, UTC) / referrals in the window
-- A referral is in a window when its UK local date (referral_at_local_date) is.
-- YTD: the same over 1 April of FY(P) to Pend.
-- Grain: one row per indicator (two rows).

with referral_rows as (
    select referral_id, referral_at, referral_at_local_date, decision_at
    from referrals
),

assessment_rows as (
    select referral_id
    from assessments
),

assessed_referrals as (
    select distinct referral_id
    from assessment_rows
    where referral_id is not null
),

referrals_in_year as (
    select
        case when r.referral_at_local_date >= :pstart then 1 else 0 end as in_month,
        case when a.referral_id is not null then 1 else 0 end as is_assessed,
        case
            when r.decision_at is not null and r.decision_at <= r.referral_at + interval '48' hour then 1
            else 0
        end as is_decided_in_48h
    from referral_rows as r
    left join assessed_referrals as a on a.referral_id = r.referral_id
    where r.referral_at_local_date between :fy_start and :pend
),

totals as (
    select
        coalesce(sum(in_month), 0) as month_referrals,
        coalesce(sum(in_month * is_assessed), 0) as month_assessed,
        coalesce(sum(in_month * is_decided_in_48h), 0) as month_decided,
        count(*) as ytd_referrals,
        coalesce(sum(is_assessed), 0) as ytd_assessed,
        coalesce(sum(is_decided_in_48h), 0) as ytd_decided
    from referrals_in_year
),

final as (
    select
        'CSC-05' as indicator_id,
        :period as period,
        cast(month_assessed as double) as numerator,
        cast(month_referrals as double) as denominator,
        cast(month_assessed as double) * 100 / nullif(month_referrals, 0) as value,
        cast(ytd_assessed as double) as ytd_numerator,
        cast(ytd_referrals as double) as ytd_denominator,
        cast(ytd_assessed as double) * 100 / nullif(ytd_referrals, 0) as ytd_value
    from totals
    union all
    select
        'CSC-06', :period,
        cast(month_decided as double),
        cast(month_referrals as double),
        cast(month_decided as double) * 100 / nullif(month_referrals, 0),
        cast(ytd_decided as double),
        cast(ytd_referrals as double),
        cast(ytd_decided as double) * 100 / nullif(ytd_referrals, 0)
    from totals
)

select * from final
