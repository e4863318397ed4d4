import * as z from 'zod';
import { reject } from './cell';

/** Inclusive bounds of an `int` or `number` column; outside is R002. */
export interface NumericBounds {
  /** @default no lower bound */
  readonly min?: number;
  /** @default no upper bound */
  readonly max?: number;
}

const INT = /^[+-]?(\d{1,3}(,\d{3})+|\d+)$/;
const NUMBER = /^[+-]?((\d{1,3}(,\d{3})+|\d+)(\.\d+)?|\.\d+)$/;
/** The range of the BIGINT curated/ stores an `int` in. */
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Reads a whole number with optional thousands separators (`1,234`); undefined when not one or beyond 64 bits. */
export function parseInt64(text: string): number | undefined {
  if (!INT.test(text)) return undefined;
  const big = BigInt(text.replace(/,/g, ''));
  return big < INT64_MIN || big > INT64_MAX ? undefined : Number(big);
}

/** Reads a decimal number with optional thousands separators; no exponents. */
export function parseDecimal(text: string): number | undefined {
  return NUMBER.test(text) ? Number(text.replace(/,/g, '')) : undefined;
}

/** A numeric column type: `parse`, then the bounds; R002 for either failing. */
export function numeric(kind: string, parse: (text: string) => number | undefined, bounds: NumericBounds) {
  const { min, max } = bounds;
  const range = min !== undefined && max !== undefined ? ` from ${min} to ${max}` : min !== undefined ? ` of at least ${min}` : max !== undefined ? ` of at most ${max}` : '';
  return z.string().transform((text, ctx): number => {
    const n = parse(text);
    if (n === undefined || (min !== undefined && n < min) || (max !== undefined && n > max)) {
      return reject(ctx, 'R002', `Not a ${kind}${range}.`);
    }
    return n;
  });
}

