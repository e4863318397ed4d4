-- HLT-05 Obesity prevalence, Reception (%, ay)
--   measurements with school_year = R, measured_date in the window and bmi_category in
--   (OBESE, SEVERELY_OBESE) / measurements with school_year = R in the window
-- HLT-06 Obesity prevalence, Year 6 (%, ay): as HLT-05 for school_year = 6
-- Window: 1 September of AY(P) to Pend; YTD equals the period's own values.
-- Grain: one row per indicator (two rows).

with measurement_rows as (
    select school_year, measured_date, bmi_category
    from child_measurements
),

measured_in_year as (
    select
        school_year,
        case when bmi_category in ('OBESE', 'SEVERELY_OBESE') then 1 else 0 end as is_obese
    from measurement_rows
    where measured_date between :ay_start and :pend
),

by_year_group as (
    select
        coalesce(sum(case when school_year = 'R' then 1 else 0 end), 0) as reception,
        coalesce(sum(case when school_year = 'R' then is_obese else 0 end), 0) as reception_obese,
        coalesce(sum(case when school_year = '6' then 1 else 0 end), 0) as year_6,
        coalesce(sum(case when school_year = '6' then is_obese else 0 end), 0) as year_6_obese
    from measured_in_year
),

final as (
    select
        'HLT-05' as indicator_id,
        :period as period,
        cast(reception_obese as double) as numerator,
        cast(reception as double) as denominator,
        cast(reception_obese as double) * 100 / nullif(reception, 0) as value,
        cast(reception_obese as double) as ytd_numerator,
        cast(reception as double) as ytd_denominator,
        cast(reception_obese as double) * 100 / nullif(reception, 0) as ytd_value
    from by_year_group
    union all
    select
        'HLT-06', :period,
        cast(year_6_obese as double),
        cast(year_6 as double),
        cast(year_6_obese as double) * 100 / nullif(year_6, 0),
        cast(year_6_obese as double),
        cast(year_6 as double),
        cast(year_6_obese as double) * 100 / nullif(year_6, 0)
    from by_year_group
)

select * from final
