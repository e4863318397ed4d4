-- YJ-01 First-time entrants to the youth justice system per 100,000 aged 10-17,
--   rolling 12 months (per 100k, rolling12)
--   distinct people with an outcome in the 12 months ending Pend where
--   first_time_entrant is true and aged 10-17 on outcome_date / pop(10-17) x 100,000
-- Age on a date: whole years from the stored (first-of-month) date of birth.
-- pop(10-17): the latest population year <= the year of Pend (the shared view population_estimate, functions/indicators/shared-views.ts).
-- YTD equals the period's own values (rolling12 window).
-- Grain: one row per indicator.

with outcome_rows as (
    select person_ref, date_of_birth, outcome_date, first_time_entrant
    from youth_justice_outcomes
),

young_population as (
    select cast(sum(people) as bigint) as young_people
    from population_estimate
    where pop_year = :pop_year
        and age between 10 and 17
),

outcomes_with_age as (
    select
        person_ref,
        year(outcome_date) - year(date_of_birth)
            - case
                when month(outcome_date) < month(date_of_birth)
                    or (month(outcome_date) = month(date_of_birth) and day(outcome_date) < day(date_of_birth)) then 1
                else 0
            end as age_at_outcome
    from outcome_rows
    where outcome_date between :r12_start and :pend
        and first_time_entrant
),

entrants as (
    select count(distinct person_ref) as people
    from outcomes_with_age
    where age_at_outcome between 10 and 17
),

final as (
    select
        'YJ-01' as indicator_id,
        :period as period,
        cast(e.people as double) as numerator,
        cast(p.young_people as double) as denominator,
        cast(e.people as double) * 100000 / nullif(p.young_people, 0) as value,
        cast(e.people as double) as ytd_numerator,
        cast(p.young_people as double) as ytd_denominator,
        cast(e.people as double) * 100000 / nullif(p.young_people, 0) as ytd_value
    from entrants as e
    cross join young_population as p
)

select * from final
