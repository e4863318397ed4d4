/** Calendar arithmetic on reporting periods (`YYYY-MM`) and financial years (`YYYY`). */
import { InvalidPeriodError } from './errors';

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Throws `InvalidPeriodError` unless `period` is `YYYY-MM`. */
export function assertPeriod(period: string): void {
  if (!PERIOD.test(period)) throw new InvalidPeriodError(period);
}

function parts(period: string): [number, number] {
  const m = PERIOD.exec(period);
  if (!m) throw new InvalidPeriodError(period);
  return [Number(m[1]), Number(m[2])];
}

/** The period `months` after `period` (negative for before). */
export function shiftPeriod(period: string, months: number): string {
  const [y, m] = parts(period);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** The financial year containing `period`, as the `YYYY` of its 1 April (the `targets` period). */
export function financialYear(period: string): string {
  const [y, m] = parts(period);
  return String(m >= 4 ? y : y - 1);
}

/** March at the end of the previous financial year: the scorecard's "previous year" column. */
export function previousYearEnd(period: string): string {
  return `${financialYear(period)}-03`;
}

/** The 13 periods P−12..P, oldest first (the sparkline). */
export function sparklinePeriods(period: string): string[] {
  return Array.from({ length: 13 }, (_, i) => shiftPeriod(period, i - 12));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const LONG_MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;

/** `2017-01` → `Jan 2017` (column headings). */
export function shortPeriodLabel(period: string): string {
  const [y, m] = parts(period);
  return `${MONTHS[m - 1]} ${y}`;
}

/** `2017-01` → `January 2017` (titles). */
export function longPeriodLabel(period: string): string {
  const [y, m] = parts(period);
  return `${LONG_MONTHS[m - 1]} ${y}`;
}

/** `2016` → `2016/17`. */
export function financialYearLabel(fy: string): string {
  const y = Number(fy);
  return `${fy}/${String((y + 1) % 100).padStart(2, '0')}`;
}
