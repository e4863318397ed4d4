/**
 * The body of one measured ingest run (see scripts/bench-ingest-once.ts): the real
 * upload path, DuckDB's unvalidated conversion as the reference, or the upload's steps
 * one by one with their timings.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { getDataset } from '../../schemas';
import { matchHeaders } from '../../functions/ingest/headers';
import { StaticKeyProvider } from '../../functions/ingest/pseudonymise';
import { stageUpload } from '../../functions/ingest/read';
import { openIngestDatabase, processLandingObject } from '../../functions/ingest/process';
import { createWithPseudonyms, CURATED_PARQUET, curatedSelect, lit, validate } from '../../functions/ingest/validate';
import { columnSql } from '../../functions/ingest/sql-types';
import { LocalStore } from '../../functions/store/local-store';
import { BENCH_PERIOD } from './attendance-file';

export const INGEST_MODES = ['ours', 'duckdb', 'floor', 'profile'] as const;
export type IngestMode = (typeof INGEST_MODES)[number];

export interface IngestRunOptions {
  readonly mode: IngestMode;
  /** The attendance CSV. */
  readonly file: string;
  /** Scratch folder; the run's store and files are removed at the end. */
  readonly workDir: string;
  /** DuckDB threads. @default DuckDB's own (every core) */
  readonly threads?: number;
  /** DuckDB's memory limit. @default the ingest's own default (384MB) for ours, DuckDB's for the reference */
  readonly memoryLimit?: string;
}

export interface IngestRunResult {
  readonly mode: IngestMode;
  readonly seconds: number;
  readonly rowsRead: number;
  readonly rowsAccepted: number;
  readonly status: string;
  readonly parquetBytes: number;
  /** Seconds per step (profile mode only). */
  readonly steps?: Record<string, number>;
}

/** The dates the bench's attendance file is checked against (its month, received after it). */
const BENCH_DATES = { periodStart: `${BENCH_PERIOD}-01`, periodEnd: `${BENCH_PERIOD}-30`, receivedDate: '2024-10-05', xlsx: false };

/** The landing key of every benchmark upload. */
export const BENCH_KEY = `schools/attendance/${BENCH_PERIOD}/marks.csv`;

/** Runs one ingest and times it; the scratch folder of the run is removed afterwards. */
export async function runIngestOnce(options: IngestRunOptions): Promise<IngestRunResult> {
  await mkdir(options.workDir, { recursive: true });
  const work = await mkdtemp(join(options.workDir, `${options.mode}-`));
  try {
    if (options.mode === 'ours') return await ours(options, work);
    if (options.mode === 'duckdb') return await reference(options, work);
    if (options.mode === 'floor') return await floor(options, work);
    if (options.mode === 'profile') return await profile(options, work);
    throw new Error(`Unknown mode '${String(options.mode)}': use ${INGEST_MODES.join(', ')}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function ours(options: IngestRunOptions, work: string): Promise<IngestRunResult> {
  const store = new LocalStore(join(work, 'store'));
  // The partner's upload is not the ingest's work: the clock starts where the S3 event
  // would start the ingest, with the file already in landing/.
  const key = `landing/${BENCH_KEY}`;
  await store.putFile(key, options.file);
  const started = performance.now();
  const receipt = await processLandingObject(key, {
    store, keys: new StaticKeyProvider(randomBytes(32)), workDir: work,
    ...(options.threads ? { threads: options.threads } : {}),
    ...(options.memoryLimit ? { memoryLimit: options.memoryLimit } : {}),
  });
  const seconds = (performance.now() - started) / 1000;
  let parquetBytes = 0;
  for await (const object of store.list('curated/')) parquetBytes += object.size;
  return {
    mode: 'ours', seconds, rowsRead: receipt.rows_read, rowsAccepted: receipt.rows_accepted, status: receipt.status, parquetBytes,
  };
}

async function reference(options: IngestRunOptions, work: string): Promise<IngestRunResult> {
  const out = join(work, 'reference.parquet');
  const started = performance.now();
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    ...(options.threads ? { threads: String(options.threads) } : {}),
    ...(options.memoryLimit ? { memory_limit: options.memoryLimit } : {}),
  });
  const db = await instance.connect();
  let rows = 0;
  try {
    const result = await db.runAndReadAll(`COPY (SELECT * FROM read_csv(${lit(options.file)})) TO ${lit(out)} (FORMAT PARQUET)`);
    rows = Number(result.getRowsJS()[0]?.[0] ?? 0);
  } finally {
    db.closeSync();
    instance.closeSync();
  }
  const seconds = (performance.now() - started) / 1000;
  return { mode: 'duckdb', seconds, rowsRead: rows, rowsAccepted: rows, status: 'CONVERTED', parquetBytes: (await stat(out)).size };
}

/**
 * The floor: a plain design of two passes straight from the CSV, for comparison. One pass
 * for every column's distinct values and the row count, the HMAC of each distinct
 * identifier (as ours), then the Parquet write with identifiers replaced and other
 * columns cast, with the curated Parquet settings. Nothing is checked, and there are no
 * row numbers, no duplicate-key check, no raw copy or sha256. Ours, which stages the file
 * once and reads its dictionary pages after, is now faster than this.
 */
async function floor(options: IngestRunOptions, work: string): Promise<IngestRunResult> {
  const out = join(work, 'floor.parquet');
  const contract = getDataset('attendance');
  const started = performance.now();
  const { instance, db } = await openIngestDatabase(work, options);
  try {
    await db.run(`SET disabled_optimizers = 'build_side_probe_side'`);
    const csv = `read_csv(${lit(options.file)}, header = true, auto_detect = false, delim = ',', quote = '', escape = '', new_line = '\\n',
                          columns = {${contract.columns.map((c) => `'${c.name}': 'VARCHAR'`).join(', ')}})`;
    const names = contract.columns.map((c) => `"${c.name}"`);
    await db.run(`
      CREATE TABLE distinct_values AS
      SELECT grouping_id(${names.join(', ')}) AS g, ${names.join(', ')}, count(*) AS n FROM ${csv}
      GROUP BY GROUPING SETS (${[...names.map((n) => `(${n})`), '()'].join(', ')})`);
    const only = (i: number) => 2 ** names.length - 1 - 2 ** (names.length - 1 - i);
    for (const [i, c] of contract.columns.entries()) {
      if (!c.pseudonym) continue;
      await createWithPseudonyms(db, `"p_${c.name}"`, `SELECT "${c.name}" AS raw, "${c.name}" AS v FROM distinct_values WHERE g = ${only(i)}`, c, randomBytes(32));
    }
    const values = contract.columns.map((c) => (c.pseudonym
      ? `"p_${c.name}".ps AS "${c.name}"`
      : `TRY_CAST(nullif(s."${c.name}", '') AS ${columnSql(c, BENCH_DATES).sqlType}) AS "${c.name}"`));
    const joins = contract.columns.filter((c) => c.pseudonym).map((c) => `LEFT JOIN "p_${c.name}" ON s."${c.name}" = "p_${c.name}".raw`);
    const result = await db.run(`
      COPY (SELECT ${values.join(', ')}, 'bench' AS upload_id FROM ${csv} AS s ${joins.join(' ')})
      TO ${lit(out)} (${CURATED_PARQUET})`);
    const rows = Number(result.rowsChanged);
    const seconds = (performance.now() - started) / 1000;
    return { mode: 'floor', seconds, rowsRead: rows, rowsAccepted: rows, status: 'UNCHECKED', parquetBytes: (await stat(out)).size };
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

/**
 * The steps of the upload, called one by one as functions/ingest/process.ts calls them
 * (staging, validation, the Parquet write), each timed.
 */
async function profile(options: IngestRunOptions, work: string): Promise<IngestRunResult> {
  const steps: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    steps[name] = (now - mark) / 1000;
    mark = now;
  };
  const started = mark;
  const contract = getDataset('attendance');
  const { instance, db } = await openIngestDatabase(work, options);
  lap('open');
  try {
    const staged = await stageUpload(db, options.file, work, { format: 'csv', dataset: 'attendance', maxRows: 50_000_000 });
    lap(staged.columnar ? 'stage (DuckDB, plain CSV)' : 'stage (reader)');
    const match = matchHeaders(staged.headers, contract);
    const result = await validate({ connection: db, contract, staged, match, dates: BENCH_DATES, pseudonymKey: randomBytes(32) });
    lap('validate');
    const parquet = join(work, 'curated.parquet');
    await db.run(`COPY (${curatedSelect(contract, match, 'bench', BENCH_DATES, result.mapLookups)}) TO ${lit(parquet)} (${CURATED_PARQUET})`);
    lap('parquet');
    return {
      mode: 'profile', seconds: (performance.now() - started) / 1000, rowsRead: result.rowsRead,
      rowsAccepted: result.rowsRead - result.rowsRejected, status: result.rowsRejected ? 'ACCEPTED_WITH_ERRORS' : 'ACCEPTED',
      parquetBytes: (await stat(parquet)).size, steps,
    };
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}
