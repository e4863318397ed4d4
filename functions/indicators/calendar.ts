/**
 * The working-day calendar every engine exposes as the table `calendar`
 * (functions/engine/engine.ts): one row per day 2010-01-01..2030-12-31 with
 * `is_working_day` (Monday–Friday and not an England and Wales bank holiday) and
 * `working_day_number` (working days up to and including the day), so that the SQL
 * computes wd(a, b) = number(b) − number(a), the working days d with a < d ≤ b
 * (indicators.md §1), with two joins and no engine-specific date functions.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { bankHolidays } from './bank-holidays';

export { BANK_HOLIDAYS, bankHolidays } from './bank-holidays';

/** The first and last day of the calendar (the bank-holiday reference data covers these years). */
export const CALENDAR_RANGE = Object.freeze({ first: '2010-01-01', last: '2030-12-31' } as const);

export interface CalendarRow {
  /** `YYYY-MM-DD`. */
  readonly day: string;
  readonly is_working_day: boolean;
  readonly working_day_number: number;
}

const DAY_MS = 86_400_000;

let cached: readonly CalendarRow[] | undefined;

/** The calendar's rows, in date order (computed once). */
export function calendarRows(): readonly CalendarRow[] {
  if (cached) return cached;
  const rows: CalendarRow[] = [];
  const end = Date.parse(`${CALENDAR_RANGE.last}T00:00:00Z`);
  let number = 0;
  for (let t = Date.parse(`${CALENDAR_RANGE.first}T00:00:00Z`); t <= end; t += DAY_MS) {
    const date = new Date(t);
    const day = date.toISOString().slice(0, 10);
    const weekday = date.getUTCDay();
    const isWorkingDay = weekday !== 0 && weekday !== 6 && !bankHolidays.has(day);
    if (isWorkingDay) number += 1;
    rows.push(Object.freeze({ day, is_working_day: isWorkingDay, working_day_number: number }));
  }
  cached = Object.freeze(rows);
  return cached;
}

/**
 * The SQL that creates the table: days from a range, bank holidays from the reference
 * data (only our own dates go into it), working-day numbers from a running count.
 * The same rule as {@link calendarRows}; the tests check the two agree day by day.
 */
function createCalendarSql(): string {
  const holidays = [...bankHolidays].map((d) => `(DATE '${d}')`).join(', ');
  return `CREATE OR REPLACE TABLE calendar AS
WITH days AS (
  SELECT CAST(range AS DATE) AS day
  FROM range(DATE '${CALENDAR_RANGE.first}', DATE '${CALENDAR_RANGE.last}' + INTERVAL 1 DAY, INTERVAL 1 DAY)
), holidays AS (
  SELECT day FROM (VALUES ${holidays}) AS t(day)
), flagged AS (
  SELECT d.day, isodow(d.day) <= 5 AND h.day IS NULL AS is_working_day
  FROM days AS d LEFT JOIN holidays AS h ON h.day = d.day
)
SELECT day, is_working_day,
       CAST(sum(CASE WHEN is_working_day THEN 1 ELSE 0 END) OVER (ORDER BY day) AS BIGINT) AS working_day_number
FROM flagged
ORDER BY day`;
}

/** Creates (or replaces) the table `calendar` in a DuckDB connection. */
export async function registerCalendar(connection: DuckDBConnection): Promise<void> {
  await connection.run(createCalendarSql());
}

/**
 * Writes the calendar as one Parquet file (the Glue table `calendar` reads it in AWS).
 * `path` is a local file path; it is overwritten.
 */
export async function writeCalendarParquet(path: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false' });
  const connection = await instance.connect();
  try {
    await registerCalendar(connection);
    await connection.run(`COPY calendar TO '${sqlString(path)}' (FORMAT PARQUET, COMPRESSION ZSTD)`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Writes the calendar's Parquet to a temp file and returns its bytes (for a store put). */
export async function calendarParquet(): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'outturn-calendar-'));
  try {
    const path = join(dir, 'calendar.parquet');
    await writeCalendarParquet(path);
    return await readFile(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Escapes a value for a single-quoted SQL string (local paths only, never data). */
function sqlString(value: string): string {
  return value.replaceAll("'", "''");
}
