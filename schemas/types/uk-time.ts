/**
 * UK local time (Europe/London) to UTC and back, from the platform's own time-zone data
 * (the same IANA rules DuckDB's ICU uses), so historic changes such as British Standard
 * Time 1968–71 come out as the SQL validator has them.
 */
import { utcDateOf, type CivilDate } from './calendar';

const HOUR_MS = 3_600_000;

const london = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
});

/** Offsets per UTC hour: UK offsets have changed only on whole UTC hours since railway time (1847). */
const offsetCache = new Map<number, number>();
const CACHE_LIMIT = 50_000;

/** Milliseconds UK local time is ahead of UTC at an instant. */
export function ukOffsetMs(instantMs: number): number {
  const hour = Math.floor(instantMs / HOUR_MS);
  const cached = offsetCache.get(hour);
  if (cached !== undefined) return cached;
  const at = hour * HOUR_MS;
  const parts: Record<string, number> = {};
  for (const p of london.formatToParts(new Date(at))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const local = new Date(0);
  local.setUTCFullYear(parts.year, parts.month - 1, parts.day);
  local.setUTCHours(parts.hour, parts.minute, parts.second);
  // Years before 1 AD come back as era-less positive years; nothing we accept reaches them.
  const offset = local.getTime() - at;
  if (offsetCache.size >= CACHE_LIMIT) offsetCache.clear();
  offsetCache.set(hour, offset);
  return offset;
}

/**
 * The UTC instant of a UK wall-clock time (given as milliseconds of that wall clock read
 * as if it were UTC). A repeated hour (October) gives its first occurrence; a time in
 * the hour skipped in March gives undefined.
 */
export function ukWallClockToUtc(wallMs: number): number | undefined {
  const candidates = new Set([ukOffsetMs(wallMs - 12 * HOUR_MS), ukOffsetMs(wallMs + 12 * HOUR_MS), ukOffsetMs(wallMs)]);
  let first: number | undefined;
  for (const offset of candidates) {
    const instant = wallMs - offset;
    if (ukOffsetMs(instant) === offset && (first === undefined || instant < first)) first = instant;
  }
  return first;
}

/** The UK calendar date of an instant. */
export function ukDateOf(instantMs: number): CivilDate {
  return utcDateOf(instantMs + ukOffsetMs(instantMs));
}
