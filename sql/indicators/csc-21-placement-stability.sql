-- CSC-21 Long-term placement stability (%, snapshot)
--   of the denominator, those whose current placement started >= 730 days before Pend
--   / children looked after at Pend, aged under 16 at Pend, whose current period of
--   care started >= 913 days (2 1/2 years) before Pend.
-- Period of care (the shared view lac_periods_of_care, functions/indicators/shared-views.ts):
-- episodes chain when the earlier has rec = X1 and the later's decom
-- equals the earlier's dec; a period of care is a maximal chain, starting at its first
-- episode's decom. The current one is the period of the episode open at Pend.
-- Current placement start: the decom of the latest episode of that period with
-- decom <= Pend and rne in (S, P, T, B, U) (an L episode changes only the legal
-- status); the period's start if there is none.
-- Age at Pend: whole years from the date of birth in `children`; a child without a
-- `children` row has no known age and is not counted.
-- YTD equals the period's own values (snapshot).
-- Grain: one row per indicator.

with child_rows as (
    select child_id, date_of_birth
    from children
),

episodes_in_periods as (
    select child_id, decom, dec, rne, period_number
    from lac_periods_of_care
),

periods_of_care as (
    select distinct child_id, period_number, period_start
    from lac_periods_of_care
),

current_episodes as (
    select child_id, period_number
    from episodes_in_periods
    where decom <= :pend and (dec is null or dec > :pend)
),

placement_starts as (
    select e.child_id, e.period_number, max(e.decom) as placement_start
    from episodes_in_periods as e
    where e.decom <= :pend and e.rne in ('S', 'P', 'T', 'B', 'U')
    group by e.child_id, e.period_number
),

children_in_scope as (
    select
        c.child_id,
        p.period_start,
        coalesce(s.placement_start, p.period_start) as placement_start,
        year(:pend) - year(k.date_of_birth)
            - case
                when month(:pend) < month(k.date_of_birth)
                    or (month(:pend) = month(k.date_of_birth) and day(:pend) < day(k.date_of_birth)) then 1
                else 0
            end as age_at_pend
    from current_episodes as c
    inner join periods_of_care as p
        on p.child_id = c.child_id and p.period_number = c.period_number
    left join placement_starts as s
        on s.child_id = c.child_id and s.period_number = c.period_number
    inner join child_rows as k on k.child_id = c.child_id
),

long_term as (
    select placement_start
    from children_in_scope
    where age_at_pend < 16
        and date_diff('day', period_start, :pend) >= 913
),

counts as (
    select
        count(*) as long_term_children,
        coalesce(sum(case when date_diff('day', placement_start, :pend) >= 730 then 1 else 0 end), 0) as stable
    from long_term
),

final as (
    select
        'CSC-21' as indicator_id,
        :period as period,
        cast(stable as double) as numerator,
        cast(long_term_children as double) as denominator,
        cast(stable as double) * 100 / nullif(long_term_children, 0) as value,
        cast(stable as double) as ytd_numerator,
        cast(long_term_children as double) as ytd_denominator,
        cast(stable as double) * 100 / nullif(long_term_children, 0) as ytd_value
    from counts
)

select * from final
