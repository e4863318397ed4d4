import { decoder } from './cell';

const SEPARATORS = /[\t\n\f\r -]/g;

/**
 * The NHS number check digit of the first nine digits: digits weighted 10 down to 2,
 * 11 minus the sum modulo 11; 11 becomes 0 and 10 means no valid number has these digits.
 */
export function nhsCheckDigit(nineDigits: string): number | undefined {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (10 - i) * Number(nineDigits[i]);
  const check = 11 - (sum % 11);
  return check === 11 ? 0 : check === 10 ? undefined : check;
}

/** An NHS number normalised (spaces and hyphens removed), or undefined when it fails modulus 11. */
export function normaliseNhs(text: string): string | undefined {
  const nhs = text.replace(SEPARATORS, '');
  return /^\d{10}$/.test(nhs) && nhsCheckDigit(nhs) === Number(nhs[9]) ? nhs : undefined;
}

/** `nhs`: a 10-digit NHS number with a valid modulus-11 check digit; stored normalised (and pseudonymised). */
export const nhs = decoder('R004', 'Not a valid NHS number: 10 digits with a correct modulus-11 check digit.', normaliseNhs);
