import * as z from 'zod';
import { addYears, civilDate, excelSerialDate, formatDate, parseIsoDate, type CivilDate } from './calendar';
import { reject, type CellContext } from './cell';

/** What a date-like column checks beyond its type. */
export interface DateColumnOptions {
  /** The dataset's period date: R009 when outside the file's period. @default false */
  readonly periodDate?: boolean;
}

/** Dates before this are implausible (R006). */
export const EARLIEST_DATE = '1900-01-01';

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const ISO_WITH_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?$/;
const DMY = /^(\d{1,2})([/-])(\d{1,2})\2(\d{4})$/;
const DMY_SHORT = /^(\d{1,2})\/(\d{1,2})\/(\d{2})$/;
const SERIAL = /^\d{1,6}(\.\d+)?$/;

/** True for a wall-clock time that exists on a 24-hour clock (no 24:00, no leap second). */
export function isClockTime(hour: number, minute: number, second: number): boolean {
  return hour < 24 && minute < 60 && second < 60;
}

/**
 * Reads a date in any form of datasets.md §3: `YYYY-MM-DD`, `DD/MM/YYYY`, `D/M/YYYY`,
 * `DD-MM-YYYY`, `DD/MM/YY`, `YYYY-MM-DDThh:mm[:ss]` (time dropped) and, in XLSX only,
 * an Excel serial number. A two-digit year is 20YY, or 19YY when 20YY would be more than
 * a year after `periodEnd`.
 */
export function parseDate(text: string, context: Pick<CellContext, 'periodEnd' | 'xlsx'>): CivilDate | undefined {
  let m = ISO.exec(text);
  if (m) return civilDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = ISO_WITH_TIME.exec(text);
  if (m) {
    if (!isClockTime(Number(m[4]), Number(m[5]), Number(m[6] ?? 0))) return undefined;
    return civilDate(Number(m[1]), Number(m[2]), Number(m[3]));
  }
  m = DMY.exec(text);
  if (m) return civilDate(Number(m[4]), Number(m[3]), Number(m[1]));
  m = DMY_SHORT.exec(text);
  if (m) {
    const d = civilDate(2000 + Number(m[3]), Number(m[2]), Number(m[1]));
    if (!d) return undefined;
    const latest = formatDate(addYears(parseIsoDate(context.periodEnd), 1));
    return formatDate(d) > latest ? addYears(d, -100) : d;
  }
  if (context.xlsx && SERIAL.test(text)) return excelSerialDate(Number(text));
  return undefined;
}

/**
 * R006 when a day (`YYYY-MM-DD`) is before 1900 or after the day the file was received,
 * else R009 when it is the period date and outside the file's period. Returns false when
 * an issue was raised.
 */
export function checkDay(
  ctx: { issues: z.core.$ZodRawIssue[] },
  day: string,
  context: CellContext,
  options: DateColumnOptions,
): boolean {
  if (day < EARLIEST_DATE || day > context.receivedDate) {
    reject(ctx, 'R006', 'Implausible date: before 1900 or after the day the file was received.');
    return false;
  }
  if (options.periodDate && (day < context.periodStart || day > context.periodEnd)) {
    reject(ctx, 'R009', `The date is outside the file's period (${context.periodStart} to ${context.periodEnd}).`);
    return false;
  }
  return true;
}

const NOT_A_DATE = 'Not a date: use YYYY-MM-DD or DD/MM/YYYY.';

/** `date`: stored `YYYY-MM-DD`; R002 when not a date, then R006, then R009 for the period date. */
export function date(context: CellContext, options: DateColumnOptions = {}) {
  return z.string().transform((text, ctx): string => {
    const d = parseDate(text, context);
    if (!d) return reject(ctx, 'R002', NOT_A_DATE);
    const day = formatDate(d);
    return checkDay(ctx, day, context, options) ? day : z.NEVER;
  });
}
