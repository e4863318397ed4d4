-- CSC-23 Care leavers aged 19-21 in education, employment or training (%, snapshot)
--   care leavers aged 19-21 at Pend, in_touch <> DIED, with activity in
--   (F1, P1, F2, P2, F4, P4, F5, P5) / care leavers aged 19-21 at Pend, in_touch <> DIED
-- CSC-24 Care leavers aged 19-21 in suitable accommodation (%, snapshot)
--   of the same denominator, those whose accommodation code ends in 1 (suitable)
-- Age at Pend: whole years from the stored (first-of-month) date of birth.
-- YTD equals the period's own values (snapshot).
-- Grain: one row per indicator (two rows).

with care_leaver_rows as (
    select child_id, date_of_birth, in_touch, activity, accommodation
    from care_leavers
),

with_age as (
    select
        child_id, in_touch, activity, accommodation,
        year(:pend) - year(date_of_birth)
            - case
                when month(:pend) < month(date_of_birth)
                    or (month(:pend) = month(date_of_birth) and day(:pend) < day(date_of_birth)) then 1
                else 0
            end as age_at_pend
    from care_leaver_rows
),

in_scope as (
    select
        case when activity in ('F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5') then 1 else 0 end as is_in_eet,
        case when accommodation like '%1' then 1 else 0 end as is_suitably_housed
    from with_age
    where age_at_pend between 19 and 21
        and in_touch <> 'DIED'
),

counts as (
    select
        count(*) as care_leavers,
        coalesce(sum(is_in_eet), 0) as in_eet,
        coalesce(sum(is_suitably_housed), 0) as suitably_housed
    from in_scope
),

final as (
    select
        'CSC-23' as indicator_id,
        :period as period,
        cast(in_eet as double) as numerator,
        cast(care_leavers as double) as denominator,
        cast(in_eet as double) * 100 / nullif(care_leavers, 0) as value,
        cast(in_eet as double) as ytd_numerator,
        cast(care_leavers as double) as ytd_denominator,
        cast(in_eet as double) * 100 / nullif(care_leavers, 0) as ytd_value
    from counts
    union all
    select
        'CSC-24', :period,
        cast(suitably_housed as double),
        cast(care_leavers as double),
        cast(suitably_housed as double) * 100 / nullif(care_leavers, 0),
        cast(suitably_housed as double),
        cast(care_leavers as double),
        cast(suitably_housed as double) * 100 / nullif(care_leavers, 0)
    from counts
)

select * from final
