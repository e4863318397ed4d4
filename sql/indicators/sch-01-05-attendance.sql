-- Session marks: attended = / \ L and approved educational activity B J P V K;
-- authorised absence = C E H I M R S T; unauthorised absence = G N O U;
-- not possible (excluded from everything) = D X Y Z #. Possible = attended + absence.
-- A school's phase comes from `establishments`; marks from schools not in it count in
-- neither phase. A pupil is the pair school x UPN.
-- SCH-01 Attendance, primary (%, ay): attended sessions / possible sessions, primary schools
-- SCH-02 Attendance, secondary (%, ay): as SCH-01, secondary schools
-- SCH-03 Persistent absence, primary (%, ay): pupils whose absence sessions >= 10 % of
--   their possible sessions / pupils with >= 1 possible session, primary schools
-- SCH-04 Persistent absence, secondary (%, ay): as SCH-03, secondary schools
-- SCH-05 Suspensions per 100 pupils (per 100, ay): suspensions with start_date in the
--   window / distinct UPNs with >= 1 possible session in the window at any school, in
--   the reference data or not, x 100
-- Window: 1 September of AY(P) to Pend; YTD equals the period's own values.
-- The `period` filters only prune partitions: each file's dates lie in its period.
-- Grain: one row per indicator (five rows).

with attendance_rows as (
    select school_urn, upn, code
    from attendance
    where period between :ay_period and :period
        and "date" between :ay_start and :pend
),

establishment_rows as (
    select school_urn, phase
    from establishments
),

exclusion_rows as (
    select category, start_date
    from exclusions
    where period between :ay_period and :period
),

pupil_sessions as (
    select
        school_urn,
        upn,
        sum(case when code in ('/', '\', 'L', 'B', 'J', 'P', 'V', 'K') then 1 else 0 end) as attended,
        sum(case when code in ('C', 'E', 'H', 'I', 'M', 'R', 'S', 'T', 'G', 'N', 'O', 'U') then 1 else 0 end)
            as absent
    from attendance_rows
    group by school_urn, upn
),

pupils as (
    select
        p.school_urn,
        p.upn,
        e.phase,
        p.attended,
        p.absent,
        p.attended + p.absent as possible
    from pupil_sessions as p
    left join establishment_rows as e on e.school_urn = p.school_urn
    where p.attended + p.absent > 0
),

by_phase as (
    select
        phase,
        sum(attended) as attended,
        sum(possible) as possible,
        count(*) as pupils,
        sum(case when absent * 10 >= possible then 1 else 0 end) as persistently_absent
    from pupils
    where phase in ('PRIMARY', 'SECONDARY')
    group by phase
),

phases as (
    select
        cast(coalesce(sum(case when phase = 'PRIMARY' then attended end), 0) as bigint) as primary_attended,
        cast(coalesce(sum(case when phase = 'PRIMARY' then possible end), 0) as bigint) as primary_possible,
        cast(coalesce(sum(case when phase = 'PRIMARY' then pupils end), 0) as bigint) as primary_pupils,
        cast(coalesce(sum(case when phase = 'PRIMARY' then persistently_absent end), 0) as bigint) as primary_pa,
        cast(coalesce(sum(case when phase = 'SECONDARY' then attended end), 0) as bigint) as secondary_attended,
        cast(coalesce(sum(case when phase = 'SECONDARY' then possible end), 0) as bigint) as secondary_possible,
        cast(coalesce(sum(case when phase = 'SECONDARY' then pupils end), 0) as bigint) as secondary_pupils,
        cast(coalesce(sum(case when phase = 'SECONDARY' then persistently_absent end), 0) as bigint) as secondary_pa
    from by_phase
),

all_pupils as (
    select count(distinct upn) as pupils
    from pupils
),

suspensions as (
    select count(*) as suspensions
    from exclusion_rows
    where category = 'SUSPENSION'
        and start_date between :ay_start and :pend
),

final as (
    select
        'SCH-01' as indicator_id,
        :period as period,
        cast(primary_attended as double) as numerator,
        cast(primary_possible as double) as denominator,
        cast(primary_attended as double) * 100 / nullif(primary_possible, 0) as value,
        cast(primary_attended as double) as ytd_numerator,
        cast(primary_possible as double) as ytd_denominator,
        cast(primary_attended as double) * 100 / nullif(primary_possible, 0) as ytd_value
    from phases
    union all
    select
        'SCH-02', :period,
        cast(secondary_attended as double),
        cast(secondary_possible as double),
        cast(secondary_attended as double) * 100 / nullif(secondary_possible, 0),
        cast(secondary_attended as double),
        cast(secondary_possible as double),
        cast(secondary_attended as double) * 100 / nullif(secondary_possible, 0)
    from phases
    union all
    select
        'SCH-03', :period,
        cast(primary_pa as double),
        cast(primary_pupils as double),
        cast(primary_pa as double) * 100 / nullif(primary_pupils, 0),
        cast(primary_pa as double),
        cast(primary_pupils as double),
        cast(primary_pa as double) * 100 / nullif(primary_pupils, 0)
    from phases
    union all
    select
        'SCH-04', :period,
        cast(secondary_pa as double),
        cast(secondary_pupils as double),
        cast(secondary_pa as double) * 100 / nullif(secondary_pupils, 0),
        cast(secondary_pa as double),
        cast(secondary_pupils as double),
        cast(secondary_pa as double) * 100 / nullif(secondary_pupils, 0)
    from phases
    union all
    select
        'SCH-05', :period,
        cast(s.suspensions as double),
        cast(a.pupils as double),
        cast(s.suspensions as double) * 100 / nullif(a.pupils, 0),
        cast(s.suspensions as double),
        cast(a.pupils as double),
        cast(s.suspensions as double) * 100 / nullif(a.pupils, 0)
    from suspensions as s
    cross join all_pupils as a
)

select * from final
