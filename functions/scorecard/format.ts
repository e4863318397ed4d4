/** Numbers as the scorecard prints them (HTML and notes; CSV keeps values unrounded). */
import type { Unit } from '../indicators/catalogue';
import { roundHalfAway } from './rounding';

/** Decimal places shown per unit: whole numbers for counts and days, one place otherwise. */
export function decimalsFor(unit: Unit): number {
  return unit === 'count' || unit === 'days' ? 0 : 1;
}

/** A value rounded for display (halves away from zero), with thousands separators. */
export function formatValue(unit: Unit, value: number, decimals = decimalsFor(unit)): string {
  const rounded = roundHalfAway(value, decimals);
  return rounded.toLocaleString('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** A number as typed in a reference file (targets, benchmarks): no padding zeros, at most 2 places. */
export function formatPlain(value: number): string {
  return roundHalfAway(value, 2).toLocaleString('en-GB', { maximumFractionDigits: 2 });
}

/**
 * An earlier value next to the current one: at display precision, or with more places
 * when the two would otherwise print the same (a revision smaller than the rounding).
 */
export function formatEarlier(unit: Unit, earlier: number, current: number | null): string {
  const base = decimalsFor(unit);
  for (let d = base; d <= base + 3; d++) {
    if (current === null || formatValue(unit, earlier, d) !== formatValue(unit, current, d)) return formatValue(unit, earlier, d);
  }
  return String(earlier);
}

/** A benchmark as published: the unit's places at least, up to two where the source has them. */
export function formatBenchmark(unit: Unit, value: number): string {
  const d = decimalsFor(unit);
  return roundHalfAway(value, Math.max(d, 2)).toLocaleString('en-GB', { minimumFractionDigits: d, maximumFractionDigits: Math.max(d, 2) });
}
