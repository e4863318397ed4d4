/**
 * Issue 8, concurrency (operations.md §3 "Idempotent and atomic"): several processes
 * ingest into one store folder at once. The same landing object gets one receipt; of
 * two files for one dataset and month, the one received later wins whatever order the
 * processes finish in; nothing is mixed and the counts reconcile.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../functions/engine/duckdb-engine';
import { uploadIdFor } from '../../functions/ingest/process';
import { LocalStore } from '../../functions/store/local-store';
import { expectConsistent, missingEpisodesCsv, missingEpisodesKey, readState, type Expected } from './warehouse-state';

const PROJECT = fileURLToPath(new URL('../..', import.meta.url));
const WORKER = fileURLToPath(new URL('./ingest-worker.ts', import.meta.url));
const KEY_HEX = '7c'.repeat(32);

interface Outcome { code: number | null; stdout: string; stderr: string }

/** Runs the worker in its own Node process. */
function worker(store: LocalStore, ...args: string[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, store.root, ...args], {
      cwd: PROJECT,
      env: { ...process.env, OUTTURN_PSEUDO_KEY: KEY_HEX, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += String(d); });
    child.stderr.on('data', (d) => { stderr += String(d); });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

let work: string;
let stores = 0;
const figures = { processes: 0, rounds: 0 };

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'outturn-concurrency-'));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  console.info(`concurrency: ${figures.rounds} concurrent rounds, ${figures.processes} processes`);
});

async function freshStore(): Promise<LocalStore> {
  return new LocalStore(join(work, `store-${++stores}`));
}

async function land(store: LocalStore, key: string, body: string, receivedAt: Date): Promise<void> {
  await store.put(key, body);
  await utimes(store.localPath(key), receivedAt, receivedAt);
}

async function engineRows(store: LocalStore): Promise<{ current: { upload_id: string; n: number }[]; uploads: number; distinctUploads: number }> {
  const engine = await DuckDbEngine.open({ store, memoryLimit: '128MB', threads: 1 });
  try {
    const current = await engine.query('SELECT upload_id, count(*)::INT AS n FROM missing_episodes GROUP BY ALL ORDER BY 1') as { upload_id: string; n: number }[];
    const [u] = await engine.query('SELECT count(*)::INT AS n, count(DISTINCT upload_id)::INT AS d FROM uploads');
    return { current, uploads: Number(u.n), distinctUploads: Number(u.d) };
  } finally {
    await engine.close();
  }
}

const EARLY = new Date('2024-10-03T08:00:00Z');
const LATE = new Date('2024-10-03T08:00:01Z');
const FILE_A = missingEpisodesCsv({ first: 100, rows: 12, bad: 1 });
const FILE_B = missingEpisodesCsv({ first: 500, rows: 25 });
const KEY_A = missingEpisodesKey('a.csv');
const KEY_B = missingEpisodesKey('b.csv');
const expected = new Map<string, Expected>([
  [KEY_A, { status: 'ACCEPTED_WITH_ERRORS', rows_read: 12, rows_accepted: 11, rows_rejected: 1 }],
  [KEY_B, { status: 'ACCEPTED', rows_read: 25, rows_accepted: 25, rows_rejected: 0 }],
]);

describe('concurrent ingest in separate processes', () => {
  it('gives the same landing object processed by 3 processes at once exactly one receipt', async () => {
    const store = await freshStore();
    await land(store, KEY_A, FILE_A, EARLY);
    const outcomes = await Promise.all([1, 2, 3].map(() => worker(store, 'object', KEY_A)));
    figures.rounds++;
    figures.processes += 3;
    for (const o of outcomes) expect(o.code, o.stderr).toBe(0);
    const receipts = outcomes.map((o) => JSON.parse(o.stdout) as { upload_id: string; status: string });
    expect(new Set(receipts.map((r) => r.upload_id)).size).toBe(1);
    const state = await readState(store);
    expect(state.receipts).toHaveLength(1);
    expectConsistent(state, new Map([[KEY_A, expected.get(KEY_A)!]]));
    const rows = await engineRows(store);
    expect(rows.current).toEqual([{ upload_id: uploadIdFor(KEY_A, EARLY), n: 11 }]);
  });

  // Which process finishes first is left to the scheduler, or forced by running one after the other.
  it.each([
    { order: 'both at once', run: async (s: LocalStore) => Promise.all([worker(s, 'object', KEY_A), worker(s, 'object', KEY_B)]) },
    { order: 'both at once, the later file started first', run: async (s: LocalStore) => Promise.all([worker(s, 'object', KEY_B), worker(s, 'object', KEY_A)]) },
    { order: 'the earlier file finishing first', run: async (s: LocalStore) => [await worker(s, 'object', KEY_A), await worker(s, 'object', KEY_B)] },
    { order: 'the later file finishing first', run: async (s: LocalStore) => [await worker(s, 'object', KEY_B), await worker(s, 'object', KEY_A)] },
  ])('lets the later-received of two files for one month win: $order', async ({ run }) => {
    const store = await freshStore();
    await land(store, KEY_A, FILE_A, EARLY);
    await land(store, KEY_B, FILE_B, LATE);
    const outcomes = await run(store);
    figures.rounds++;
    figures.processes += 2;
    for (const o of outcomes) expect(o.code, o.stderr).toBe(0);
    const state = await readState(store);
    expectConsistent(state, expected);
    const rows = await engineRows(store);
    expect(rows.current).toEqual([{ upload_id: uploadIdFor(KEY_B, LATE), n: 25 }]);
    expect(rows).toMatchObject({ uploads: 2, distinctUploads: 2 });
  });

  it('counts the same bytes sent twice at once only once', async () => {
    const store = await freshStore();
    const again = missingEpisodesKey('a-again.csv');
    await land(store, KEY_A, FILE_A, EARLY);
    await land(store, again, FILE_A, LATE);
    const outcomes = await Promise.all([worker(store, 'object', KEY_A), worker(store, 'object', again)]);
    figures.rounds++;
    figures.processes += 2;
    for (const o of outcomes) expect(o.code, o.stderr).toBe(0);
    const state = await readState(store);
    expectConsistent(state, new Map());
    const statuses = state.receipts.map((r) => r.status).sort();
    // Run at the same time neither may see the other's receipt; either way the rows count once.
    expect([['ACCEPTED_WITH_ERRORS', 'DUPLICATE'], ['ACCEPTED_WITH_ERRORS', 'ACCEPTED_WITH_ERRORS']]).toContainEqual(statuses);
    const rows = await engineRows(store);
    expect(rows.current).toHaveLength(1);
    expect(rows.current[0].n).toBe(11);
  });

  it('gives every landing object one receipt when three `outturn process` runs race over a backlog', async () => {
    const store = await freshStore();
    const backlog = new Map<string, Expected>();
    for (let i = 0; i < 4; i++) {
      const key = `landing/police/missing_episodes/2024-0${5 + i}/m.csv`;
      const csv = missingEpisodesCsv({ first: 1000 * (i + 1), rows: 10 }).replaceAll('2024-09-', `2024-0${5 + i}-`);
      await land(store, key, csv, new Date(EARLY.getTime() + i * 1000));
      backlog.set(key, { status: 'ACCEPTED', rows_read: 10, rows_accepted: 10, rows_rejected: 0 });
    }
    const outcomes = await Promise.all([1, 2, 3].map(() => worker(store, 'cli', 'process')));
    figures.rounds++;
    figures.processes += 3;
    for (const o of outcomes) expect(o.code, o.stderr).toBe(0);
    const state = await readState(store);
    expectConsistent(state, backlog);
    const rows = await engineRows(store);
    expect(rows.current.reduce((sum, r) => sum + r.n, 0)).toBe(40);
    expect(rows).toMatchObject({ uploads: 4, distinctUploads: 4 });
  });
});
