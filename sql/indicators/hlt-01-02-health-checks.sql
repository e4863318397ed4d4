-- HLT-01 Children looked after 12 months+ with a health assessment in the last 12 months (%, snapshot)
--   of the denominator, children with an assessment (IHA or RHA) completed_date in the
--   12 months ending Pend / children looked after at Pend whose current period of care
--   started >= 365 days before Pend
-- HLT-02 Children looked after 12 months+ with a dental check in the last 12 months (%, snapshot)
--   same denominator; a dental_check_date in the 12 months ending Pend on any accepted
--   lac_health row, whichever month's file carried it
-- Period of care (the shared view lac_periods_of_care, functions/indicators/shared-views.ts):
-- episodes chain when the earlier has rec = X1 and the later's decom
-- equals the earlier's dec; the current one is the period of the episode open at Pend.
-- YTD equals the period's own values (snapshot).
-- Grain: one row per indicator (two rows).

with health_rows as (
    select child_id, completed_date, dental_check_date
    from lac_health
),

episodes_in_periods as (
    select child_id, decom, dec, period_number
    from lac_periods_of_care
),

periods_of_care as (
    select distinct child_id, period_number, period_start
    from lac_periods_of_care
),

looked_after_a_year as (
    select distinct e.child_id
    from episodes_in_periods as e
    inner join periods_of_care as p
        on p.child_id = e.child_id and p.period_number = e.period_number
    where e.decom <= :pend and (e.dec is null or e.dec > :pend)
        and date_diff('day', p.period_start, :pend) >= 365
),

assessed as (
    select distinct child_id
    from health_rows
    where completed_date between :r12_start and :pend
),

dental_checked as (
    select distinct child_id
    from health_rows
    where dental_check_date between :r12_start and :pend
),

counts as (
    select
        count(*) as children,
        coalesce(sum(case when a.child_id is not null then 1 else 0 end), 0) as with_assessment,
        coalesce(sum(case when d.child_id is not null then 1 else 0 end), 0) as with_dental_check
    from looked_after_a_year as l
    left join assessed as a on a.child_id = l.child_id
    left join dental_checked as d on d.child_id = l.child_id
),

final as (
    select
        'HLT-01' as indicator_id,
        :period as period,
        cast(with_assessment as double) as numerator,
        cast(children as double) as denominator,
        cast(with_assessment as double) * 100 / nullif(children, 0) as value,
        cast(with_assessment as double) as ytd_numerator,
        cast(children as double) as ytd_denominator,
        cast(with_assessment as double) * 100 / nullif(children, 0) as ytd_value
    from counts
    union all
    select
        'HLT-02', :period,
        cast(with_dental_check as double),
        cast(children as double),
        cast(with_dental_check as double) * 100 / nullif(children, 0),
        cast(with_dental_check as double),
        cast(children as double),
        cast(with_dental_check as double) * 100 / nullif(children, 0)
    from counts
)

select * from final
