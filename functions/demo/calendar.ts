/**
 * Dates for the simulation as whole day numbers (days since 1970-01-01), and times as
 * minutes since that epoch in UK wall-clock time, so that arithmetic never meets a
 * time zone. England and Wales bank holidays and school terms decide which days the
 * borough works and teaches.
 */
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

/** Easter Sunday (the Gregorian computus). */
function easterSunday(y: number): number {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayOf(y, month, day);
}

const firstMonday = (y: number, m: number) => {
  const d = dayOf(y, m, 1);
  return d + ((8 - weekday(d)) % 7);
};
const lastMonday = (y: number, m: number) => {
  const d = dayOf(y, m + 1, 0);
  return d - ((weekday(d) + 6) % 7);
};

/** Moved and one-off England and Wales bank holidays. */
const MOVED: Readonly<Record<string, readonly [string[], string[]]>> = {
  2011: [[], ['2011-04-29']],
  2012: [['2012-05-28'], ['2012-06-04', '2012-06-05']],
  2020: [['2020-05-04'], ['2020-05-08']],
  2022: [['2022-05-30'], ['2022-06-02', '2022-06-03', '2022-09-19']],
  2023: [[], ['2023-05-08']],
};

const holidayCache = new Map<number, Set<number>>();

/** England and Wales bank holidays of a year, substitute days included. */
export function bankHolidays(y: number): Set<number> {
  const cached = holidayCache.get(y);
  if (cached) return cached;
  const days: number[] = [];
  const newYear = dayOf(y, 1, 1);
  days.push(newYear + (weekday(newYear) === 6 ? 2 : weekday(newYear) === 0 ? 1 : 0));
  const easter = easterSunday(y);
  days.push(easter - 2, easter + 1, firstMonday(y, 5), lastMonday(y, 5), lastMonday(y, 8));
  const christmas = dayOf(y, 12, 25);
  const wd = weekday(christmas);
  // Christmas on a weekend moves to the next free weekday, Boxing Day after it.
  if (wd === 5) days.push(christmas, christmas + 3);
  else if (wd === 6) days.push(christmas + 2, christmas + 3);
  else if (wd === 0) days.push(christmas + 2, christmas + 1);
  else days.push(christmas, christmas + 1);
  const [removed, added] = MOVED[y] ?? [[], []];
  const set = new Set(days.filter((d) => !removed.includes(isoDate(d))));
  for (const iso of added) set.add(dayOf(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))));
  holidayCache.set(y, set);
  return set;
}

export const isWorkingDay = (day: number): boolean => !isWeekend(day) && !bankHolidays(partsOf(day).y).has(day);

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
  const goodFriday = easterSunday(y + 1) - 2;
  const may = lastMonday(y + 1, 5);
  return {
    first,
    last: weekdayOnOrBefore(dayOf(y + 1, 7, 22)),
    breaks: [
      [october, october + 4],
      [christmasFrom, dayOf(y + 1, 1, 3)],
      [february, february + 4],
      [goodFriday - 4, goodFriday + 7],
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
