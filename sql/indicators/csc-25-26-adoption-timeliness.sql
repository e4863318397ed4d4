-- CSC-25 Adoption: days from entering care to moving in with the adoptive family,
--   3-year average (days, rolling36)
--   sum of date_placed - date_entered_care / number of children with date_adopted in
--   the 36 months ending Pend and date_placed not null
-- CSC-26 Adoption: days from placement order to match, 3-year average (days, rolling36)
--   sum of date_matched - date_placement_order / children with date_adopted in the
--   window and both dates present
-- YTD equals the period's own values (rolling36 window).
-- Grain: one row per indicator (two rows).

with adoption_rows as (
    select date_entered_care, date_placement_order, date_matched, date_placed, date_adopted
    from adoptions
),

adopted_in_window as (
    select
        case when date_placed is not null
            then date_diff('day', date_entered_care, date_placed) end as days_to_placement,
        case when date_matched is not null and date_placement_order is not null
            then date_diff('day', date_placement_order, date_matched) end as days_to_match
    from adoption_rows
    where date_adopted between :r36_start and :pend
),

totals as (
    select
        cast(coalesce(sum(days_to_placement), 0) as bigint) as placement_days,
        count(days_to_placement) as placed_children,
        cast(coalesce(sum(days_to_match), 0) as bigint) as match_days,
        count(days_to_match) as matched_children
    from adopted_in_window
),

final as (
    select
        'CSC-25' as indicator_id,
        :period as period,
        cast(placement_days as double) as numerator,
        cast(placed_children as double) as denominator,
        cast(placement_days as double) / nullif(placed_children, 0) as value,
        cast(placement_days as double) as ytd_numerator,
        cast(placed_children as double) as ytd_denominator,
        cast(placement_days as double) / nullif(placed_children, 0) as ytd_value
    from totals
    union all
    select
        'CSC-26', :period,
        cast(match_days as double),
        cast(matched_children as double),
        cast(match_days as double) / nullif(matched_children, 0),
        cast(match_days as double),
        cast(matched_children as double),
        cast(match_days as double) / nullif(matched_children, 0)
    from totals
)

select * from final
