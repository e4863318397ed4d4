/** The benchmark's readable tables. */
import type { BenchReport } from './types';

const mb = (bytes: number | undefined) => (bytes === undefined || Number.isNaN(bytes) ? 'n/a' : `${(bytes / 1024 ** 2).toFixed(1)} MB`);
const num = (n: number) => Math.round(n).toLocaleString('en-GB');
const sec = (s: number) => `${s.toFixed(2)} s`;

/** Lines of a left-aligned table with a header rule. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

/** The report as text for a terminal. */
export function formatReport(report: BenchReport): string {
  const out: string[] = [];
  const m = report.machine;
  out.push(`Outturn benchmark ${report.startedAt}  commit ${report.commit}`);
  out.push(`machine: ${m.cores} cores (${m.cpu}), ${mb(m.memoryBytes)} RAM, node ${m.node}, DuckDB ${m.duckdb}${report.options.threads ? `, threads ${report.options.threads}` : ''}${report.options.memoryLimit ? `, memory limit ${report.options.memoryLimit}` : ''}`);

  if (report.ingest) {
    const i = report.ingest;
    out.push('', `1. Ingest: attendance, ${num(i.file.rows)} rows, ${mb(i.file.bytes)} CSV (${num(i.file.pupils)} pupils, ${i.file.schools} schools, ${i.file.schoolDays} school days); median of ${i.ours.runs.length} runs, each in its own process`);
    const side = (name: string, s: typeof i.duckdb) => [
      name, sec(s.medianSeconds), num(s.rowsPerSecond), mb(s.medianPeakRssBytes), mb(s.parquetBytes), s.runs.map((r) => r.seconds.toFixed(2)).join(' '),
    ];
    out.push(...table(['', 'seconds', 'rows/s', 'peak RSS', 'Parquet', 'runs (s)'], [
      side('ours (validated, pseudonymised)', i.ours),
      side('DuckDB read_csv → Parquet', i.duckdb),
      side('floor: distinct values, then the pseudonymised write', i.floor),
      side(`ours, faulty variant (${(100 * i.faulty.faultyRows / i.file.rows).toFixed(1)}% of rows R004 or R007)`, i.faulty),
    ]));
    out.push(`ratio ours/DuckDB: ${i.ratio.toFixed(2)}x (goal >= 0.5x); receipt ${i.ours.status}; peak RSS from ${i.rssSource}`);
    out.push(`ratio floor/DuckDB: ${i.floorRatio.toFixed(2)}x: a plain two-pass design straight from the CSV (every column's distinct values, then the pseudonymised write) and nothing else, no checks, row numbers, duplicate keys or raw copy`);
    const steps = Object.entries(i.steps).filter(([name]) => name !== 'open');
    out.push(`where ours spends it (one more run, its steps timed one by one, without the raw copy, sha256 and receipt): ${steps.map(([name, s]) => `${name} ${sec(s)}`).join(', ')}`);
    out.push(`faulty variant: receipt ${i.faulty.status}, ${num(i.faulty.rowsRejected)} rows rejected of the ${num(i.faulty.faultyRows)} made faulty; ${(i.faulty.medianSeconds / i.ours.medianSeconds).toFixed(2)}x the time of the clean file`);
  }

  if (report.memory) {
    const mem = report.memory;
    out.push('', '2. Memory: peak RSS of one ingest per size (its own process)');
    out.push(...table(['rows', 'CSV', 'seconds', 'rows/s', 'peak RSS', 'receipt'], mem.points.map((p) => [
      num(p.rows), mb(p.csvBytes), sec(p.seconds), num(p.rowsPerSecond), mb(p.peakRssBytes), p.status,
    ])));
    out.push(`largest/smallest peak: ${mem.growth.toFixed(2)} (flat = 1.00); largest ${mb(mem.maxPeakRssBytes)} (goal < 1 GB)`);
  }

  if (report.indicators) {
    out.push('', '3. Indicators: the full catalogue over a demo borough');
    out.push(...table(['children', 'attendance rows', 'curated', 'engine open', '1 month', 'read, 1 month', 'share', 'months', 'all months', 'read, all months'],
      report.indicators.boroughs.map((b) => [
        num(b.children), num(b.facts.attendanceRows), `${mb(b.curatedBytes)} in ${b.curatedFiles} files`, sec(b.engineOpenSeconds),
        sec(b.oneMonth.seconds), mb(b.oneMonth.bytesRead),
        b.oneMonth.bytesRead === undefined ? 'n/a' : `${((100 * b.oneMonth.bytesRead) / b.curatedBytes).toFixed(1)}%`,
        String(b.allMonths.periods), sec(b.allMonths.seconds), mb(b.allMonths.bytesRead),
      ])));
    out.push(`method: ${report.indicators.method}`);
  }
  return out.join('\n');
}
