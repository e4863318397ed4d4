-- CSC-14 Initial child protection conferences within 15 working days (%, month)
--   S47 enquiries with icpc_date in the window and wd(strategy_date, icpc_date) <= 15
--   / S47 enquiries with icpc_date in the window
-- YTD: the same over 1 April of FY(P) to Pend.
-- Grain: one row per indicator.

with s47_rows as (
    select strategy_date, icpc_date
    from s47_enquiries
),

working_days as (
    select day, working_day_number
    from calendar
),

conferences_in_year as (
    select
        case when s.icpc_date >= :pstart then 1 else 0 end as in_month,
        case when ci.working_day_number - cs.working_day_number <= 15 then 1 else 0 end as is_in_timescale
    from s47_rows as s
    left join working_days as cs on cs.day = s.strategy_date
    left join working_days as ci on ci.day = s.icpc_date
    where s.icpc_date between :fy_start and :pend
),

totals as (
    select
        coalesce(sum(in_month), 0) as month_conferences,
        coalesce(sum(in_month * is_in_timescale), 0) as month_in_timescale,
        count(*) as ytd_conferences,
        coalesce(sum(is_in_timescale), 0) as ytd_in_timescale
    from conferences_in_year
),

final as (
    select
        'CSC-14' as indicator_id,
        :period as period,
        cast(month_in_timescale as double) as numerator,
        cast(month_conferences as double) as denominator,
        cast(month_in_timescale as double) * 100 / nullif(month_conferences, 0) as value,
        cast(ytd_in_timescale as double) as ytd_numerator,
        cast(ytd_conferences as double) as ytd_denominator,
        cast(ytd_in_timescale as double) * 100 / nullif(ytd_conferences, 0) as ytd_value
    from totals
)

select * from final
