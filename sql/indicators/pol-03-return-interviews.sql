-- POL-03 Return interviews completed within 72 hours (%, month)
--   episodes with returned_at in the window that have a return interview
--   (episode_ref match) with 0 <= completed_at - returned_at <= 72 hours
--   / episodes with returned_at in the window
-- returned_at is in a window when its UK local date is; the 72 hours are exact
-- elapsed time between the UTC timestamps. An episode counts once however many
-- interviews it has.
-- YTD: the same over 1 April of FY(P) to Pend.
-- Grain: one row per indicator.

with episode_rows as (
    select episode_ref, returned_at, returned_at_local_date
    from missing_episodes
),

interview_rows as (
    select episode_ref, completed_at
    from return_interviews
),

returns_in_year as (
    select episode_ref, returned_at, returned_at_local_date
    from episode_rows
    where returned_at_local_date between :fy_start and :pend
),

timely_interviews as (
    select distinct r.episode_ref
    from returns_in_year as r
    inner join interview_rows as i
        on i.episode_ref = r.episode_ref
        and i.completed_at >= r.returned_at
        and i.completed_at <= r.returned_at + interval '72' hour
),

flagged as (
    select
        case when r.returned_at_local_date >= :pstart then 1 else 0 end as in_month,
        case when t.episode_ref is not null then 1 else 0 end as is_timely
    from returns_in_year as r
    left join timely_interviews as t on t.episode_ref = r.episode_ref
),

totals as (
    select
        coalesce(sum(in_month), 0) as month_returns,
        coalesce(sum(in_month * is_timely), 0) as month_timely,
        count(*) as ytd_returns,
        coalesce(sum(is_timely), 0) as ytd_timely
    from flagged
),

final as (
    select
        'POL-03' as indicator_id,
        :period as period,
        cast(month_timely as double) as numerator,
        cast(month_returns as double) as denominator,
        cast(month_timely as double) * 100 / nullif(month_returns, 0) as value,
        cast(ytd_timely as double) as ytd_numerator,
        cast(ytd_returns as double) as ytd_denominator,
        cast(ytd_timely as double) * 100 / nullif(ytd_returns, 0) as ytd_value
    from totals
)

select * from final
