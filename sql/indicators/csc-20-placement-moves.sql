-- CSC-20 Children looked after with 3 or more placements in 12 months (%, snapshot)
--   children looked after at Pend whose placements in the 12 months ending Pend
--   number >= 3 / children looked after at Pend.
-- Placements in the window [Ws, Pend] (Ws = :r12_start) = episodes with decom in it and
-- rne in (S, P, T, B, U), plus 1 if the child is looked after on Ws and the episode
-- open on Ws started before Ws or has rne = L (a placement carried into the window).
-- YTD equals the period's own values (snapshot).
-- Grain: one row per indicator.

with episode_rows as (
    select child_id, decom, dec, rne
    from lac_episodes
),

looked_after as (
    select distinct child_id
    from episode_rows
    where decom <= :pend and (dec is null or dec > :pend)
),

placements_started as (
    select child_id, count(*) as placements
    from episode_rows
    where decom between :r12_start and :pend
        and rne in ('S', 'P', 'T', 'B', 'U')
    group by child_id
),

placements_carried_in as (
    select child_id, count(*) as placements
    from episode_rows
    where decom <= :r12_start
        and (dec is null or dec > :r12_start)
        and (decom < :r12_start or rne = 'L')
    group by child_id
),

placements as (
    select
        l.child_id,
        coalesce(s.placements, 0) + coalesce(c.placements, 0) as placements
    from looked_after as l
    left join placements_started as s on s.child_id = l.child_id
    left join placements_carried_in as c on c.child_id = l.child_id
),

counts as (
    select
        count(*) as children_looked_after,
        coalesce(sum(case when placements >= 3 then 1 else 0 end), 0) as with_three_or_more
    from placements
),

final as (
    select
        'CSC-20' as indicator_id,
        :period as period,
        cast(with_three_or_more as double) as numerator,
        cast(children_looked_after as double) as denominator,
        cast(with_three_or_more as double) * 100 / nullif(children_looked_after, 0) as value,
        cast(with_three_or_more as double) as ytd_numerator,
        cast(children_looked_after as double) as ytd_denominator,
        cast(with_three_or_more as double) * 100 / nullif(children_looked_after, 0) as ytd_value
    from counts
)

select * from final
