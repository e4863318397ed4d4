import { decoder } from './cell';

const WHITESPACE = /[\t\n\f\r ]/g;
const POSTCODE = /^(?:[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}|GIR0AA)$/;

/** The sector of a UK postcode (`s60 2th` → `S60 2`), or undefined when it is not a postcode. */
export function postcodeSector(text: string): string | undefined {
  const compact = text.replace(WHITESPACE, '').toUpperCase();
  // The inward code is always a digit and two letters; the sector keeps its digit.
  return POSTCODE.test(compact) ? `${compact.slice(0, -3)} ${compact.slice(-3, -2)}` : undefined;
}

/** `postcode`: a UK postcode in any case and spacing; stored as its sector, never in full. */
export const postcode = decoder('R004', 'Not a UK postcode.', postcodeSector);
