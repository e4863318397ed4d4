-- CSC-11 Open assessments past 45 working days (count, snapshot)
--   assessments open at Pend (start_date <= Pend, completed_date null or > Pend)
--   with wd(start_date, Pend) > 45
-- YTD equals the period's own values (snapshot).
-- Grain: one row per indicator.

with assessment_rows as (
    select start_date, completed_date
    from assessments
),

working_days as (
    select day, working_day_number
    from calendar
),

-- A start before the calendar's first day (2010-01-01) counts from day 0: it is overdue.
open_at_pend as (
    select coalesce(cs.working_day_number, 0) as start_number
    from assessment_rows as a
    left join working_days as cs on cs.day = a.start_date
    where a.start_date <= :pend
        and (a.completed_date is null or a.completed_date > :pend)
),

overdue as (
    select count(*) as assessments
    from open_at_pend as o
    cross join working_days as p
    where p.day = :pend
        and p.working_day_number - o.start_number > 45
),

final as (
    select
        'CSC-11' as indicator_id,
        :period as period,
        cast(assessments as double) as numerator,
        cast(null as double) as denominator,
        cast(assessments as double) as value,
        cast(assessments as double) as ytd_numerator,
        cast(null as double) as ytd_denominator,
        cast(assessments as double) as ytd_value
    from overdue
)

select * from final
