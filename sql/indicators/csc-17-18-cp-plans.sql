-- CSC-17 Child protection plans that are repeat plans within 2 years (%, month)
--   plans starting in the window where the same child has an earlier plan with
--   0 <= start_date - earlier.end_date <= 730 days / plans starting in the window
-- CSC-18 Child protection plans ended that lasted 2 years or more (%, month)
--   plans with end_date in the window and end_date - start_date >= 730 days
--   / plans ended in the window
-- YTD: the same over 1 April of FY(P) to Pend.
-- Grain: one row per indicator (two rows).

with plan_rows as (
    select plan_id, child_id, start_date, end_date
    from cp_plans
),

repeat_plans as (
    select distinct p.plan_id
    from plan_rows as p
    inner join plan_rows as earlier
        on earlier.child_id = p.child_id
        and earlier.plan_id <> p.plan_id
        and earlier.end_date is not null
        and date_diff('day', earlier.end_date, p.start_date) between 0 and 730
    where p.start_date between :fy_start and :pend
),

starts as (
    select
        case when p.start_date >= :pstart then 1 else 0 end as in_month,
        case when r.plan_id is not null then 1 else 0 end as is_repeat
    from plan_rows as p
    left join repeat_plans as r on r.plan_id = p.plan_id
    where p.start_date between :fy_start and :pend
),

endings as (
    select
        case when end_date >= :pstart then 1 else 0 end as in_month,
        case when date_diff('day', start_date, end_date) >= 730 then 1 else 0 end as is_long
    from plan_rows
    where end_date between :fy_start and :pend
),

start_totals as (
    select
        coalesce(sum(in_month), 0) as month_plans,
        coalesce(sum(in_month * is_repeat), 0) as month_repeat,
        count(*) as ytd_plans,
        coalesce(sum(is_repeat), 0) as ytd_repeat
    from starts
),

end_totals as (
    select
        coalesce(sum(in_month), 0) as month_ended,
        coalesce(sum(in_month * is_long), 0) as month_long,
        count(*) as ytd_ended,
        coalesce(sum(is_long), 0) as ytd_long
    from endings
),

final as (
    select
        'CSC-17' as indicator_id,
        :period as period,
        cast(month_repeat as double) as numerator,
        cast(month_plans as double) as denominator,
        cast(month_repeat as double) * 100 / nullif(month_plans, 0) as value,
        cast(ytd_repeat as double) as ytd_numerator,
        cast(ytd_plans as double) as ytd_denominator,
        cast(ytd_repeat as double) * 100 / nullif(ytd_plans, 0) as ytd_value
    from start_totals
    union all
    select
        'CSC-18', :period,
        cast(month_long as double),
        cast(month_ended as double),
        cast(month_long as double) * 100 / nullif(month_ended, 0),
        cast(ytd_long as double),
        cast(ytd_ended as double),
        cast(ytd_long as double) * 100 / nullif(ytd_ended, 0)
    from end_totals
)

select * from final
