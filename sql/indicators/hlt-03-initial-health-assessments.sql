-- HLT-03 Initial health assessments within 20 working days of entering care (%, month)
--   IHAs with completed_date in the window and wd(care_start, completed_date) <= 20,
--   where care_start is the start of the child's period of care open on completed_date
--   / IHAs completed in the window for which such a period of care exists
-- Period of care (the shared view lac_periods_of_care, functions/indicators/shared-views.ts):
-- episodes chain when the earlier has rec = X1 and the later's decom
-- equals the earlier's dec; it runs from the first decom to the last dec (null if
-- open). Open on d: start <= d and (end null or end >= d); of two (one ending on d,
-- one starting on d), the later-started counts.
-- YTD: the same over 1 April of FY(P) to Pend.
-- Grain: one row per indicator.

with health_rows as (
    select assessment_ref, child_id, "type" as assessment_type, completed_date
    from lac_health
),

working_days as (
    select day, working_day_number
    from calendar
),

episodes_in_periods as (
    select child_id, decom, dec, period_number
    from lac_periods_of_care
),

periods_of_care as (
    select distinct child_id, period_number, period_start, period_end
    from lac_periods_of_care
),

initial_assessments as (
    select assessment_ref, child_id, completed_date
    from health_rows
    where assessment_type = 'IHA'
        and completed_date between :fy_start and :pend
),

care_starts as (
    select i.assessment_ref, max(p.period_start) as care_start
    from initial_assessments as i
    inner join periods_of_care as p
        on p.child_id = i.child_id
        and p.period_start <= i.completed_date
        and (p.period_end is null or p.period_end >= i.completed_date)
    group by i.assessment_ref
),

assessments_in_care as (
    select
        case when i.completed_date >= :pstart then 1 else 0 end as in_month,
        case when cc.working_day_number - cs.working_day_number <= 20 then 1 else 0 end as is_in_timescale
    from initial_assessments as i
    inner join care_starts as s on s.assessment_ref = i.assessment_ref
    left join working_days as cs on cs.day = s.care_start
    left join working_days as cc on cc.day = i.completed_date
),

totals as (
    select
        coalesce(sum(in_month), 0) as month_assessments,
        coalesce(sum(in_month * is_in_timescale), 0) as month_in_timescale,
        count(*) as ytd_assessments,
        coalesce(sum(is_in_timescale), 0) as ytd_in_timescale
    from assessments_in_care
),

final as (
    select
        'HLT-03' as indicator_id,
        :period as period,
        cast(month_in_timescale as double) as numerator,
        cast(month_assessments as double) as denominator,
        cast(month_in_timescale as double) * 100 / nullif(month_assessments, 0) as value,
        cast(ytd_in_timescale as double) as ytd_numerator,
        cast(ytd_assessments as double) as ytd_denominator,
        cast(ytd_in_timescale as double) * 100 / nullif(ytd_assessments, 0) as ytd_value
    from totals
)

select * from final
