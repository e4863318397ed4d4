-- CSC-04 Referrals per 10,000 children, rolling 12 months (per 10k, rolling12)
--   referrals with referral_at (UK local date) in the 12 months ending Pend
--   / pop(0-17) x 10,000
-- CSC-13 Section 47 enquiries per 10,000 children, rolling 12 months (per 10k, rolling12)
--   S47 enquiries with start_date in the 12 months ending Pend
--   / pop(0-17) x 10,000
-- pop(0-17): population aged 0-17 in the latest population year <= the year of Pend (the shared view population_estimate, functions/indicators/shared-views.ts).
-- YTD equals the period's own values (rolling12 window).
-- Grain: one row per indicator (two rows).

with referral_rows as (
    select referral_at_local_date
    from referrals
),

s47_rows as (
    select start_date
    from s47_enquiries
),

children_population as (
    select cast(sum(people) as bigint) as children
    from population_estimate
    where pop_year = :pop_year
        and age between 0 and 17
),

events_in_window as (
    select 'CSC-04' as indicator_id, count(*) as events
    from referral_rows
    where referral_at_local_date between :r12_start and :pend
    union all
    select 'CSC-13' as indicator_id, count(*) as events
    from s47_rows
    where start_date between :r12_start and :pend
),

rates as (
    select
        e.indicator_id,
        cast(e.events as double) as numerator,
        cast(p.children as double) as denominator,
        cast(e.events as double) * 10000 / nullif(p.children, 0) as value
    from events_in_window as e
    cross join children_population as p
),

final as (
    select
        indicator_id,
        :period as period,
        numerator,
        denominator,
        value,
        numerator as ytd_numerator,
        denominator as ytd_denominator,
        value as ytd_value
    from rates
)

select * from final
