/**
 * Parsing `landing/<partner>/<dataset>/<period>/<file name>` (datasets.md §1), with
 * F001 for an unknown partner or dataset and F002 for any other layout or bad period.
 */
import { findDataset, PARTNERS, type DatasetContract, type Partner } from '../../schemas';
import { FileRejection } from './errors';
import type { FileFormat } from './read';

export interface LandingObject {
  readonly key: string;
  readonly partner: Partner;
  readonly dataset: string;
  readonly contract: DatasetContract;
  readonly period: string;
  readonly name: string;
  readonly format: FileFormat;
  /** First and last day the period covers (`YYYY-MM-DD`). */
  readonly periodStart: string;
  readonly periodEnd: string;
}

/** What can be read from a key even when it is rejected: where its receipt goes. */
export interface KeyParts {
  readonly partner?: string;
  readonly dataset?: string;
  readonly period?: string;
  readonly name?: string;
}

const FORMATS: Readonly<Record<string, FileFormat>> = { csv: 'csv', xlsx: 'xlsx', json: 'json', ndjson: 'ndjson' };
const LAYOUT = 'landing/<partner>/<dataset>/<period>/<file name>';

/** Splits a key into its parts without judging them. */
export function keyParts(key: string): KeyParts {
  const [root, partner, dataset, period, ...rest] = key.split('/');
  if (root !== 'landing') return {};
  return { partner, dataset, period, name: rest.length ? rest.join('/') : undefined };
}

/**
 * Parses a landing key. `receivedAt` decides whether the period is in the future.
 * @throws FileRejection F001 or F002
 */
export function parseLandingKey(key: string, receivedAt: Date): LandingObject {
  const parts = key.split('/');
  if (parts[0] !== 'landing' || parts.length !== 5 || parts.some((p) => p.trim() === '')) {
    throw new FileRejection('F002', `The key does not follow ${LAYOUT}.`);
  }
  const [, partner, dataset, period, name] = parts;
  if (!(PARTNERS as readonly string[]).includes(partner)) {
    throw new FileRejection('F001', `Unknown partner '${safe(partner)}'; partners are ${PARTNERS.join(', ')}.`);
  }
  const contract = findDataset(dataset);
  if (!contract) throw new FileRejection('F001', `Unknown dataset '${safe(dataset)}'.`);
  if (contract.partner !== partner) {
    throw new FileRejection('F001', `Dataset '${dataset}' is sent by partner '${contract.partner}', not '${partner}'.`);
  }
  const extension = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  const format = FORMATS[extension];
  if (!format) {
    throw new FileRejection('F002', `The file name must end in .csv, .xlsx, .json or .ndjson (got '${safe(name)}').`);
  }
  const { start, end } = periodBounds(contract, period);
  const received = ukDate(receivedAt);
  if (start > received && !(contract.financialYear && start <= nextFinancialYearStart(received))) {
    throw new FileRejection('F002', `The period ${period} starts after the day the file was received (${received}).`);
  }
  return { key, partner: partner as Partner, dataset, contract, period, name, format, periodStart: start, periodEnd: end };
}

/**
 * First and last day of a period in the form the contract's cadence uses.
 * @throws FileRejection F002 for a malformed or impossible period
 */
export function periodBounds(contract: Pick<DatasetContract, 'cadence' | 'name'>, period: string): { start: string; end: string } {
  const bad = (expected: string) =>
    new FileRejection('F002', `Bad period '${safe(period)}' for ${contract.name}: expected ${expected}.`);
  if (contract.cadence === 'snapshot') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(period) || !isRealDate(period)) throw bad('the extract date YYYY-MM-DD');
    return { start: period, end: period };
  }
  if (contract.cadence === 'month') {
    const m = /^(\d{4})-(\d{2})$/.exec(period);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw bad('the month YYYY-MM');
    return { start: `${period}-01`, end: lastDayOfMonth(Number(m[1]), Number(m[2])) };
  }
  if (!/^\d{4}$/.test(period)) throw bad('the year YYYY');
  return { start: `${period}-01-01`, end: `${period}-12-31` };
}

function isRealDate(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso && iso >= '1900-01-01';
}

function lastDayOfMonth(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 0));
  return d.toISOString().slice(0, 10);
}

/** The calendar date in the UK (Europe/London) of an instant, as `YYYY-MM-DD`. */
export function ukDate(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(instant);
}

function nextFinancialYearStart(today: string): string {
  const year = Number(today.slice(0, 4));
  const fyStartYear = today.slice(5) >= '04-01' ? year : year - 1;
  return `${fyStartYear + 1}-04-01`;
}

/** A key segment made safe to echo in a message and to use in a store key. */
export function safe(segment: string | undefined): string {
  return (segment ?? '').replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64);
}
