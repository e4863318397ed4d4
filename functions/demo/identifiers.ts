/**
 * Synthetic identifiers that pass the checks real systems apply: UPNs with a valid DfE
 * check letter, NHS numbers with a valid modulus-11 check digit, UK-format postcodes.
 * They are drawn from ranges no real person holds (NHS test range 999, a fictitious LA
 * code), so a generated value can never point at a real child.
 */

/** The letters of a UPN check character and of a temporary UPN's last character (no I, O, S). */
const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/** The fictitious local-authority number in every generated UPN. */
export const DEMO_LA_CODE = '999';

/**
 * The DfE check letter of a UPN's characters 2–13: each character times its position
 * (2–13), a letter in position 13 counting as its index in the letter table; the sum
 * modulo 23 indexes the table. Returns undefined when the 12 characters are malformed.
 * @example upnCheckLetter('801200005001') // 'B'
 */
export function upnCheckLetter(body: string): string | undefined {
  if (!/^\d{11}[0-9A-HJ-NP-RT-Z]$/.test(body)) return undefined;
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const ch = body[i];
    const value = i === 11 && !/\d/.test(ch) ? UPN_LETTERS.indexOf(ch) : Number(ch);
    sum += value * (i + 2);
  }
  return UPN_LETTERS[sum % 23];
}

/** True for a 13-character UPN (any case) whose check letter is right. */
export function isValidUpn(upn: string): boolean {
  const u = upn.trim().toUpperCase();
  return u.length === 13 && upnCheckLetter(u.slice(1)) === u[0];
}

/**
 * A permanent UPN: LA code, 4-digit establishment number, 2-digit year of issue and a
 * 3-digit serial; `temporary` replaces the serial's last digit by a letter.
 */
export function makeUpn(establishment: number, year: number, serial: number, temporary = false): string {
  const serialPart = temporary
    ? String(serial % 100).padStart(2, '0') + UPN_LETTERS[Math.floor(serial / 100) % UPN_LETTERS.length]
    : String(serial % 1000).padStart(3, '0');
  const body = `${DEMO_LA_CODE}${String(establishment % 10000).padStart(4, '0')}${String(year % 100).padStart(2, '0')}${serialPart}`;
  return `${upnCheckLetter(body)}${body}`;
}

/**
 * The modulus-11 check digit of an NHS number's first nine digits (weights 10 down to
 * 2; 11 − remainder, 11 → 0); undefined when the result is 10, which no NHS number uses.
 * @example nhsCheckDigit('943476591') // 9
 */
export function nhsCheckDigit(nine: string): number | undefined {
  if (!/^\d{9}$/.test(nine)) return undefined;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return undefined;
  return check === 11 ? 0 : check;
}

/** True for 10 digits (spaces or hyphens allowed) with a valid check digit. */
export function isValidNhsNumber(value: string): boolean {
  const digits = value.replace(/[\s-]/g, '');
  return /^\d{10}$/.test(digits) && nhsCheckDigit(digits.slice(0, 9)) === Number(digits[9]);
}

/**
 * Valid NHS numbers in the test range (999 …), a different one for each `n` from 0
 * up to about 900,000: the sequence steps through the range by a stride coprime with its
 * size and skips the bodies whose check digit would be 10.
 */
export function* nhsNumbers(offset: number): Generator<string> {
  for (let k = 0; k < 1_000_000; k++) {
    const nine = `999${String((k * 7919 + offset) % 1_000_000).padStart(6, '0')}`;
    const check = nhsCheckDigit(nine);
    if (check !== undefined) yield `${nine}${check}`;
  }
}

const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** A UK postcode in the given outward code, e.g. `S60 2TH`. */
export function makePostcode(outward: string, draw: () => number): string {
  const letter = () => INWARD_LETTERS[Math.floor(draw() * INWARD_LETTERS.length)];
  return `${outward} ${Math.floor(draw() * 10)}${letter()}${letter()}`;
}
