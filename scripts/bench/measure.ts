/**
 * Measuring helpers: medians, a child process with its peak RSS, bytes read from files.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const GNU_TIME = '/usr/bin/time';

/** How a child's peak RSS was read. */
export type RssSource = 'gnu-time' | 'resource-usage';

export interface ChildRun<T> {
  readonly result: T;
  /** Peak resident set of the whole child process (JS heap, native and DuckDB memory). */
  readonly peakRssBytes: number;
  readonly rssSource: RssSource;
}

/** Fails with the child's exit code and the end of its stderr (which carries no row values). */
export class BenchChildError extends Error {
  constructor(message: string, readonly exitCode: number | null) {
    super(message);
    this.name = 'BenchChildError';
  }
}

/**
 * Runs `node --import tsx <script> ...args` in its own process and reads the JSON line
 * it prints last. Peak RSS comes from GNU time (`-v`) when installed, else from the
 * child's own `process.resourceUsage().maxRSS` (its `maxRssBytes` field).
 */
export async function runChild<T extends { maxRssBytes?: number }>(
  root: string, script: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env,
): Promise<ChildRun<T>> {
  const useTime = existsSync(GNU_TIME);
  const node = [process.execPath, '--import', 'tsx', join(root, script), ...args];
  const [command, ...rest] = useTime ? [GNU_TIME, '-v', ...node] : node;
  const child = spawn(command, rest, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const code = await new Promise<number | null>((done, fail) => {
    child.on('error', fail);
    child.on('close', done);
  });
  if (code !== 0) throw new BenchChildError(`${script} exited with ${code}: ${stderr.trim().split('\n').slice(-8).join(' | ')}`, code);
  const line = stdout.trim().split('\n').pop() ?? '';
  const result = JSON.parse(line) as T;
  const fromTime = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  if (useTime && fromTime) return { result, peakRssBytes: Number(fromTime[1]) * 1024, rssSource: 'gnu-time' };
  return { result, peakRssBytes: result.maxRssBytes ?? Number.NaN, rssSource: 'resource-usage' };
}

/**
 * Bytes this process has read through read(2)/pread(2) so far (`rchar` of
 * /proc/self/io, every thread), or undefined where there is no /proc.
 */
export function bytesReadSoFar(): number | undefined {
  try {
    const match = /rchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}
