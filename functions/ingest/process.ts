/**
 * Processing one landing object, start to finish: raw copy, key and file checks,
 * validation, pseudonymisation, Parquet, quarantine, receipt. The receipt is written
 * last and is the commit point; every earlier write is to a path named by the upload
 * id, so re-running after a crash rewrites the same objects and ends with one receipt.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { getDataset, PARTNERS, type DatasetContract, type Receipt, type ReceiptIssue, receiptSchema } from '../../schemas';
import type { Store } from '../store/store';
import { curatedKey, quarantineKey, rawKey, receiptKey, uploadLedgerKey } from '../store/layout';
import { FileRejection } from './errors';
import { matchHeaders } from './headers';
import { keyParts, parseLandingKey, safe, ukDate, type LandingObject } from './landing-key';
import { sha256File } from './digest';
import { COUNTING, current, laterThan, readReceipt, receiptsOf, removeReplaced } from './ledger';
import { rowMessage } from './messages';
import type { PseudonymKeyProvider } from './pseudonymise';
import { FileFault, stageUpload } from './read';
import { CURATED_PARQUET, curatedSelect, lit, quarantineSelect, validate, type IssueSummary } from './validate';

export interface IngestOptions {
  readonly store: Store;
  readonly keys: PseudonymKeyProvider;
  /** Scratch space for the downloaded, staged and written files. @default os.tmpdir() */
  readonly workDir?: string;
  /** F006 above this many bytes. @default 10 GiB */
  readonly maxBytes?: number;
  /** F006 above this many data rows. @default 50,000,000 */
  readonly maxRows?: number;
  /**
   * DuckDB's memory limit; it spills to the work folder beyond. Measured on attendance
   * files (commit 237e27f): 384 MB keeps the whole process at 0.38–0.63 GB from 1M to 28M
   * rows (a 1 GB CSV), and 256 MB at 0.48 GB for 28M rows. The 384 MB is kept for files
   * these figures do not cover: a key that takes the hash search for repeats
   * (./repeats.ts) groups every row.
   * @default '384MB'
   */
  readonly memoryLimit?: string;
  /** DuckDB threads. @default DuckDB's own (the machine's cores) */
  readonly threads?: number;
  /** The clock, for processed_at. @default () => new Date() */
  readonly now?: () => Date;
}

const DEFAULTS = { maxBytes: 10 * 1024 ** 3, maxRows: 50_000_000, memoryLimit: '384MB' } as const;

/** The upload id: dataset and period, then the time received, then a digest of key and time. */
export function uploadIdFor(key: string, receivedAt: Date): string {
  const parts = keyParts(key);
  const stamp = receivedAt.toISOString().replace(/[-:]/g, '').replace('.', '');
  const digest = createHash('sha256').update(`${key}\n${receivedAt.toISOString()}`).digest('hex').slice(0, 10);
  return `${safe(parts.dataset) || 'unknown'}.${safe(parts.period) || 'unknown'}.${stamp}.${digest}`;
}

/** The folder of receipts/ a landing key's receipt goes to. */
export function receiptPartner(key: string): string {
  const partner = keyParts(key).partner;
  return partner && (PARTNERS as readonly string[]).includes(partner) ? partner : 'unknown';
}

/**
 * Processes one landing object and returns its receipt. Idempotent: an object that
 * already has a receipt returns it unchanged.
 * @throws IngestConfigurationError when there is no pseudonymisation key (nothing written)
 */
export async function processLandingObject(key: string, options: IngestOptions): Promise<Receipt> {
  const { store } = options;
  const head = await store.head(key);
  if (!head) throw new Error(`No landing object at ${key}`);
  const uploadId = uploadIdFor(key, head.lastModified);
  const partner = receiptPartner(key);
  const existing = await store.head(receiptKey(partner, uploadId));
  if (existing) {
    const receipt = await readReceipt(store, existing.key);
    // A crash between the commit and the clean-up left a replaced upload's curated file,
    // which Athena would still read: a redelivered event finishes the clean-up.
    if (COUNTING.has(receipt.status)) await finishCommit(store, receipt);
    return receipt;
  }

  // Fail closed: without the key, nothing at all is written.
  const pseudonymKey = await options.keys.getKey();

  const work = await mkdtemp(join(options.workDir ?? tmpdir(), 'outturn-ingest-'));
  try {
    const parts = keyParts(key);
    const raw = rawKey(partner, safe(parts.dataset) || 'unknown', safe(parts.period) || 'unknown', uploadId, safe(basename(key)));
    // The raw copy is made inside the store (an S3 server-side copy of the bytes the head
    // named) while the file is fetched and its digest worked out.
    const inPlace = store.localPath(key);
    const local = inPlace ?? join(work, 'input');
    const [sha256] = await Promise.all([
      (inPlace ? Promise.resolve() : store.getToFile(key, local)).then(() => sha256File(local)),
      store.copy(head, raw),
    ]);
    const base: Receipt = {
      upload_id: uploadId, key, partner,
      dataset: parts.dataset ?? null, period: parts.period ?? null,
      sha256, bytes: head.size, received_at: head.lastModified.toISOString(), processed_at: '',
      status: 'REJECTED', rows_read: 0, rows_accepted: 0, rows_rejected: 0, errors: [], warnings: [], supersedes: null,
    };
    await store.put(`${raw}.sha256`, `${sha256}\n`);

    let receipt: Receipt;
    try {
      const landing = parseLandingKey(key, head.lastModified);
      if (head.size > (options.maxBytes ?? DEFAULTS.maxBytes)) {
        throw new FileRejection('F006', `The file is ${head.size} bytes, over the limit of ${options.maxBytes ?? DEFAULTS.maxBytes}.`);
      }
      receipt = await duplicateOf(store, landing, base) ?? await ingest(landing, local, work, base, pseudonymKey, options);
    } catch (e) {
      if (!(e instanceof FileRejection || e instanceof FileFault)) throw e;
      receipt = { ...base, errors: [fileIssue(e.code, e.message, e instanceof FileRejection ? e.column : undefined), ...base.errors] };
    }
    receipt = receiptSchema.parse({ ...receipt, processed_at: (options.now?.() ?? new Date()).toISOString() });
    // The commit. One line: Athena reads receipts/ as JSON lines.
    await store.put(receiptKey(partner, uploadId), `${JSON.stringify(receipt)}\n`);
    if (COUNTING.has(receipt.status)) await finishCommit(store, receipt);
    return receipt;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * After the receipt (and again on redelivery, in case a crash came between): the
 * analyst-readable ledger line that Athena's `uploads` view reads, then the clean-up of
 * curated files that this upload replaced. Both are idempotent.
 */
async function finishCommit(store: Store, receipt: Receipt): Promise<void> {
  const contract = getDataset(receipt.dataset!);
  const { dataset, partner, period, upload_id, status, rows_read, rows_accepted, rows_rejected, received_at } = receipt;
  const ledger = uploadLedgerKey(contract.name, upload_id);
  if (!(await store.head(ledger))) {
    await store.put(ledger, `${JSON.stringify({ dataset, partner, period, upload_id, status, rows_read, rows_accepted, rows_rejected, received_at })}\n`);
  }
  await removeReplaced(store, contract, period!);
}

/** Same bytes already accepted for this partner, dataset and period: a no-op. */
async function duplicateOf(store: Store, landing: LandingObject, base: Receipt): Promise<Receipt | undefined> {
  const earlier = (await receiptsOf(store, landing.contract, landing.period))
    .find((r) => COUNTING.has(r.status) && r.sha256 === base.sha256 && r.upload_id !== base.upload_id);
  if (!earlier) return undefined;
  return { ...base, status: 'DUPLICATE', duplicate_of: earlier.upload_id };
}

/**
 * The ingest's DuckDB: in memory, spilling to `<work>/duckdb` beyond the memory limit,
 * rows in any order unless a query asks for file order. Close both when done.
 */
export async function openIngestDatabase(
  work: string, options: Pick<IngestOptions, 'memoryLimit' | 'threads'>,
): Promise<{ instance: DuckDBInstance; db: DuckDBConnection }> {
  await mkdir(join(work, 'duckdb'), { recursive: true });
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    memory_limit: options.memoryLimit ?? DEFAULTS.memoryLimit,
    temp_directory: join(work, 'duckdb'),
    preserve_insertion_order: 'false',
    ...(options.threads ? { threads: String(options.threads) } : {}),
  });
  return { instance, db: await instance.connect() };
}

async function ingest(
  landing: LandingObject, local: string, work: string, base: Receipt, pseudonymKey: Buffer, options: IngestOptions,
): Promise<Receipt> {
  const { contract } = landing;
  const { instance, db } = await openIngestDatabase(work, options);
  try {
    const staged = await stageUpload(db, local, work, {
      format: landing.format, dataset: landing.dataset, maxRows: options.maxRows ?? DEFAULTS.maxRows,
    });
    const match = matchHeaders(staged.headers, contract);
    const warnings: ReceiptIssue[] = match.warnings.map((w) => ({ code: w.code, column: clip(w.column), message: w.message, count: 1, rows: staged.headerRow ? [staged.headerRow] : [] }));
    const nilJson = staged.headers.length === 0 && staged.rows === 0;
    if (match.clashes.length) {
      const c = match.clashes[0];
      throw new FileRejection('F007', `Headers ${c.headers.map((h) => `'${clip(h)}'`).join(' and ')} both map to column ${c.column}.`, c.column);
    }
    if (match.missing.length && !nilJson) {
      return { ...base, warnings, errors: match.missing.map((m) => fileIssue('F004', `Required column ${m} is missing (accepted headers: ${[m, ...(contract.columns.find((c) => c.name === m)?.aliases ?? [])].join(', ')}).`, m)) };
    }

    const dates = { periodStart: landing.periodStart, periodEnd: landing.periodEnd, receivedDate: ukDate(new Date(base.received_at)), xlsx: landing.format === 'xlsx' };
    const result = await validate({ connection: db, contract, staged, match, dates, pseudonymKey });
    const errors = result.errors.map((e) => rowIssue(e, contract));
    warnings.push(...result.warnings.map((w) => rowIssue(w, contract)));
    const rejectedRatio = result.rowsRead ? result.rowsRejected / result.rowsRead : 0;

    if (result.rowsRejected > 0) {
      const path = join(work, 'quarantine.csv');
      await db.run(`COPY (${quarantineSelect(contract, match)}) TO ${lit(path)} (FORMAT CSV, HEADER)`);
      await options.store.putFile(quarantineKey(landing.partner, base.upload_id), path);
    }
    if (rejectedRatio > contract.rejectThreshold) {
      const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
      return {
        ...base, warnings, rows_read: result.rowsRead, rows_rejected: result.rowsRead,
        errors: [fileIssue('F008', `${result.rowsRejected} of ${result.rowsRead} rows (${pct(rejectedRatio)}) were rejected, over the ${pct(contract.rejectThreshold)} threshold; the file is rejected and the row errors are listed.`), ...errors],
      };
    }

    const parquet = join(work, 'curated.parquet');
    const rowsAccepted = result.rowsRead - result.rowsRejected;
    const written = Number((await db.run(`COPY (${curatedSelect(contract, match, base.upload_id, dates, result.mapLookups)}) TO ${lit(parquet)} (${CURATED_PARQUET})`)).rowsChanged);
    // The receipt's counts are the reader's; a curated file that disagrees is never committed.
    if (written !== rowsAccepted) {
      throw new Error(`The curated write holds ${written} rows, not the ${rowsAccepted} accepted of ${result.rowsRead} read.`);
    }
    await options.store.putFile(curatedKey(contract, landing.period, base.upload_id), parquet);

    const accepted = { ...base, rows_read: result.rowsRead, rows_rejected: result.rowsRejected, rows_accepted: rowsAccepted, errors, warnings };
    return {
      ...accepted,
      status: result.rowsRejected ? 'ACCEPTED_WITH_ERRORS' : 'ACCEPTED',
      supersedes: await supersedes(options.store, contract, accepted),
    };
  } catch (e) {
    // Bad input gets a receipt, not a crash: a file beyond what the memory limit can
    // validate (DuckDB spills to disk first) is too large for this deployment.
    if (e instanceof Error && /Out of Memory Error/.test(e.message)) {
      throw new FileRejection('F006', `The file is too large to validate within the ingest's memory limit (${options.memoryLimit ?? DEFAULTS.memoryLimit}); split it by month or school, or raise the limit.`, undefined, { cause: e });
    }
    throw e;
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

/**
 * The upload this one replaces for indicator purposes: the one that counted before it,
 * provided this one now counts (an older snapshot arriving late replaces nothing).
 */
async function supersedes(store: Store, contract: DatasetContract, self: Receipt): Promise<string | null> {
  const others = (await receiptsOf(store, contract, contract.cadence === 'snapshot' ? undefined : self.period!))
    .filter((r) => r.upload_id !== self.upload_id && COUNTING.has(r.status));
  if (others.some((r) => laterThan(contract, r, self))) return null;
  return current(contract, others)?.upload_id ?? null;
}

function fileIssue(code: string, message: string, column?: string): ReceiptIssue {
  return { code, column: column ?? null, message, count: 1, rows: [] };
}

function rowIssue(summary: IssueSummary, contract: DatasetContract): ReceiptIssue {
  return { code: summary.code, column: summary.column, message: rowMessage(summary.code as never, summary.column, contract), count: summary.count, rows: summary.rows };
}

const clip = (s: string) => (s.length > 100 ? `${s.slice(0, 97)}…` : s);
