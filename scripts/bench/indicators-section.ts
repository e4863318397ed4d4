/**
 * Part 3 of the benchmark: the full indicator catalogue for one month and for every
 * month of a demo borough, with the bytes read from Parquet per run.
 *
 * Bytes read: what the process reads from files while the run lasts (`rchar` of
 * /proc/self/io, every DuckDB thread included), with DuckDB's external file cache off
 * so each query reads what it needs, as Athena bills it. The receipts and SQL files
 * read on the way are a few kilobytes; nearly all of it is Parquet.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDbEngine } from '../../functions/engine/duckdb-engine';
import { generateBorough, type BoroughFacts } from '../../functions/demo/generate';
import { createDuckDbIndicatorWriter, runIndicators } from '../../functions/indicators/run';
import { StaticKeyProvider } from '../../functions/ingest/pseudonymise';
import { uploadFile } from '../../functions/ingest/upload';
import { LocalStore } from '../../functions/store/local-store';
import { bytesReadSoFar, median } from './measure';
import { periodRange } from '../../functions/indicators/parameters';

/** A fixed last month and "today", so that a borough built once can be reused. */
const END_PERIOD = '2025-03';
const TODAY = new Date('2025-04-10T09:00:00Z');

export interface IndicatorsSectionOptions {
  readonly scratch: string;
  /** Borough sizes in children, e.g. the demo's 56,000 and a 10× one. */
  readonly boroughs: readonly number[];
  readonly months: number;
  /** Runs of the one-month computation; the median is reported. */
  readonly runs: number;
  readonly threads?: number;
  readonly progress: (message: string) => void;
}

export interface IndicatorRun {
  readonly periods: number;
  readonly seconds: number;
  /** Undefined where /proc/self/io is missing. */
  readonly bytesRead: number | undefined;
  readonly rows: number;
}

export interface BoroughResult {
  readonly children: number;
  readonly facts: Pick<BoroughFacts, 'pupils' | 'schools' | 'attendanceRows' | 'firstPeriod' | 'lastPeriod' | 'files'>;
  /** Seconds to generate and upload the borough (once; reused after). */
  readonly buildSeconds: number;
  /** Every Parquet file under curated/ (what a full scan would read). */
  readonly curatedBytes: number;
  readonly curatedFiles: number;
  readonly engineOpenSeconds: number;
  readonly oneMonth: IndicatorRun & { readonly runs: number };
  readonly allMonths: IndicatorRun;
}

export interface IndicatorsSection {
  readonly method: string;
  readonly boroughs: BoroughResult[];
}

export const BYTES_READ_METHOD =
  'bytes read = rchar of /proc/self/io (all threads) over the run, DuckDB external file cache off, so every query reads its Parquet as Athena would; compared with the total size of curated/';

interface Built {
  readonly facts: BoroughResult['facts'];
  readonly buildSeconds: number;
}

/** Builds (or reuses) each borough's warehouse and times the catalogue over it. */
export async function indicatorsSection(options: IndicatorsSectionOptions): Promise<IndicatorsSection> {
  const boroughs: BoroughResult[] = [];
  for (const children of options.boroughs) boroughs.push(await measureBorough(options, children));
  return { method: BYTES_READ_METHOD, boroughs };
}

async function measureBorough(options: IndicatorsSectionOptions, children: number): Promise<BoroughResult> {
  const dir = join(options.scratch, `borough-${children}-${options.months}m`);
  const store = new LocalStore(join(dir, 'store'));
  const built = await buildBorough(options, children, dir, store);

  let curatedBytes = 0;
  let curatedFiles = 0;
  for await (const object of store.list('curated/')) {
    if (!object.key.endsWith('.parquet')) continue;
    curatedBytes += object.size;
    curatedFiles += 1;
  }

  const opened = performance.now();
  const engine = await DuckDbEngine.open({ store, ...(options.threads ? { threads: options.threads } : {}) });
  const engineOpenSeconds = (performance.now() - opened) / 1000;
  try {
    await engine.connection.run('SET enable_external_file_cache = false');
    const periods = periodRange(built.facts.firstPeriod, built.facts.lastPeriod);
    const writer = createDuckDbIndicatorWriter();
    const timed = async (list: readonly string[]): Promise<IndicatorRun> => {
      const before = bytesReadSoFar();
      const started = performance.now();
      const rows = await runIndicators({ store, engine, periods: list, writer, now: TODAY });
      const seconds = (performance.now() - started) / 1000;
      const after = bytesReadSoFar();
      return { periods: list.length, seconds, bytesRead: before === undefined || after === undefined ? undefined : after - before, rows: rows.length };
    };
    const last = periods[periods.length - 1];
    const single: IndicatorRun[] = [];
    for (let i = 1; i <= options.runs; i++) {
      options.progress(`indicators, ${children.toLocaleString('en-GB')} children: ${last} (run ${i}/${options.runs})`);
      single.push(await timed([last]));
    }
    options.progress(`indicators, ${children.toLocaleString('en-GB')} children: ${periods.length} months`);
    const allMonths = await timed(periods);
    const bytes = single.map((r) => r.bytesRead).filter((b): b is number => b !== undefined);
    return {
      children, facts: built.facts, buildSeconds: built.buildSeconds, curatedBytes, curatedFiles, engineOpenSeconds,
      oneMonth: {
        periods: 1, runs: single.length, rows: single[0].rows,
        seconds: median(single.map((r) => r.seconds)),
        bytesRead: bytes.length ? median(bytes) : undefined,
      },
      allMonths,
    };
  } finally {
    await engine.close();
  }
}

/** Generates the borough and uploads every file once; a finished one is reused. */
async function buildBorough(options: IndicatorsSectionOptions, children: number, dir: string, store: LocalStore): Promise<Built> {
  const marker = join(dir, 'built.json');
  const ready = await readFile(marker, 'utf8').then((t) => JSON.parse(t) as Built, () => undefined);
  if (ready) return ready;

  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const started = performance.now();
  options.progress(`generating a borough of ${children.toLocaleString('en-GB')} children, ${options.months} months…`);
  const input = join(dir, 'files');
  const borough = await generateBorough({ outDir: input, children, months: options.months, seed: 1, endPeriod: END_PERIOD, today: TODAY });
  // A fixed key: the borough is synthetic, and reruns must give the same warehouse.
  const keys = new StaticKeyProvider(createHash('sha256').update('outturn benchmark borough').digest());
  for (const [i, file] of borough.files.entries()) {
    options.progress(`uploading ${i + 1}/${borough.files.length}: ${file.key}`);
    await uploadFile({ store, keys, file: file.path, key: file.key, ...(options.threads ? { threads: options.threads } : {}) });
    // Indicators read curated/ and receipts/ only: the copies kept for audit would fill
    // the disk at ten times the demo's size.
    await rm(file.path, { force: true });
    await rm(join(store.root, 'landing'), { recursive: true, force: true });
    await rm(join(store.root, 'raw'), { recursive: true, force: true });
  }
  await rm(input, { recursive: true, force: true });
  const { pupils, schools, attendanceRows, firstPeriod, lastPeriod, files } = borough.facts;
  const built: Built = { facts: { pupils, schools, attendanceRows, firstPeriod, lastPeriod, files }, buildSeconds: (performance.now() - started) / 1000 };
  await writeFile(marker, `${JSON.stringify(built, null, 2)}\n`);
  return built;
}
