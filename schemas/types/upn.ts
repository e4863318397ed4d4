import { decoder } from './cell';

/** The letters of a UPN check character, A = 0 … Z = 22: I, O and S are never used. */
export const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/** Whitespace as the SQL validator's `\s` (RE2: tab, line feed, form feed, carriage return, space), and hyphens. */
const SEPARATORS = /[\t\n\f\r -]/g;

const SHAPE = /^[A-Z]\d{11}[0-9ABCDEFGHJKLMNPQRTUVWXYZ]$/;

/**
 * The DfE check letter of a UPN's characters 2–13: characters weighted 2 to 13, summed,
 * modulo 23, as a letter of `UPN_LETTERS`. A temporary UPN's 13th character is a letter
 * and counts as its place in `UPN_LETTERS`.
 */
export function upnCheckLetter(upn: string): string {
  let sum = 0;
  for (let i = 1; i < 13; i++) {
    const ch = upn[i];
    sum += (i + 1) * (ch >= '0' && ch <= '9' ? Number(ch) : UPN_LETTERS.indexOf(ch));
  }
  return UPN_LETTERS[sum % 23];
}

/** A UPN normalised (upper case, spaces and hyphens removed), or undefined when it fails its shape or check letter. */
export function normaliseUpn(text: string): string | undefined {
  const upn = text.replace(SEPARATORS, '').toUpperCase();
  return SHAPE.test(upn) && upnCheckLetter(upn) === upn[0] ? upn : undefined;
}

/** `upn`: a Unique Pupil Number with a valid check letter; stored normalised (and pseudonymised in curated/). */
export const upn = decoder(
  'R004',
  'Not a valid UPN: a check letter, 11 digits and a digit or letter, with a correct DfE check letter.',
  normaliseUpn,
);
