/**
 * Reporting periods (`YYYY-MM`) as the scorecard shows them. The arithmetic is the
 * indicators' (functions/indicators/parameters.ts); this adds the scorecard's own error,
 * columns and labels.
 */
import { addMonths, periodDates, PERIOD_PATTERN } from '../indicators/parameters';
import { InvalidPeriodError } from './errors';

/** Throws `InvalidPeriodError` unless `period` is `YYYY-MM`. */
export function assertPeriod(period: string): void {
  if (!PERIOD_PATTERN.test(period)) throw new InvalidPeriodError(period);
}

function parts(period: string): [number, number] {
  assertPeriod(period);
  return [Number(period.slice(0, 4)), Number(period.slice(5, 7))];
}

/** The period `months` after `period` (negative for before). */
export function shiftPeriod(period: string, months: number): string {
  assertPeriod(period);
  return addMonths(period, months);
}

/** The financial year containing `period`, as the `YYYY` of its 1 April (the `targets` period). */
export function financialYear(period: string): string {
  assertPeriod(period);
  return periodDates(period).fyStart.slice(0, 4);
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
