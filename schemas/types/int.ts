import { numeric, parseInt64, type NumericBounds } from './numeric';

/** `int`: a whole number, optional thousands separators, within `bounds`. */
export function int(bounds: NumericBounds = {}) {
  return numeric('whole number', parseInt64, bounds);
}
