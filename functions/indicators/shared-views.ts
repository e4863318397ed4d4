/**
 * Views that several indicator files read, defined once and registered by every engine
 * (the DuckDB engine, the Athena views, the test fixtures), so that a rule of
 * indicators.md §1 lives in one place.
 */

/**
 * `pop()` of indicators.md §1: for each calendar year of the calendar (`pop_year`,
 * `YYYY`), the population by single year of age from the latest population year on or
 * before it. Grain: one row per pop_year and age. An indicator sums `people` over its age
 * band `where pop_year = :pop_year`.
 */
export const POPULATION_ESTIMATE_SQL = `with calendar_years as (
    select distinct cast(year(day) as varchar) as pop_year
    from calendar
),

estimate_years as (
    select y.pop_year, max(p.period) as period
    from calendar_years as y
    inner join (select distinct period from population) as p on p.period <= y.pop_year
    group by y.pop_year
)

select e.pop_year, p.age, p."count" as people
from estimate_years as e
inner join population as p on p.period = e.period`;

/**
 * Periods of care of indicators.md §1: episodes of a child chain when the earlier has
 * `rec = X1` and the later's `decom` equals the earlier's `dec`; a period of care is a
 * maximal chain, from its first `decom` to its last `dec` (null while open). Grain: one
 * row per episode, with its period's number (per child), start and end.
 */
export const LAC_PERIODS_OF_CARE_SQL = `with chain_links as (
    select
        child_id, decom, dec, rne, rec,
        case
            when lag(rec) over (partition by child_id order by decom) = 'X1'
                and lag(dec) over (partition by child_id order by decom) = decom then 0
            else 1
        end as starts_period
    from lac_episodes
),

episodes_in_periods as (
    select
        child_id, decom, dec, rne, rec,
        sum(starts_period) over (
            partition by child_id order by decom rows between unbounded preceding and current row
        ) as period_number
    from chain_links
),

periods_of_care as (
    select
        child_id,
        period_number,
        min(decom) as period_start,
        -- Only the last episode of a chain can be open, so a null dec means the period is.
        case when count(dec) = count(*) then max(dec) end as period_end
    from episodes_in_periods
    group by child_id, period_number
)

select e.child_id, e.decom, e.dec, e.rne, e.rec, e.period_number, p.period_start, p.period_end
from episodes_in_periods as e
inner join periods_of_care as p on p.child_id = e.child_id and p.period_number = e.period_number`;

/** The shared views, by name. */
export const SHARED_VIEWS: Readonly<Record<string, string>> = {
  population_estimate: POPULATION_ESTIMATE_SQL,
  lac_periods_of_care: LAC_PERIODS_OF_CARE_SQL,
};

/** `CREATE OR REPLACE VIEW` statements for every shared view (valid on DuckDB and Athena). */
export function sharedViewStatements(): string[] {
  return Object.entries(SHARED_VIEWS).map(([name, select]) => `CREATE OR REPLACE VIEW ${name} AS\n${select}`);
}
