/**
 * Parts 1 and 2 of the benchmark: ingest speed against DuckDB's own unvalidated
 * CSV→Parquet conversion of the same file (and the ingest of its faulty variant, whose
 * rejected rows take the costlier path), and peak memory at growing file sizes. Every
 * run is its own child process (scripts/bench-ingest-once.ts).
 */
import { join } from 'node:path';
import { attendanceFile, type AttendanceFile } from './attendance-file';
import type { IngestMode, IngestRunResult } from './ingest-run';
import { median, runChild, type RssSource } from './measure';

export interface IngestSectionOptions {
  /** The repository root (where scripts/ is). */
  readonly root: string;
  /** The scratch folder (generated files, run folders). */
  readonly scratch: string;
  readonly rows: number;
  /** Runs of each side; medians are reported. */
  readonly runs: number;
  /** DuckDB threads for both sides. @default DuckDB's own (every core) */
  readonly threads?: number;
  /** DuckDB's memory limit for both sides. @default the ingest's own default, DuckDB's for the reference */
  readonly memoryLimit?: string;
  readonly progress: (message: string) => void;
}

export interface MeasuredRun extends IngestRunResult {
  readonly peakRssBytes: number;
}

export interface IngestSection {
  readonly file: Omit<AttendanceFile, 'path'>;
  readonly rssSource: RssSource;
  readonly ours: Side & { readonly status: string };
  readonly duckdb: Side;
  /** A plain two-pass design straight from the CSV, with no checks (./ingest-run.ts, floor). */
  readonly floor: Side;
  /** Seconds per step of one more run of ours, its steps called one by one (./ingest-run.ts, profile). */
  readonly steps: Record<string, number>;
  /** Ours on the faulty variant of the file (./attendance-file.ts): rows rejected with their codes. */
  readonly faulty: Side & { readonly status: string; readonly rowsRejected: number; readonly faultyRows: number };
  /** ours ÷ DuckDB in rows per second (1 = as fast as DuckDB's unvalidated conversion). */
  readonly ratio: number;
  /** floor ÷ DuckDB: what the plain two passes reach on this machine. */
  readonly floorRatio: number;
}

interface Side { readonly runs: MeasuredRun[]; readonly medianSeconds: number; readonly rowsPerSecond: number; readonly medianPeakRssBytes: number; readonly parquetBytes: number }

/** One measured run of `mode` over `file` in its own process. */
export async function measuredRun(
  options: Pick<IngestSectionOptions, 'root' | 'scratch' | 'threads' | 'memoryLimit'>, mode: IngestMode, file: string,
): Promise<{ run: MeasuredRun; rssSource: RssSource }> {
  const args = ['--mode', mode, '--file', file, '--work', join(options.scratch, 'work')];
  if (options.threads) args.push('--threads', String(options.threads));
  if (options.memoryLimit) args.push('--memory-limit', options.memoryLimit);
  const { result, peakRssBytes, rssSource } = await runChild<IngestRunResult & { maxRssBytes?: number }>(options.root, 'scripts/bench-ingest-once.ts', args);
  const { maxRssBytes: _own, ...rest } = result;
  return { run: { ...rest, peakRssBytes }, rssSource };
}

/** Runs ours, DuckDB's conversion and the floor in turn, `runs` times each, on the same file. */
export async function ingestSection(options: IngestSectionOptions): Promise<IngestSection> {
  options.progress(`generating (or reusing) the ${options.rows.toLocaleString('en-GB')}-row attendance file…`);
  const { path, ...file } = await attendanceFile({ rows: options.rows, dir: options.scratch });
  const faultyFile = await attendanceFile({ rows: options.rows, dir: options.scratch, faulty: true });
  const ours: MeasuredRun[] = [];
  const faulty: MeasuredRun[] = [];
  const duckdb: MeasuredRun[] = [];
  const floor: MeasuredRun[] = [];
  let rssSource: RssSource = 'resource-usage';
  for (let i = 1; i <= options.runs; i++) {
    options.progress(`ingest run ${i}/${options.runs}: ours`);
    const a = await measuredRun(options, 'ours', path);
    ours.push(a.run);
    rssSource = a.rssSource;
    options.progress(`ingest run ${i}/${options.runs}: DuckDB read_csv → Parquet`);
    duckdb.push((await measuredRun(options, 'duckdb', path)).run);
    options.progress(`ingest run ${i}/${options.runs}: the floor (distinct values, then the pseudonymised write)`);
    floor.push((await measuredRun(options, 'floor', path)).run);
    options.progress(`ingest run ${i}/${options.runs}: ours, the faulty variant`);
    faulty.push((await measuredRun(options, 'ours', faultyFile.path)).run);
  }
  options.progress('ingest: one more run of ours, step by step');
  const steps = (await measuredRun(options, 'profile', path)).run.steps ?? {};
  const summary = (list: MeasuredRun[]): Side => {
    const seconds = median(list.map((r) => r.seconds));
    return {
      runs: list, medianSeconds: seconds, rowsPerSecond: file.rows / seconds,
      medianPeakRssBytes: median(list.map((r) => r.peakRssBytes)), parquetBytes: list[0].parquetBytes,
    };
  };
  const o = summary(ours);
  const d = summary(duckdb);
  const f = summary(floor);
  const faults = {
    ...summary(faulty), status: faulty[0].status, rowsRejected: faulty[0].rowsRead - faulty[0].rowsAccepted, faultyRows: faultyFile.faultyRows,
  };
  return {
    file, rssSource, ours: { ...o, status: ours[0].status }, duckdb: d, floor: f, faulty: faults, steps,
    ratio: o.rowsPerSecond / d.rowsPerSecond, floorRatio: f.rowsPerSecond / d.rowsPerSecond,
  };
}

export interface MemorySectionOptions extends Omit<IngestSectionOptions, 'rows' | 'runs'> {
  readonly sizes: readonly number[];
}

export interface MemoryPoint {
  readonly rows: number;
  readonly csvBytes: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  readonly peakRssBytes: number;
  readonly status: string;
}

export interface MemorySection {
  readonly points: MemoryPoint[];
  /** Largest peak ÷ smallest peak: 1 is perfectly flat. */
  readonly growth: number;
  readonly maxPeakRssBytes: number;
}

/** One run of our ingest per size, each in its own process, for its peak RSS. */
export async function memorySection(options: MemorySectionOptions): Promise<MemorySection> {
  const points: MemoryPoint[] = [];
  for (const rows of options.sizes) {
    options.progress(`memory: generating (or reusing) ${rows.toLocaleString('en-GB')} rows…`);
    const file = await attendanceFile({ rows, dir: options.scratch });
    options.progress(`memory: ingesting ${rows.toLocaleString('en-GB')} rows`);
    const { run } = await measuredRun(options, 'ours', file.path);
    points.push({ rows, csvBytes: file.bytes, seconds: run.seconds, rowsPerSecond: rows / run.seconds, peakRssBytes: run.peakRssBytes, status: run.status });
  }
  const peaks = points.map((p) => p.peakRssBytes);
  return { points, growth: Math.max(...peaks) / Math.min(...peaks), maxPeakRssBytes: Math.max(...peaks) };
}
