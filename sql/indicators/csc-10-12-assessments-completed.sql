-- CSC-10 Assessments completed within 45 working days (%, month)
--   assessments with completed_date in the window and wd(start_date, completed_date) <= 45
--   / assessments completed in the window
-- CSC-12 Completed assessments ending in no further action (%, month)
--   completed in the window with outcome = NFA / completed in the window
-- wd(a, b): working days d with a < d <= b, from the calendar table.
-- YTD: the same over 1 April of FY(P) to Pend.
-- Grain: one row per indicator (two rows).

with assessment_rows as (
    select start_date, completed_date, outcome
    from assessments
),

working_days as (
    select day, working_day_number
    from calendar
),

completed_in_year as (
    select
        case when a.completed_date >= :pstart then 1 else 0 end as in_month,
        case when cc.working_day_number - cs.working_day_number <= 45 then 1 else 0 end as is_in_timescale,
        case when a.outcome = 'NFA' then 1 else 0 end as is_nfa
    from assessment_rows as a
    left join working_days as cs on cs.day = a.start_date
    left join working_days as cc on cc.day = a.completed_date
    where a.completed_date between :fy_start and :pend
),

totals as (
    select
        coalesce(sum(in_month), 0) as month_completed,
        coalesce(sum(in_month * is_in_timescale), 0) as month_in_timescale,
        coalesce(sum(in_month * is_nfa), 0) as month_nfa,
        count(*) as ytd_completed,
        coalesce(sum(is_in_timescale), 0) as ytd_in_timescale,
        coalesce(sum(is_nfa), 0) as ytd_nfa
    from completed_in_year
),

final as (
    select
        'CSC-10' as indicator_id,
        :period as period,
        cast(month_in_timescale as double) as numerator,
        cast(month_completed as double) as denominator,
        cast(month_in_timescale as double) * 100 / nullif(month_completed, 0) as value,
        cast(ytd_in_timescale as double) as ytd_numerator,
        cast(ytd_completed as double) as ytd_denominator,
        cast(ytd_in_timescale as double) * 100 / nullif(ytd_completed, 0) as ytd_value
    from totals
    union all
    select
        'CSC-12', :period,
        cast(month_nfa as double),
        cast(month_completed as double),
        cast(month_nfa as double) * 100 / nullif(month_completed, 0),
        cast(ytd_nfa as double),
        cast(ytd_completed as double),
        cast(ytd_nfa as double) * 100 / nullif(ytd_completed, 0)
    from totals
)

select * from final
