import { date, type DateColumnOptions } from './date';
import type { CellContext } from './cell';

/** `dob`: read and checked as `date`, stored degraded to the first of its month (`2015-06-17` → `2015-06-01`). */
export function dob(context: CellContext, options: DateColumnOptions = {}) {
  return date(context, options).transform((day) => `${day.slice(0, 8)}01`);
}
