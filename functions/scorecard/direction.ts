/** Direction of travel, month on month (scorecard.md §3). */
import type { Polarity } from '../indicators/catalogue';
import { DOT, type Dot } from './model';
import { round1 } from './rounding';

/**
 * Direction of travel from v(P−1) to v(P), both rounded to one decimal place (halves
 * away from zero). HIGH and LOW read by polarity; BAND by distance to the year's band
 * reference, and as INFO when there is none; INFO as UP / DOWN / STABLE. `null` when
 * either value is missing.
 */
export function directionOfTravel(
  polarity: Polarity,
  current: number | null,
  previous: number | null,
  bandReference: number | null = null,
): Dot | null {
  if (current === null || previous === null || !Number.isFinite(current) || !Number.isFinite(previous)) return null;
  const now = round1(current);
  const before = round1(previous);
  switch (polarity) {
    case 'HIGH':
      return now === before ? DOT.STABLE : now > before ? DOT.IMPROVING : DOT.DECLINING;
    case 'LOW':
      return now === before ? DOT.STABLE : now < before ? DOT.IMPROVING : DOT.DECLINING;
    case 'BAND': {
      if (bandReference === null || !Number.isFinite(bandReference)) return upOrDown(now, before);
      // Distances in exact tenths-scale decimals, so 153.8 and 163.8 are equally far from 158.8.
      const d1 = tidy(Math.abs(now - bandReference));
      const d0 = tidy(Math.abs(before - bandReference));
      return d1 === d0 ? DOT.STABLE : d1 < d0 ? DOT.IMPROVING : DOT.DECLINING;
    }
    case 'INFO':
      return upOrDown(now, before);
  }
}

function upOrDown(now: number, before: number): Dot {
  return now === before ? DOT.STABLE : now > before ? DOT.UP : DOT.DOWN;
}

/** Drops the binary noise of a subtraction (e.g. 5.000000000000014) before comparing. */
const tidy = (x: number) => Number(x.toFixed(9));

/** How a direction is read: an arrow and words, never colour alone. */
export const DOT_TEXT: Readonly<Record<Dot, { readonly arrow: string; readonly words: string }>> = Object.freeze({
  IMPROVING: { arrow: '▲', words: 'Improving' },
  DECLINING: { arrow: '▼', words: 'Declining' },
  STABLE: { arrow: '▶', words: 'Stable' },
  UP: { arrow: '↗', words: 'Up' },
  DOWN: { arrow: '↘', words: 'Down' },
});
