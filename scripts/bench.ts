/**
 * `npm run bench`: the performance figures of operations.md §4, as a table or as JSON.
 *
 *   npm run bench                       everything at full size
 *   npm run bench -- --quick            small sizes, a smoke run in a minute or two
 *   npm run bench -- --only ingest      one part: ingest | memory | indicators
 *   npm run -s bench -- --json > b.json  JSON on stdout (progress stays on stderr; -s keeps npm's own lines out)
 *   npm run bench -- --children 56000,560000  the boroughs measured (default: the demo's and 10× it)
 *   npm run bench -- --memory-limit 512MB     the ingest's DuckDB memory limit (default: the ingest's own)
 *
 * Generated files and boroughs are kept in .bench/ and reused by later runs.
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { indicatorsSection } from './bench/indicators-section';
import { ingestSection, memorySection } from './bench/ingest-section';
import { formatReport } from './bench/report';
import { BENCH_PARTS, type BenchPart, type BenchReport } from './bench/types';

/** The demo's borough (operations.md §1). */
const DEMO_CHILDREN = 56_000;

const SIZES = {
  full: { rows: 5_000_000, memory: [1_000_000, 5_000_000, 20_000_000], boroughs: [DEMO_CHILDREN, 10 * DEMO_CHILDREN], months: 24, runs: 3 },
  quick: { rows: 200_000, memory: [100_000, 200_000, 400_000], boroughs: [1_000, 5_000], months: 3, runs: 3 },
} as const;

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    only: { type: 'string', multiple: true },
    runs: { type: 'string' },
    threads: { type: 'string' },
    children: { type: 'string', multiple: true },
    rows: { type: 'string' },
    'memory-limit': { type: 'string' },
  },
});

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

const positive = (name: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) fail(`--${name} must be a whole number above 0; got '${text}'`);
  return n;
};

const sizes = values.quick ? SIZES.quick : SIZES.full;
const parts = (values.only ?? [...BENCH_PARTS]).flatMap((p) => p.split(',')) as BenchPart[];
for (const p of parts) if (!BENCH_PARTS.includes(p)) fail(`--only takes ${BENCH_PARTS.join(', ')}; got '${p}'`);
const runs = positive('runs', values.runs) ?? sizes.runs;
const threads = positive('threads', values.threads);
const rows = positive('rows', values.rows) ?? sizes.rows;
const chosen = values.children?.flatMap((c) => c.split(',')).map((c) => positive('children', c)!);
const boroughs = chosen?.length ? chosen : sizes.boroughs;

const memoryLimit = values['memory-limit'];
if (memoryLimit !== undefined && !/^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i.test(memoryLimit)) fail(`--memory-limit takes a size such as 512MB; got '${memoryLimit}'`);

const root = resolve(import.meta.dirname, '..');
const scratch = join(root, '.bench');
// On a terminal, one line rewritten in place; in a log, one line per step.
const progress = (message: string) => {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${message}`);
  else if (message) process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${message}\n`);
};

const report: {
  -readonly [K in keyof BenchReport]: BenchReport[K];
} = {
  schema: 1,
  startedAt: new Date().toISOString(),
  commit: gitCommit(),
  machine: {
    cores: availableParallelism(), cpu: cpus()[0]?.model.trim() ?? 'unknown', memoryBytes: totalmem(),
    node: process.version, duckdb: await duckdbVersion(),
  },
  options: { quick: values.quick ?? false, parts, runs, ...(threads ? { threads } : {}), ...(memoryLimit ? { memoryLimit } : {}) },
};

if (parts.includes('ingest')) report.ingest = await ingestSection({ root, scratch, rows, runs, threads, memoryLimit, progress });
if (parts.includes('memory')) report.memory = await memorySection({ root, scratch, sizes: sizes.memory, threads, memoryLimit, progress });
if (parts.includes('indicators')) {
  report.indicators = await indicatorsSection({ scratch, boroughs, months: sizes.months, runs, threads, progress });
}
progress('');
process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);

function gitCommit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'functions', 'scripts', 'sql', 'schemas'], { cwd: root, encoding: 'utf8' }).trim();
    return dirty ? `${sha}+dirty` : sha;
  } catch {
    return 'unknown';
  }
}

async function duckdbVersion(): Promise<string> {
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false' });
  const db = await instance.connect();
  try {
    return String((await db.runAndReadAll('SELECT version()')).getRowsJS()[0][0]);
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}
