/**
 * Formula-injection defence for every CSV and XLSX Outturn writes (scorecard.md §6).
 *
 * A text value that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is
 * written with a single quote `'` in front, so that a spreadsheet opening the file
 * shows the text instead of running it as a formula. The quote is the one change:
 * a reader strips one leading `'` to get the original text back. Numbers are never
 * escaped: a negative number is written as a number, not as text.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** The quote put in front of risky text. */
export const FORMULA_ESCAPE = "'";

/** Whether a text would be read as a formula by a spreadsheet. */
export function startsLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/** The text, with `'` in front when it would otherwise start a formula. */
export function spreadsheetSafe(text: string): string {
  return startsLikeFormula(text) ? FORMULA_ESCAPE + text : text;
}

/** One CSV field: numbers as the shortest exact decimal, text escaped then quoted when needed. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = spreadsheetSafe(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A CSV document: header row then records, CRLF line ends (RFC 4180), UTF-8 without BOM. */
export function toCsv(header: readonly string[], records: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  return [header, ...records].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
