/** Small numbers (scorecard.md §4): what the public edition suppresses and the internal one flags. */
import type { Unit } from '../indicators/catalogue';
import { SYMBOL, type SuppressionSymbol } from './model';

/** A count of 1–4 is small. */
export const SMALL_COUNT_MAX = 4;
/** A percentage or rate is small when its numerator is 1–4 … */
export const SMALL_NUMERATOR_MAX = 4;
/** … or its denominator 1–9. */
export const SMALL_DENOMINATOR_MAX = 9;

const between = (x: number | null, lo: number, hi: number) => x !== null && x >= lo && x <= hi;

/**
 * Whether a figure is small enough that a child could be identified: a count 1–4, or a
 * percentage or rate (any other unit) whose numerator is 1–4 or whose denominator 1–9.
 * Zero is not small: "none" identifies nobody.
 */
export function isSmall(unit: Unit, figure: { value: number | null; numerator: number | null; denominator: number | null }): boolean {
  if (unit === 'count') return between(figure.value ?? figure.numerator, 1, SMALL_COUNT_MAX);
  return between(figure.numerator, 1, SMALL_NUMERATOR_MAX) || between(figure.denominator, 1, SMALL_DENOMINATOR_MAX);
}

/**
 * What a value cell holds: the number, or the symbol the public edition shows instead.
 * `x` when the period has no data, `c` when small, `z` when there is nothing to divide by.
 */
export type Cell =
  | { readonly kind: 'value'; readonly value: number }
  | { readonly kind: 'symbol'; readonly symbol: SuppressionSymbol }
  | { readonly kind: 'none' };

export const NONE: Cell = Object.freeze({ kind: 'none' });
export const symbolCell = (symbol: SuppressionSymbol): Cell => ({ kind: 'symbol', symbol });
export const valueCell = (value: number): Cell => ({ kind: 'value', value });

/**
 * The public edition's cell for a value: `x` without data, `c` when small, `z` for a
 * value that cannot exist (zero denominator), else the value.
 */
export function publicValueCell(
  unit: Unit,
  figure: { value: number | null; numerator: number | null; denominator: number | null; noData: boolean },
): Cell {
  if (figure.noData) return symbolCell(SYMBOL.NOT_AVAILABLE);
  if (isSmall(unit, figure)) return symbolCell(SYMBOL.CONFIDENTIAL);
  if (figure.value === null || !Number.isFinite(figure.value)) {
    return figure.denominator === 0 ? symbolCell(SYMBOL.NOT_APPLICABLE) : symbolCell(SYMBOL.NOT_AVAILABLE);
  }
  return valueCell(figure.value);
}

/** The internal edition's cell: every figure shown, nothing where there is none. */
export function internalValueCell(value: number | null): Cell {
  return value === null || !Number.isFinite(value) ? NONE : valueCell(value);
}
