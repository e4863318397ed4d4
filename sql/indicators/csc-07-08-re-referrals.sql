-- CSC-07 Re-referrals within 12 months (%, month)
--   referrals in the window whose child has another referral with date(referral_at)
--   in [date - 365 days, date) of this one / referrals in the window
-- CSC-08 Re-referrals within 12 months, rolling 12 months (%, rolling12)
--   as CSC-07 over the 12 months ending Pend
-- date(x) is the UK local date. The earlier referral may fall before any window.
-- YTD: CSC-07 over 1 April of FY(P) to Pend; CSC-08's YTD equals its own values.
-- Grain: one row per indicator (two rows).

with referral_rows as (
    select referral_id, child_id, referral_at_local_date as referral_date
    from referrals
),

referrals_in_scope as (
    select referral_id, child_id, referral_date
    from referral_rows
    -- The rolling 12 months always contain the YTD window (1 April is at most 11 months back).
    where referral_date between :r12_start and :pend
),

re_referrals as (
    select distinct r.referral_id
    from referrals_in_scope as r
    inner join referral_rows as earlier
        on earlier.child_id = r.child_id
        and earlier.referral_id <> r.referral_id
        and earlier.referral_date < r.referral_date
        and earlier.referral_date >= cast(r.referral_date - interval '365' day as date)
),

flagged as (
    select
        r.referral_date,
        case when x.referral_id is not null then 1 else 0 end as is_re_referral
    from referrals_in_scope as r
    left join re_referrals as x on x.referral_id = r.referral_id
),

totals as (
    select
        sum(case when referral_date >= :pstart then 1 else 0 end) as month_referrals,
        sum(case when referral_date >= :pstart then is_re_referral else 0 end) as month_re,
        sum(case when referral_date >= :fy_start then 1 else 0 end) as ytd_referrals,
        sum(case when referral_date >= :fy_start then is_re_referral else 0 end) as ytd_re,
        sum(case when referral_date >= :r12_start then 1 else 0 end) as r12_referrals,
        sum(case when referral_date >= :r12_start then is_re_referral else 0 end) as r12_re
    from flagged
),

final as (
    select
        'CSC-07' as indicator_id,
        :period as period,
        cast(coalesce(month_re, 0) as double) as numerator,
        cast(coalesce(month_referrals, 0) as double) as denominator,
        cast(month_re as double) * 100 / nullif(month_referrals, 0) as value,
        cast(coalesce(ytd_re, 0) as double) as ytd_numerator,
        cast(coalesce(ytd_referrals, 0) as double) as ytd_denominator,
        cast(ytd_re as double) * 100 / nullif(ytd_referrals, 0) as ytd_value
    from totals
    union all
    select
        'CSC-08', :period,
        cast(coalesce(r12_re, 0) as double),
        cast(coalesce(r12_referrals, 0) as double),
        cast(r12_re as double) * 100 / nullif(r12_referrals, 0),
        cast(coalesce(r12_re, 0) as double),
        cast(coalesce(r12_referrals, 0) as double),
        cast(r12_re as double) * 100 / nullif(r12_referrals, 0)
    from totals
)

select * from final
