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

/** The shared views, by name. */
export const SHARED_VIEWS: Readonly<Record<string, string>> = { population_estimate: POPULATION_ESTIMATE_SQL };

/** `CREATE OR REPLACE VIEW` statements for every shared view (valid on DuckDB and Athena). */
export function sharedViewStatements(): string[] {
  return Object.entries(SHARED_VIEWS).map(([name, select]) => `CREATE OR REPLACE VIEW ${name} AS\n${select}`);
}
