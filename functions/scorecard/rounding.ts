/**
 * Rounding as people read numbers: on the shortest decimal that prints the double
 * (what `String(x)` gives), halves away from zero. `Math.round` rounds halves towards
 * +∞ (−2.5 → −2) and `toFixed` works on the binary value (1.005 → "1.00"), so neither
 * rounds 0.05, 28.05 or −0.25 the way a reader of the figures expects.
 */

/** Rounds to `places` decimal places, halves away from zero, on the decimal a reader sees. */
export function roundHalfAway(x: number, places = 1): number {
  if (!Number.isFinite(x)) return x;
  const negative = x < 0;
  const text = decimalString(Math.abs(x));
  const [whole, fraction = ''] = text.split('.');
  if (fraction.length <= places) return x === 0 ? 0 : x;
  const kept = whole + fraction.slice(0, places);
  let digits = BigInt(kept);
  if (fraction.charCodeAt(places) >= 0x35 /* '5' */) digits += 1n;
  const rounded = Number(digits) / 10 ** places;
  if (rounded === 0) return 0;
  return negative ? -rounded : rounded;
}

/** Rounds to one decimal place, halves away from zero (the direction-of-travel rule). */
export const round1 = (x: number): number => roundHalfAway(x, 1);

/** The shortest round-trip decimal of a non-negative finite double, never in exponent form. */
function decimalString(x: number): string {
  const s = String(x);
  if (!/e/i.test(s)) return s;
  const [mantissa, exp] = s.split(/e/i);
  const e = Number(exp);
  const [int, frac = ''] = mantissa.split('.');
  const digits = int + frac;
  const point = int.length + e;
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}
