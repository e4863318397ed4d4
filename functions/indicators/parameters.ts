/**
 * The parameters of the indicator SQL (sql/indicators/*.sql), in one place.
 *
 * A file refers to them as `:name`; the runner replaces each with a literal computed
 * here from the period alone (never from data), so the same text runs on DuckDB and
 * Athena (Trino):
 *
 * | placeholder  | literal                    | meaning (indicators.md §1)                    |
 * |--------------|----------------------------|-----------------------------------------------|
 * | `:period`    | `'2024-09'`                | P                                             |
 * | `:pstart`    | `DATE '2024-09-01'`        | first day of P                                |
 * | `:pend`      | `DATE '2024-09-30'`        | last day of P                                 |
 * | `:fy_start`  | `DATE '2024-04-01'`        | 1 April of FY(P): the YTD and `fy` window     |
 * | `:ay_start`  | `DATE '2024-09-01'`        | 1 September of AY(P): the `ay` window         |
 * | `:r12_start` | `DATE '2023-10-01'`        | Pstart of P−11: `rolling12`, "the 12 months ending Pend" |
 * | `:r36_start` | `DATE '2021-10-01'`        | Pstart of P−35: `rolling36`                   |
 * | `:pop_year`  | `'2024'`                   | calendar year of Pend (population `period`)   |
 * | `:fy_period` `:ay_period` `:r12_period` `:r36_period` | `'2024-04'` … | the first month of each window, for pruning the `period` partitions of month datasets |
 */
import { IndicatorError } from './errors';

export const PERIOD_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The dates derived from a period, as `YYYY-MM-DD` strings. */
export interface PeriodDates {
  readonly period: string;
  readonly pstart: string;
  readonly pend: string;
  readonly fyStart: string;
  readonly ayStart: string;
  readonly r12Start: string;
  readonly r36Start: string;
  readonly popYear: string;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Throws for anything but `YYYY-MM`. */
export function parsePeriod(period: string): { year: number; month: number } {
  const match = PERIOD_PATTERN.exec(period);
  if (!match) {
    throw new IndicatorError(`Period must be YYYY-MM (e.g. 2024-09); received ${JSON.stringify(String(period).slice(0, 20))}`);
  }
  return { year: Number(match[1]), month: Number(match[2]) };
}

/** The period `months` months after `period` (negative for before). */
export function addMonths(period: string, months: number): string {
  const { year, month } = parsePeriod(period);
  const index = year * 12 + (month - 1) + months;
  return `${Math.floor(index / 12)}-${pad2((index % 12) + 1)}`;
}

/** Every period from `from` to `to` inclusive (empty when `to` is before `from`). */
export function periodRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let p = from; p <= to; p = addMonths(p, 1)) out.push(p);
  return out;
}

export function periodDates(period: string): PeriodDates {
  const { year, month } = parsePeriod(period);
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const fyYear = month >= 4 ? year : year - 1;
  const ayYear = month >= 9 ? year : year - 1;
  return {
    period,
    pstart: `${period}-01`,
    pend: `${period}-${pad2(lastDay)}`,
    fyStart: `${fyYear}-04-01`,
    ayStart: `${ayYear}-09-01`,
    r12Start: `${addMonths(period, -11)}-01`,
    r36Start: `${addMonths(period, -35)}-01`,
    popYear: String(year),
  };
}

/** The literal each placeholder becomes for a period. */
export function parameterLiterals(period: string): Readonly<Record<string, string>> {
  const d = periodDates(period);
  return {
    period: `'${d.period}'`,
    pstart: `DATE '${d.pstart}'`,
    pend: `DATE '${d.pend}'`,
    fy_start: `DATE '${d.fyStart}'`,
    ay_start: `DATE '${d.ayStart}'`,
    r12_start: `DATE '${d.r12Start}'`,
    r36_start: `DATE '${d.r36Start}'`,
    pop_year: `'${d.popYear}'`,
    fy_period: `'${d.fyStart.slice(0, 7)}'`,
    ay_period: `'${d.ayStart.slice(0, 7)}'`,
    r12_period: `'${d.r12Start.slice(0, 7)}'`,
    r36_period: `'${d.r36Start.slice(0, 7)}'`,
  };
}

/** The placeholder names a file may use. */
export const PARAMETER_NAMES = Object.freeze(Object.keys(parameterLiterals('2000-01')));

/**
 * Replaces every `:name` outside comments and string literals with its literal.
 * An unknown `:name` is a programming error in the SQL file and throws.
 */
export function bindParameters(sql: string, period: string, file = 'SQL'): string {
  const literals = parameterLiterals(period);
  // Comments and string literals are matched first and kept as they are, so that a
  // colon in a comment or a quoted time is never taken for a placeholder.
  return sql.replace(/--[^\n]*|'(?:[^']|'')*'|(?<![:\w]):([a-z_][a-z0-9_]*)/gi, (token, name: string | undefined) => {
    if (name === undefined) return token;
    const literal = literals[name];
    if (literal === undefined) {
      throw new IndicatorError(`${file} uses unknown parameter :${name}; known: ${PARAMETER_NAMES.map((n) => `:${n}`).join(', ')}`);
    }
    return literal;
  });
}
