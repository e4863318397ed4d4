-- SCH-06 Permanent exclusions (count, ay)
--   exclusions with category = PERMANENT and start_date in the window
-- Window: 1 September of AY(P) to Pend; YTD equals the period's own values.
-- The `period` filter only prunes partitions: each file's dates lie in its period.
-- Grain: one row per indicator.

with exclusion_rows as (
    select category, start_date
    from exclusions
    where period between :ay_period and :period
),

permanent as (
    select count(*) as exclusions
    from exclusion_rows
    where category = 'PERMANENT'
        and start_date between :ay_start and :pend
),

final as (
    select
        'SCH-06' as indicator_id,
        :period as period,
        cast(exclusions as double) as numerator,
        cast(null as double) as denominator,
        cast(exclusions as double) as value,
        cast(exclusions as double) as ytd_numerator,
        cast(null as double) as ytd_denominator,
        cast(exclusions as double) as ytd_value
    from permanent
)

select * from final
