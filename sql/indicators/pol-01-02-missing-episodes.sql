-- POL-01 Children reported missing (count, month)
--   distinct people (by person_ref) with an episode reported_at in the window
-- POL-02 Missing episodes (count, month)
--   episodes with reported_at in the window
-- An episode is in a window when its UK local date (reported_at_local_date) is.
-- YTD: the same over 1 April of FY(P) to Pend; POL-01's YTD counts each person once.
-- Grain: one row per indicator (two rows).

with episode_rows as (
    select person_ref, reported_at_local_date
    from missing_episodes
),

episodes_in_year as (
    select person_ref, reported_at_local_date
    from episode_rows
    where reported_at_local_date between :fy_start and :pend
),

totals as (
    select
        count(distinct case when reported_at_local_date >= :pstart then person_ref end) as month_people,
        coalesce(sum(case when reported_at_local_date >= :pstart then 1 else 0 end), 0) as month_episodes,
        count(distinct person_ref) as ytd_people,
        count(*) as ytd_episodes
    from episodes_in_year
),

final as (
    select
        'POL-01' as indicator_id,
        :period as period,
        cast(month_people as double) as numerator,
        cast(null as double) as denominator,
        cast(month_people as double) as value,
        cast(ytd_people as double) as ytd_numerator,
        cast(null as double) as ytd_denominator,
        cast(ytd_people as double) as ytd_value
    from totals
    union all
    select
        'POL-02', :period,
        cast(month_episodes as double),
        cast(null as double),
        cast(month_episodes as double),
        cast(ytd_episodes as double),
        cast(null as double),
        cast(ytd_episodes as double)
    from totals
)

select * from final
