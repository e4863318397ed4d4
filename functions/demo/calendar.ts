/**
 * Dates for the simulation as whole day numbers (days since 1970-01-01), and times as
 * minutes since that epoch in UK wall-clock time, so that arithmetic never meets a
 * time zone. England and Wales bank holidays (the warehouse's reference data) and school
 * terms decide which days the borough works and teaches.
 */
import { BANK_HOLIDAYS } from '../indicators/bank-holidays';
import { DemoError } from './errors';

const DAY_MS = 86_400_000;

export const dayOf = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / DAY_MS;

export function partsOf(day: number): { y: number; m: number; d: number } {
  const dt = new Date(day * DAY_MS);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `YYYY-MM-DD`. */
export function isoDate(day: number): string {
  const { y, m, d } = partsOf(day);
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** `DD/MM/YYYY`, as SSDA903 and spreadsheet exports write dates. */
export function ukDate(day: number): string {
  const { y, m, d } = partsOf(day);
  return `${pad(d)}/${pad(m)}/${y}`;
}

/** 0 = Sunday … 6 = Saturday. */
export const weekday = (day: number): number => (((day + 4) % 7) + 7) % 7;
export const isWeekend = (day: number): boolean => weekday(day) === 0 || weekday(day) === 6;

/** Minutes since the epoch for a day and a wall-clock time. */
export const at = (day: number, hour: number, minute = 0): number => day * 1440 + hour * 60 + minute;
export const dayOfTime = (time: number): number => Math.floor(time / 1440);

/**
 * A time as a UK clock shows it: clocks go forward at 01:00 on the last Sunday of March,
 * so a simulated time in the hour that never happens reads an hour later (a partner's
 * system could not have recorded it, and the ingest rejects it: R002).
 */
export function onTheClock(time: number): number {
  const day = dayOfTime(time);
  const { m, d } = partsOf(day);
  const minutes = time - day * 1440;
  return m === 3 && d >= 25 && weekday(day) === 0 && minutes >= 60 && minutes < 120 ? time + 60 : time;
}

/** `YYYY-MM-DD hh:mm:ss` (UK local time, no zone: datasets.md §3). */
export function isoDateTime(time: number): string {
  const minutes = ((time % 1440) + 1440) % 1440;
  return `${isoDate(dayOfTime(time))} ${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}:00`;
}

/** `DD/MM/YYYY hh:mm`. */
export function ukDateTime(time: number): string {
  const minutes = ((time % 1440) + 1440) % 1440;
  return `${ukDate(dayOfTime(time))} ${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** A month as `YYYY-MM` and as a running index (year × 12 + month − 1). */
export const monthIndex = (y: number, m: number): number => y * 12 + m - 1;
export const periodOf = (index: number): string => `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
export const monthStart = (index: number): number => dayOf(Math.floor(index / 12), (index % 12) + 1, 1);
export const monthEnd = (index: number): number => monthStart(index + 1) - 1;
export const monthOfDay = (day: number): number => {
  const { y, m } = partsOf(day);
  return monthIndex(y, m);
};

/** The same calendar date `years` later (29 February becomes 1 March). */
export function addYears(day: number, years: number): number {
  const { y, m, d } = partsOf(day);
  return dayOf(y + years, m, d);
}

/** Whole years from `dob` to `day`. */
export function ageAt(dob: number, day: number): number {
  const a = partsOf(dob);
  const b = partsOf(day);
  return b.y - a.y - (b.m < a.m || (b.m === a.m && b.d < a.d) ? 1 : 0);
}

const lastMonday = (y: number, m: number) => {
  const d = dayOf(y, m + 1, 0);
  return d - ((weekday(d) + 6) % 7);
};

const dayOfIso = (iso: string) => dayOf(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));

/** The warehouse's own bank holidays (functions/indicators/bank-holidays.ts) as day numbers. */
const HOLIDAYS: ReadonlySet<number> = new Set(BANK_HOLIDAYS.map((h) => dayOfIso(h.date)));
const GOOD_FRIDAYS: ReadonlyMap<number, number> = new Map(
  BANK_HOLIDAYS.filter((h) => h.title === 'Good Friday').map((h) => [Number(h.date.slice(0, 4)), dayOfIso(h.date)]),
);

/**
 * Good Friday of a year, from the bank holidays: the Easter break of the school year
 * hangs on it, so a year the reference data does not cover cannot have school terms.
 */
function goodFriday(y: number): number {
  const day = GOOD_FRIDAYS.get(y);
  if (day === undefined) {
    const years = [...GOOD_FRIDAYS.keys()];
    throw new DemoError(`The demo's school terms need the bank holidays of ${y}, but the reference data covers ${Math.min(...years)}–${Math.max(...years)}; choose an endPeriod in that range.`);
  }
  return day;
}

/**
 * A weekday that is not an England and Wales bank holiday: the warehouse's definition,
 * so the demo's deadlines are met or missed exactly as the indicators count them. Before
 * 2010 (long-stay children's care histories) only weekends are off, which no indicator reads.
 */
export const isWorkingDay = (day: number): boolean => !isWeekend(day) && !HOLIDAYS.has(day);

/** The working day `n` working days after `day` (n = 0: `day` itself if it works, else the next). */
export function addWorkingDays(day: number, n: number): number {
  let d = day;
  while (!isWorkingDay(d)) d++;
  for (let i = 0; i < n; i++) {
    d++;
    while (!isWorkingDay(d)) d++;
  }
  return d;
}

/** Term dates of the academic year starting in September of `y`, as holiday ranges. */
function schoolYear(y: number): { first: number; last: number; breaks: [number, number][] } {
  const mondayOf = (d: number) => d - ((weekday(d) + 6) % 7);
  const weekdayOnOrBefore = (d: number) => (weekday(d) === 6 ? d - 1 : weekday(d) === 0 ? d - 2 : d);
  // Two INSET days open the year before the pupils arrive.
  let first = dayOf(y, 9, 5);
  while (isWeekend(first)) first++;
  const october = mondayOf(dayOf(y, 10, 28));
  const christmasFrom = weekdayOnOrBefore(dayOf(y, 12, 20)) + 1;
  const february = mondayOf(dayOf(y + 1, 2, 15));
  const may = lastMonday(y + 1, 5);
  const easter = goodFriday(y + 1);
  return {
    first,
    last: weekdayOnOrBefore(dayOf(y + 1, 7, 22)),
    breaks: [
      [october, october + 4],
      [christmasFrom, dayOf(y + 1, 1, 3)],
      [february, february + 4],
      [easter - 4, easter + 7],
      [may, may + 4],
    ],
  };
}

const termCache = new Map<number, ReturnType<typeof schoolYear>>();

/** The September of the academic year a day falls in. */
export const academicYearOf = (day: number): number => {
  const { y, m } = partsOf(day);
  return m >= 9 ? y : y - 1;
};

/** A day on which schools take registers: a working day in term time. */
export function isSchoolDay(day: number): boolean {
  if (!isWorkingDay(day)) return false;
  const ay = academicYearOf(day);
  let terms = termCache.get(ay);
  if (!terms) {
    terms = schoolYear(ay);
    termCache.set(ay, terms);
  }
  if (day < terms.first || day > terms.last) return false;
  return !terms.breaks.some(([from, to]) => day >= from && day <= to);
}

/** The school days of a month, in order. */
export function schoolDaysOfMonth(index: number): number[] {
  const days: number[] = [];
  for (let d = monthStart(index); d <= monthEnd(index); d++) if (isSchoolDay(d)) days.push(d);
  return days;
}
