/**
 * The column types of datasets.md §3 as zod schemas, each from a cell's trimmed text to
 * the value stored in curated/, every issue tagged with its rule code.
 */
export { cell, decoder, reject, trimCell, type CellContext, type RuleParams } from './cell';
export { bool } from './bool';
export { code } from './code';
export { date, parseDate, checkDay, EARLIEST_DATE, type DateColumnOptions } from './date';
export { datetime, parseDateTime } from './datetime';
export { dob } from './dob';
export { id, normaliseId } from './id';
export { nhs, nhsCheckDigit, normaliseNhs } from './nhs';
export { int } from './int';
export { number } from './number';
export { numeric, parseDecimal, parseInt64, type NumericBounds } from './numeric';
export { postcode, postcodeSector } from './postcode';
export { text } from './text';
export { upn, upnCheckLetter, normaliseUpn, UPN_LETTERS } from './upn';
export { ukDateOf, ukOffsetMs, ukWallClockToUtc } from './uk-time';
