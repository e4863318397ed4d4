/**
 * Issue 8, crash safety (operations.md §3 "Nothing lost", "Idempotent and atomic"): an
 * ingest dies at each of its write steps in turn, before the write or just after it;
 * re-running `process` and redelivering the event then finish the job with exactly one
 * receipt per landing object, the right rows in curated/ and nothing twice. Run on a
 * local folder and on S3 (s3rver).
 */
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../functions/engine/duckdb-engine';
import { processLandingObject, type IngestOptions } from '../../functions/ingest/process';
import { StaticKeyProvider } from '../../functions/ingest/pseudonymise';
import { processPending } from '../../functions/ingest/upload';
import { LocalStore } from '../../functions/store/local-store';
import { S3Store } from '../../functions/store/s3-store';
import type { Store } from '../../functions/store/store';
import { FAULT_TIMING, FaultyStore, InjectedFault, type FaultTiming, type WriteStep } from '../helpers/faulty-store';
import { startS3rver, type S3rverHandle } from '../helpers/s3rver';
import { expectConsistent, missingEpisodesCsv, missingEpisodesKey, readState, type Expected } from './warehouse-state';

const KEY = Buffer.from('5e'.repeat(32), 'hex');
const FIRST = missingEpisodesCsv({ first: 1000, rows: 20, bad: 1 });
const RESTATED = missingEpisodesCsv({ first: 2000, rows: 30, bad: 2 });
const FIRST_KEY = missingEpisodesKey('episodes.csv');
const RESTATED_KEY = missingEpisodesKey('episodes-restated.csv');

/** Where a test warehouse lives: a fresh empty store per case, and how a partner lands a file in it. */
interface Backend {
  readonly name: string;
  fresh(): Promise<Store>;
  /** Puts a partner file; `receivedAt` is honoured where the store lets us set it. */
  land(store: Store, key: string, body: string, receivedAt: Date): Promise<void>;
  /** Whether the embedded engine can read this store (it reads local folders). */
  readonly local: boolean;
  /** Waits until a later landing is certainly received later (S3 times are in whole seconds). */
  tick(): Promise<void>;
}

let work: string;
let s3: S3rverHandle;
let cases = 0;

const localBackend: Backend = {
  name: 'local folder',
  local: true,
  fresh: async () => new LocalStore(join(work, `store-${++cases}`)),
  async land(store, key, body, receivedAt) {
    await store.put(key, body);
    await utimes(store.localPath(key)!, receivedAt, receivedAt);
  },
  tick: async () => {},
};

const s3Backend: Backend = {
  name: 'S3 (s3rver)',
  local: false,
  fresh: async () => new S3Store({ bucket: 'data', client: s3.client(), prefix: `case-${++cases}/` }),
  land: (store, key, body) => store.put(key, body),
  tick: () => new Promise((resolve) => setTimeout(resolve, 1100)),
};

const options = (store: Store): IngestOptions => ({
  store, keys: new StaticKeyProvider(KEY), workDir: work, memoryLimit: '128MB', threads: 1,
});

/** Totals over every case, for the note. */
const figures = { faults: 0, recovered: 0 };

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'outturn-crash-'));
  s3 = await startS3rver({ buckets: ['data'] });
});
afterAll(async () => {
  await s3?.stop();
  if (work) await rm(work, { recursive: true, force: true });
  // The figures for the note.
  console.info(`crash-safety: ${figures.faults} faults injected, ${figures.recovered} recovered`);
});

const SEPT_1 = new Date('2024-10-01T09:00:00Z');
const SEPT_2 = new Date('2024-10-02T09:00:00Z');

/** Rows that count for missing_episodes through the engine, by upload. */
async function visibleUploads(store: Store): Promise<{ upload_id: string; n: number }[]> {
  const engine = await DuckDbEngine.open({ store: store as LocalStore, memoryLimit: '128MB', threads: 1 });
  try {
    const rows = await engine.query('SELECT upload_id, count(*)::INT AS n FROM missing_episodes GROUP BY ALL ORDER BY 1');
    const uploads = await engine.query('SELECT upload_id, count(*)::INT AS n FROM uploads GROUP BY ALL HAVING count(*) > 1');
    expect(uploads, 'an upload listed twice in `uploads`').toEqual([]);
    return rows as { upload_id: string; n: number }[];
  } finally {
    await engine.close();
  }
}

/** Runs the ingest of `key` once with no fault, recording its write steps and outcome. */
async function baseline(backend: Backend, restatement: boolean) {
  const store = await backend.fresh();
  const expected = new Map<string, Expected>();
  if (restatement) {
    await backend.land(store, FIRST_KEY, FIRST, SEPT_1);
    expected.set(FIRST_KEY, pick(await processLandingObject(FIRST_KEY, options(store))));
    await backend.tick();
  }
  const key = restatement ? RESTATED_KEY : FIRST_KEY;
  await backend.land(store, key, restatement ? RESTATED : FIRST, restatement ? SEPT_2 : SEPT_1);
  const recorder = new FaultyStore(store);
  expected.set(key, pick(await processLandingObject(key, options(recorder))));
  expectConsistent(await readState(store), expected);
  return { steps: recorder.writes, expected };
}

const pick = (r: Expected): Expected => ({ status: r.status, rows_read: r.rows_read, rows_accepted: r.rows_accepted, rows_rejected: r.rows_rejected });
const describeStep = (s: WriteStep) => `${s.op} ${s.key.split('/')[0]}/${s.key.endsWith('.sha256') ? '….sha256' : ''}`;

const SCENARIOS = [
  { scenario: 'a first upload', restatement: false },
  { scenario: 'a restatement of the month', restatement: true },
] as const;

// On S3 the restatement alone: its write steps are the first upload's plus the clean-up.
describe.each([
  { backend: localBackend, scenarios: SCENARIOS },
  { backend: s3Backend, scenarios: SCENARIOS.filter((s) => s.restatement) },
])('crash safety on a $backend.name', ({ backend, scenarios }) => {
  describe.each(scenarios)('$scenario', ({ restatement }) => {
    let steps: WriteStep[] = [];
    let expected = new Map<string, Expected>();

    beforeAll(async () => {
      ({ steps, expected } = await baseline(backend, restatement));
    });

    it('writes raw first, quarantine and curated before the receipt, then the ledger line, and removes the replaced file last', () => {
      const at = (op: WriteStep['op'], test: (key: string) => boolean) => steps.findIndex((s) => s.op === op && test(s.key));
      const raw = at('copy', (k) => k.startsWith('raw/'));
      const quarantine = at('putFile', (k) => k.startsWith('quarantine/'));
      const curated = at('putFile', (k) => k.startsWith('curated/') && k.endsWith('.parquet'));
      const receipt = at('put', (k) => k.startsWith('receipts/'));
      expect(raw).toBe(0);
      expect(Math.min(quarantine, curated)).toBeGreaterThan(raw);
      expect(receipt).toBeGreaterThan(Math.max(quarantine, curated));
      if (restatement) {
        expect(at('delete', (k) => k.startsWith('curated/'))).toBe(steps.length - 1);
        expect(steps.length - 1).toBeGreaterThan(receipt);
      } else {
        // After the commit only the analysts' ledger line, which a redelivery restores.
        expect(steps.slice(receipt + 1).map((s) => s.key.split('/').slice(0, 2).join('/'))).toEqual(['curated/upload_ledger']);
      }
    });

    it.each([FAULT_TIMING.before, FAULT_TIMING.after])('survives a crash at every write step (%s the write)', async (timing: FaultTiming) => {
      expect(steps.length).toBeGreaterThanOrEqual(5);
      const key = restatement ? RESTATED_KEY : FIRST_KEY;
      // One warehouse per step, prepared together so that S3 needs a single tick of its clock.
      const stores: Store[] = [];
      for (let index = 1; index <= steps.length; index++) {
        const store = await backend.fresh();
        if (restatement) {
          await backend.land(store, FIRST_KEY, FIRST, SEPT_1);
          await processLandingObject(FIRST_KEY, options(store));
        }
        stores.push(store);
      }
      if (restatement) await backend.tick();
      for (const store of stores) await backend.land(store, key, restatement ? RESTATED : FIRST, restatement ? SEPT_2 : SEPT_1);

      for (let index = 1; index <= steps.length; index++) {
        const store = stores[index - 1];
        const faulty = new FaultyStore(store, { failOnWrite: index, timing });
        const crash = await processLandingObject(key, options(faulty)).then(() => undefined, (e: unknown) => e);
        expect(crash, `step ${index} (${describeStep(steps[index - 1])})`).toBeInstanceOf(InjectedFault);
        figures.faults++;

        // Before any recovery, queries see the old state or the new one, never a mix.
        if (backend.local && restatement) {
          const visible = await visibleUploads(store);
          expect(visible, `step ${index} ${timing}: one upload visible`).toHaveLength(1);
        }

        // Recovery as `outturn process` runs it, then the event delivered again.
        await processPending(options(store));
        const again = await processLandingObject(key, options(store));
        expect(pick(again)).toEqual(expected.get(key));
        const state = await readState(store);
        expectConsistent(state, expected);
        if (backend.local) {
          const visible = await visibleUploads(store);
          expect(visible).toEqual([{ upload_id: again.upload_id, n: again.rows_accepted }]);
        }
        // And recovering again changes nothing.
        expect(await processPending(options(store))).toEqual([]);
        figures.recovered++;
      }
    });
  });
});
