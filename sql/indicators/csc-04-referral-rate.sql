-- CSC-04 Referrals per 10,000 children, rolling 12 months (per 10k, rolling12)
--   referrals with referral_at (UK local date) in the 12 months ending Pend
--   / pop(0-17) x 10,000
-- pop(0-17): population aged 0-17 in the latest population year <= the year of Pend (the shared view population_estimate, functions/indicators/shared-views.ts).
-- YTD equals the period's own values (rolling12 window).
-- Grain: one row per indicator.

with referral_rows as (
    select referral_at_local_date
    from referrals
),

children_population as (
    select cast(sum(people) as bigint) as children
    from population_estimate
    where pop_year = :pop_year
        and age between 0 and 17
),

referrals_in_window as (
    select count(*) as referrals
    from referral_rows
    where referral_at_local_date between :r12_start and :pend
),

rate as (
    select
        cast(r.referrals as double) as numerator,
        cast(p.children as double) as denominator,
        cast(r.referrals as double) * 10000 / nullif(p.children, 0) as value
    from referrals_in_window as r
    cross join children_population as p
),

final as (
    select
        'CSC-04' as indicator_id,
        :period as period,
        numerator,
        denominator,
        value,
        numerator as ytd_numerator,
        denominator as ytd_denominator,
        value as ytd_value
    from rate
)

select * from final
