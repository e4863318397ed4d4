/**
 * One measured ingest run in its own process, so that its peak RSS (DuckDB's native
 * memory included) is its own. Prints one JSON line on stdout.
 *
 * Usage: node --import tsx scripts/bench-ingest-once.ts --mode ours|duckdb|floor|profile
 *          --file F --work DIR [--threads N] [--memory-limit 1GB]
 *
 * - ours: the real ingest of a landing object (raw copy and sha256, staging, every rule,
 *   pseudonyms, Parquet, receipt) into a fresh local store;
 * - duckdb: the reference, `COPY (SELECT * FROM read_csv(F)) TO … (FORMAT PARQUET)`,
 *   no validation;
 * - floor: a plain two-pass design straight from the CSV (every column's distinct
 *   values, then the pseudonymised write) and nothing else;
 * - profile: the same steps as `ours` called one by one, with their timings.
 */
import { parseArgs } from 'node:util';
import { runIngestOnce, type IngestMode } from './bench/ingest-run';

const { values } = parseArgs({
  options: {
    mode: { type: 'string', default: 'ours' },
    file: { type: 'string' },
    work: { type: 'string' },
    threads: { type: 'string' },
    'memory-limit': { type: 'string' },
  },
});
if (!values.file || !values.work) {
  process.stderr.write('bench-ingest-once: give --file and --work\n');
  process.exit(2);
}
const result = await runIngestOnce({
  mode: values.mode as IngestMode,
  file: values.file,
  workDir: values.work,
  threads: values.threads ? Number(values.threads) : undefined,
  memoryLimit: values['memory-limit'],
});
process.stdout.write(`${JSON.stringify({ ...result, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
