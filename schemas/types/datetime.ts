import * as z from 'zod';
import { civilDate, excelSerialWallClockMs, formatDate, formatInstant, wallClockMs } from './calendar';
import { reject, type CellContext } from './cell';
import { checkDay, isClockTime, type DateColumnOptions } from './date';
import { ukDateOf, ukWallClockToUtc } from './uk-time';

const ZONED = /^(\d{4})-(\d{2})-(\d{2})T(\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/;
const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?$/;
const UK_LOCAL = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const SERIAL = /^\d{1,6}(\.\d+)?$/;

/** Milliseconds of a wall-clock time read as if UTC, or undefined when no such time exists. */
function wallClock(y: string, mo: string, d: string, h: string, mi: string, s?: string, fraction?: string): number | undefined {
  const day = civilDate(Number(y), Number(mo), Number(d));
  const [hour, minute, second] = [Number(h), Number(mi), Number(s ?? 0)];
  if (!day || !isClockTime(hour, minute, second)) return undefined;
  // Milliseconds are what an instant keeps; finer digits are dropped, as DuckDB's do on reading back.
  const ms = fraction ? Number(fraction.slice(1, 4).padEnd(3, '0')) : 0;
  return wallClockMs(day, hour, minute, second, ms);
}

/** Minutes east of UTC of a `Z` or `±hh[:]mm` suffix. */
function offsetMinutes(zone: string): number {
  if (zone === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
}

/**
 * Reads a date-time of datasets.md §3 as a UTC instant (milliseconds): with `Z` or an
 * offset as given; without, UK local time, where a repeated hour means its first
 * occurrence and a time in the hour skipped in March is no time at all (undefined).
 */
export function parseDateTime(text: string, context: Pick<CellContext, 'xlsx'>): number | undefined {
  let m = ZONED.exec(text);
  if (m) {
    const wall = wallClock(m[1], m[2], m[3], m[4], m[5], m[6], m[7]);
    return wall === undefined ? undefined : wall - offsetMinutes(m[8]) * 60_000;
  }
  let wall: number | undefined;
  if ((m = ISO_LOCAL.exec(text))) wall = wallClock(m[1], m[2], m[3], m[4], m[5], m[6], m[7]);
  else if ((m = UK_LOCAL.exec(text))) wall = wallClock(m[3], m[2], m[1], m[4], m[5], m[6]);
  else if (context.xlsx && SERIAL.test(text)) wall = excelSerialWallClockMs(Number(text));
  return wall === undefined ? undefined : ukWallClockToUtc(wall);
}

/**
 * `datetime`: stored as a UTC instant, ISO 8601 (`2024-03-31T00:30:00.000Z`); R002 when
 * not a date-time (a skipped-hour time included), then R006 and R009 on its UK date.
 */
export function datetime(context: CellContext, options: DateColumnOptions = {}) {
  return z.string().transform((text, ctx): string => {
    const instant = parseDateTime(text, context);
    if (instant === undefined) {
      return reject(ctx, 'R002', 'Not a date-time: use YYYY-MM-DDThh:mm[:ss] (UK time unless Z or an offset is given), or DD/MM/YYYY hh:mm; UK times in the hour the clocks skip do not exist.');
    }
    return checkDay(ctx, formatDate(ukDateOf(instant)), context, options) ? formatInstant(instant) : z.NEVER;
  });
}
