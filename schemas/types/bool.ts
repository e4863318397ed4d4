import { decoder } from './cell';

const TRUE = new Set(['Y', 'YES', 'TRUE', '1']);
const FALSE = new Set(['N', 'NO', 'FALSE', '0']);

/** `bool`: `Y/N`, `YES/NO`, `TRUE/FALSE`, `1/0`, any case. */
export const bool = decoder('R002', 'Not a yes/no value: use Y/N, YES/NO, TRUE/FALSE or 1/0.', (text) => {
  const upper = text.toUpperCase();
  return TRUE.has(upper) ? true : FALSE.has(upper) ? false : undefined;
});
