-- CSC-15 Children in need per 10,000 children (per 10k, snapshot)
--   distinct children with a CIN episode or a CP plan open at Pend / pop(0-17) x 10,000
-- CSC-16 Children subject to a child protection plan per 10,000 (per 10k, snapshot)
--   distinct children with a CP plan open at Pend / pop(0-17) x 10,000
-- Open at d: start_date <= d and (end_date null or end_date > d). No age filter.
-- pop(0-17): the latest population year <= the year of Pend (the shared view population_estimate, functions/indicators/shared-views.ts).
-- YTD equals the period's own values (snapshot).
-- Grain: one row per indicator (two rows).

with cin_rows as (
    select child_id, start_date, end_date
    from cin_episodes
),

plan_rows as (
    select child_id, start_date, end_date
    from cp_plans
),

children_population as (
    select cast(sum(people) as bigint) as children
    from population_estimate
    where pop_year = :pop_year
        and age between 0 and 17
),

open_plans as (
    select distinct child_id
    from plan_rows
    where start_date <= :pend and (end_date is null or end_date > :pend)
),

open_cin as (
    select child_id
    from cin_rows
    where start_date <= :pend and (end_date is null or end_date > :pend)
    union
    select child_id
    from open_plans
),

counts as (
    select
        (select count(*) from open_cin) as children_in_need,
        (select count(*) from open_plans) as children_on_plans
),

rates as (
    select
        cast(c.children_in_need as double) as cin_children,
        cast(c.children_on_plans as double) as cp_children,
        cast(p.children as double) as children,
        p.children as population_count
    from counts as c
    cross join children_population as p
),

final as (
    select
        'CSC-15' as indicator_id,
        :period as period,
        cin_children as numerator,
        children as denominator,
        cin_children * 10000 / nullif(population_count, 0) as value,
        cin_children as ytd_numerator,
        children as ytd_denominator,
        cin_children * 10000 / nullif(population_count, 0) as ytd_value
    from rates
    union all
    select
        'CSC-16', :period,
        cp_children,
        children,
        cp_children * 10000 / nullif(population_count, 0),
        cp_children,
        children,
        cp_children * 10000 / nullif(population_count, 0)
    from rates
)

select * from final
