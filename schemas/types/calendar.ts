/**
 * Calendar arithmetic on plain `YYYY-MM-DD` strings, with no JavaScript `Date` in the
 * way (its two-digit-year and time-zone rules are not ours).
 */

/** A civil date. */
export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The date, or undefined when there is no such day (31/02, month 13). */
export function civilDate(year: number, month: number, day: number): CivilDate | undefined {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** `YYYY-MM-DD`. */
export function formatDate(d: CivilDate): string {
  return `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(d.day, 2)}`;
}

/** Parses `YYYY-MM-DD` (already known to be well formed). */
export function parseIsoDate(iso: string): CivilDate {
  return { year: Number(iso.slice(0, 4)), month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)) };
}

/** Adds whole years; 29 February becomes 28 February in a common year (as DuckDB's `+ INTERVAL`). */
export function addYears(d: CivilDate, years: number): CivilDate {
  const year = d.year + years;
  return { year, month: d.month, day: Math.min(d.day, daysInMonth(year, d.month)) };
}

/** Days since 1970-01-01 (proleptic Gregorian). */
export function epochDay(d: CivilDate): number {
  // setUTCFullYear, because Date.UTC reads years 0–99 as 1900–1999.
  const base = new Date(0);
  base.setUTCFullYear(d.year, d.month - 1, d.day);
  return Math.round(base.getTime() / 86_400_000);
}

/** The civil date of a day count since 1970-01-01. */
export function fromEpochDay(days: number): CivilDate {
  const d = new Date(days * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Day 0 of Excel's 1900 date system as DuckDB counts it (so serial 1 is 1899-12-31). */
const EXCEL_EPOCH_DAY = epochDay({ year: 1899, month: 12, day: 30 });

/** The date of an Excel serial number (the time of day is dropped). */
export function excelSerialDate(serial: number): CivilDate {
  return fromEpochDay(EXCEL_EPOCH_DAY + Math.floor(serial));
}

/** Milliseconds since the epoch of a wall-clock time read as if it were UTC. */
export function wallClockMs(d: CivilDate, hour: number, minute: number, second: number, ms = 0): number {
  return epochDay(d) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
}

/** The Excel serial number of a date-time, to the nearest second, as wall-clock milliseconds. */
export function excelSerialWallClockMs(serial: number): number {
  return EXCEL_EPOCH_DAY * 86_400_000 + Math.round(serial * 86_400) * 1000;
}

/** ISO 8601 of a UTC instant with millisecond precision: `YYYY-MM-DDThh:mm:ss.sssZ`. */
export function formatInstant(ms: number): string {
  const d = new Date(ms);
  const date = formatDate({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
  return `${date}T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(d.getUTCMilliseconds(), 3)}Z`;
}

/** The civil date of an instant's UTC wall clock. */
export function utcDateOf(ms: number): CivilDate {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
