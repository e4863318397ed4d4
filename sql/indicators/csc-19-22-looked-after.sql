-- CSC-19 Children looked after per 10,000 children (per 10k, snapshot)
--   children looked after at Pend / pop(0-17) x 10,000
-- CSC-22 Children looked after in family placements (%, snapshot)
--   children looked after at Pend whose open episode has place in (U1-U6, A3-A6)
--   / children looked after at Pend
-- Looked after at d: an episode open at d (decom <= d and (dec null or dec > d)).
-- YTD equals the period's own values (snapshot).
-- Grain: one row per indicator (two rows).

with episode_rows as (
    select child_id, decom, dec, place
    from lac_episodes
),

children_population as (
    select cast(sum(people) as bigint) as children
    from population_estimate
    where pop_year = :pop_year
        and age between 0 and 17
),

looked_after as (
    select
        child_id,
        max(case when place in ('U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'A3', 'A4', 'A5', 'A6') then 1 else 0 end)
            as is_family_placement
    from episode_rows
    where decom <= :pend and (dec is null or dec > :pend)
    group by child_id
),

counts as (
    select
        count(*) as children_looked_after,
        coalesce(sum(is_family_placement), 0) as in_family_placements
    from looked_after
),

final as (
    select
        'CSC-19' as indicator_id,
        :period as period,
        cast(c.children_looked_after as double) as numerator,
        cast(p.children as double) as denominator,
        cast(c.children_looked_after as double) * 10000 / nullif(p.children, 0) as value,
        cast(c.children_looked_after as double) as ytd_numerator,
        cast(p.children as double) as ytd_denominator,
        cast(c.children_looked_after as double) * 10000 / nullif(p.children, 0) as ytd_value
    from counts as c
    cross join children_population as p
    union all
    select
        'CSC-22', :period,
        cast(in_family_placements as double),
        cast(children_looked_after as double),
        cast(in_family_placements as double) * 100 / nullif(children_looked_after, 0),
        cast(in_family_placements as double),
        cast(children_looked_after as double),
        cast(in_family_placements as double) * 100 / nullif(children_looked_after, 0)
    from counts
)

select * from final
