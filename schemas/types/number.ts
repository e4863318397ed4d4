import { numeric, parseDecimal, type NumericBounds } from './numeric';

/** `number`: a decimal number, optional thousands separators, within `bounds`. */
export function number(bounds: NumericBounds = {}) {
  return numeric('number', parseDecimal, bounds);
}
