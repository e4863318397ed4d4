-- CSC-09 Assessments started (count, month)
--   assessments with start_date in the window
-- YTD: assessments with start_date from 1 April of FY(P) to Pend.
-- Grain: one row per indicator.

with assessment_rows as (
    select start_date
    from assessments
),

totals as (
    select
        coalesce(sum(case when start_date >= :pstart then 1 else 0 end), 0) as month_started,
        count(*) as ytd_started
    from assessment_rows
    where start_date between :fy_start and :pend
),

final as (
    select
        'CSC-09' as indicator_id,
        :period as period,
        cast(month_started as double) as numerator,
        cast(null as double) as denominator,
        cast(month_started as double) as value,
        cast(ytd_started as double) as ytd_numerator,
        cast(null as double) as ytd_denominator,
        cast(ytd_started as double) as ytd_value
    from totals
)

select * from final
