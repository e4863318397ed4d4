/**
 * Shared pieces of the ingest acceptance tests: a temporary store, uploads through the
 * real pipeline, the checks every receipt must pass, Parquet read back as text through
 * DuckDB, and independent implementations of the identifier rules (UPN check letter,
 * NHS modulus 11, pseudonyms) so the tests do not grade the pipeline with its own code.
 */
import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, expect } from 'vitest';
import { getDataset, receiptSchema, type PseudonymKind, type Receipt, type ReceiptIssue } from '../../schemas';
import { DuckDbEngine } from '../../functions/engine/duckdb-engine';
import type { IngestOptions } from '../../functions/ingest/process';
import { StaticKeyProvider } from '../../functions/ingest/pseudonymise';
import { uploadFile } from '../../functions/ingest/upload';
import { LocalStore } from '../../functions/store/local-store';

/** The fixtures of the ingest tests. */
export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'ingest');

/** Peer data: files real systems write, copied with their licence from the shared peer-data folder. */
export const PEER_DATA = join(FIXTURES, 'peer');

/** A fixed test key (64 hex characters), the same one `OUTTURN_PSEUDO_KEY` is set to for the CLI. */
export const TEST_KEY_HEX = 'a1'.repeat(32);
export const TEST_KEY = Buffer.from(TEST_KEY_HEX, 'hex');

/** A temporary warehouse for one test file: a LocalStore in a fresh folder and a scratch folder for inputs. */
export interface TempWarehouse {
  readonly store: LocalStore;
  /** Where the files to upload are written (outside the store). */
  readonly scratch: string;
}

/**
 * Creates a warehouse before the file's tests and removes it afterwards; returns a
 * getter, since the folder only exists once `beforeAll` has run.
 */
export function tempWarehouse(): () => TempWarehouse {
  let warehouse: TempWarehouse | undefined;
  let folder = '';
  beforeAll(async () => {
    warehouse = await newWarehouse();
    folder = join(warehouse.store.root, '..');
  });
  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });
  return () => {
    if (!warehouse) throw new Error('tempWarehouse() is only ready inside a test');
    return warehouse;
  };
}

/** A fresh warehouse now (for tests that need one each); the caller removes `store.root/..`. */
export async function newWarehouse(): Promise<TempWarehouse> {
  const folder = await mkdtemp(join(tmpdir(), 'outturn-ingest-test-'));
  return { store: new LocalStore(join(folder, 'store')), scratch: await mkdtemp(join(folder, 'scratch-')) };
}

/** Ingest options for tests: the fixed key and a small DuckDB. */
export function testOptions(store: LocalStore, extra: Partial<IngestOptions> = {}): IngestOptions {
  return { store, keys: new StaticKeyProvider(TEST_KEY), memoryLimit: '256MB', threads: 1, ...extra };
}

let counter = 0;

/**
 * Uploads content (text or bytes) under `key` (`<partner>/<dataset>/<period>/<name>`)
 * through the real pipeline, and checks the receipt with `expectSoundReceipt`.
 */
export async function upload(
  warehouse: TempWarehouse,
  key: string,
  content: string | Buffer,
  options: Partial<IngestOptions> & { clear?: readonly string[] } = {},
): Promise<Receipt> {
  const file = join(warehouse.scratch, `upload-${++counter}-${key.split('/').pop()}`);
  await writeFile(file, content);
  return uploadPath(warehouse, key, file, options);
}

/** Uploads a file from disk (a fixture or peer file) and checks its receipt. */
export async function uploadPath(
  warehouse: TempWarehouse,
  key: string,
  file: string,
  options: Partial<IngestOptions> & { clear?: readonly string[] } = {},
): Promise<Receipt> {
  const { clear, ...ingest } = options;
  const receipt = await uploadFile({ ...testOptions(warehouse.store, ingest), file, key });
  expectSoundReceipt(receipt, clear ?? []);
  return receipt;
}

/** Reads a fixture under test/fixtures/ingest/. */
export async function fixture(path: string): Promise<Buffer> {
  return readFile(join(FIXTURES, path));
}

/**
 * What every receipt must satisfy (datasets.md §6): the schema, `rows_read =
 * rows_accepted + rows_rejected`, a REJECTED receipt accepts nothing, row lists of at
 * most 100 ascending partner row numbers, and none of the `clear` identifier values
 * anywhere in it.
 */
export function expectSoundReceipt(receipt: Receipt, clear: readonly string[] = []): void {
  expect(() => receiptSchema.parse(receipt)).not.toThrow();
  expect(receipt.rows_read).toBe(receipt.rows_accepted + receipt.rows_rejected);
  if (receipt.status === 'REJECTED') expect(receipt.rows_accepted).toBe(0);
  for (const issue of [...receipt.errors, ...receipt.warnings]) {
    expect(issue.rows.length).toBeLessThanOrEqual(100);
    expect(issue.rows.length).toBeLessThanOrEqual(issue.count);
    expect([...issue.rows].sort((a, b) => a - b)).toEqual(issue.rows);
  }
  const text = JSON.stringify(receipt);
  for (const value of clear) expect(text, 'a receipt repeats an identifier value').not.toContain(value);
}

/** The distinct codes of a receipt's errors (or warnings), sorted. */
export function codes(issues: readonly ReceiptIssue[]): string[] {
  return [...new Set(issues.map((i) => i.code))].sort();
}

/** The one issue with this code (and column, when given); fails the test when absent. */
export function issueOf(issues: readonly ReceiptIssue[], code: string, column?: string): ReceiptIssue {
  const found = issues.filter((i) => i.code === code && (column === undefined || i.column === column));
  expect(found, `expected one ${code}${column ? ` on ${column}` : ''} in ${JSON.stringify(issues.map((i) => [i.code, i.column]))}`).toHaveLength(1);
  return found[0];
}

/** Rows counted through the engine (the dataset's view: the rows that count). */
export async function countThroughEngine(store: LocalStore, sql: string): Promise<number> {
  const engine = await DuckDbEngine.open({ store, memoryLimit: '256MB', threads: 1 });
  try {
    const rows = await engine.query(sql);
    return Number(Object.values(rows[0])[0]);
  } finally {
    await engine.close();
  }
}

/** Runs SQL through the engine over the store and returns the rows. */
export async function queryStore(store: LocalStore, sql: string): Promise<Record<string, unknown>[]> {
  const engine = await DuckDbEngine.open({ store, memoryLimit: '256MB', threads: 1 });
  try {
    return await engine.query(sql);
  } finally {
    await engine.close();
  }
}

/**
 * Every Parquet file given, decoded by DuckDB: each row as its column names and
 * values cast to text, one line per row, so a test can search the text for values.
 */
export async function parquetAsText(paths: readonly string[]): Promise<string> {
  if (!paths.length) return '';
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', threads: '1' });
  const db = await instance.connect();
  try {
    const lines: string[] = [];
    for (const path of paths) {
      const reader = await db.runAndReadAll(`SELECT * FROM read_parquet('${path.replace(/'/g, "''")}')`);
      const names = reader.columnNames();
      for (const row of reader.getRowsJS()) {
        lines.push(row.map((v, i) => `${names[i]}=${v instanceof Date ? v.toISOString().slice(0, 10) : String(v)}`).join('|'));
      }
    }
    return lines.join('\n');
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

/** Everything under a prefix of the store as text: Parquet decoded through DuckDB, anything else as UTF-8. */
export async function storeText(store: LocalStore, prefix: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const object of store.list(prefix)) {
    const path = store.localPath(object.key);
    out.set(object.key, object.key.endsWith('.parquet') ? await parquetAsText([path]) : await readFile(path, 'utf8'));
  }
  return out;
}

/** The keys under a prefix of the store. */
export async function keysUnder(store: LocalStore, prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const object of store.list(prefix)) out.push(object.key);
  return out;
}

// Independent implementations of the identifier rules of datasets.md §3.

const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/** The DfE check letter of the 12 characters after it (11 digits and a digit or letter). */
export function upnCheckLetter(rest: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) {
    const ch = rest[i];
    sum += (i + 2) * (/\d/.test(ch) ? Number(ch) : UPN_LETTERS.indexOf(ch));
  }
  return UPN_LETTERS[sum % 23];
}

/** True for a 13-character UPN (any case, spaces ignored) whose check letter is right. */
export function isValidUpn(value: string): boolean {
  const upn = value.replace(/\s/g, '').toUpperCase();
  return /^[A-Z]\d{11}[\dA-HJ-NP-RT-Z]$/.test(upn) && upnCheckLetter(upn.slice(1)) === upn[0];
}

/** True for a 10-digit NHS number (spaces and hyphens allowed) with a valid modulus-11 check digit. */
export function isValidNhs(value: string): boolean {
  const digits = value.replace(/[\s-]/g, '');
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (10 - i) * Number(digits[i]);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

/** Trimmed, upper case, spaces and hyphens removed (datasets.md §3). */
export function normalised(value: string): string {
  return value.trim().toUpperCase().replace(/[\s-]/g, '');
}

/** HMAC-SHA256(key, "<kind>:" + normalised) as 32 lower-case hex, computed here with node:crypto. */
export function expectedPseudonym(kind: PseudonymKind, value: string, key: Buffer = TEST_KEY): string {
  return createHmac('sha256', key).update(`${kind}:${normalised(value)}`).digest('hex').slice(0, 32);
}

/**
 * A minimal CSV reader for the hand-made fixtures (quotes, doubled quotes, CRLF, BOM):
 * returns the header and the data rows with their partner row numbers.
 */
export function parseCsv(text: string): { header: string[]; rows: { row: number; cells: string[] }[] } {
  const records: string[][] = [];
  const lines: number[] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let line = 1;
  let start = 1;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else { if (ch === '\n') line++; field += ch; }
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { record.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      lines.push(start);
      record = []; field = ''; line++; start = line;
    } else field += ch;
  }
  if (field !== '' || record.length) { record.push(field); records.push(record); lines.push(start); }
  const [header, ...data] = records;
  return {
    header,
    rows: data
      .map((cells, i) => ({ row: lines[i + 1], cells }))
      .filter((r) => r.cells.some((c) => c.trim() !== '')),
  };
}

const headerKey = (h: string) => h.trim().toLowerCase().replace(/[\s_.-]+/g, '');

/**
 * The values of a CSV's identifying columns (pseudonymised ids, UPN, NHS number, date
 * of birth, postcode) as sent and normalised: what must never appear in a receipt,
 * curated/ or quarantine/.
 */
export function clearValues(dataset: string, csv: string): string[] {
  const contract = getDataset(dataset);
  const { header, rows } = parseCsv(csv);
  const personal = header.map((h) => contract.columns.find((c) =>
    [c.name, ...c.aliases].some((n) => headerKey(n) === headerKey(h)) &&
    (c.pseudonym !== undefined || ['upn', 'nhs', 'dob', 'postcode'].includes(c.type))));
  const out = new Set<string>();
  for (const { cells } of rows) {
    personal.forEach((column, i) => {
      const value = cells[i]?.trim();
      if (!column || !value) return;
      out.add(value);
      if (column.type !== 'dob') out.add(normalised(value));
    });
  }
  return [...out];
}
