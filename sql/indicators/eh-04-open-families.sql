-- EH-04 Open early help family cases (count, snapshot)
--   distinct family_id with an episode open at Pend
--   (contact_date <= Pend, closed_date null or > Pend)
-- YTD equals the period's own values (snapshot).
-- Grain: one row per indicator.

with early_help_rows as (
    select family_id, contact_date, closed_date
    from early_help
),

open_families as (
    select count(distinct family_id) as families
    from early_help_rows
    where contact_date <= :pend
        and (closed_date is null or closed_date > :pend)
),

final as (
    select
        'EH-04' as indicator_id,
        :period as period,
        cast(families as double) as numerator,
        cast(null as double) as denominator,
        cast(families as double) as value,
        cast(families as double) as ytd_numerator,
        cast(null as double) as ytd_denominator,
        cast(families as double) as ytd_value
    from open_families
)

select * from final
