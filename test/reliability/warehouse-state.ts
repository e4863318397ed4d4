/**
 * What the reliability tests check after every crash, race and recovery: the state of
 * a warehouse read back through the Store interface alone (so the same checks run on
 * a folder and on S3), Parquet decoded by DuckDB, plus the partner files they send.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { expect } from 'vitest';
import { getDataset, receiptSchema, type Receipt } from '../../schemas';
import { COUNTING, current } from '../../functions/ingest/ledger';
import { curatedPartitionPrefix } from '../../functions/store/layout';
import type { Store } from '../../functions/store/store';

/** Everything a test needs to judge a warehouse after the fact. */
export interface WarehouseState {
  readonly landing: string[];
  readonly receipts: Receipt[];
  /** Curated Parquet key → rows per upload id found inside it (and the row count). */
  readonly curated: Map<string, { rows: number; uploadIds: string[]; distinctRows: number }>;
  /** Quarantine key → data lines. */
  readonly quarantine: Map<string, number>;
  /** Raw key → sha256 of its bytes (the `.sha256` side files excluded). */
  readonly raw: Map<string, string>;
}

async function keys(store: Store, prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const o of store.list(prefix)) out.push(o.key);
  return out;
}

/** Reads the whole warehouse back. */
export async function readState(store: Store): Promise<WarehouseState> {
  const work = await mkdtemp(join(tmpdir(), 'outturn-state-'));
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', threads: '1' });
  const db = await instance.connect();
  try {
    const receipts: Receipt[] = [];
    for (const key of await keys(store, 'receipts/')) {
      receipts.push(receiptSchema.parse(JSON.parse((await store.get(key)).toString('utf8'))));
    }
    const curated = new Map<string, { rows: number; uploadIds: string[]; distinctRows: number }>();
    let n = 0;
    for (const key of await keys(store, 'curated/')) {
      if (!key.endsWith('.parquet')) continue;
      const local = store.localPath(key) ?? join(work, `c${n++}.parquet`);
      if (!store.localPath(key)) await store.getToFile(key, local);
      const reader = await db.runAndReadAll(`SELECT count(*)::INT AS n, list(DISTINCT upload_id ORDER BY upload_id) AS ids,
        count(DISTINCT source_row)::INT AS d FROM read_parquet('${local.replace(/'/g, "''")}')`);
      const [rows, ids, distinct] = reader.getRowsJS()[0] as [number, string[], number];
      curated.set(key, { rows, uploadIds: [...ids], distinctRows: distinct });
    }
    const quarantine = new Map<string, number>();
    for (const key of await keys(store, 'quarantine/')) {
      const lines = (await store.get(key)).toString('utf8').split('\n').filter((l) => l !== '');
      quarantine.set(key, lines.length - 1);
    }
    const raw = new Map<string, string>();
    for (const key of await keys(store, 'raw/')) {
      if (!key.endsWith('.sha256')) raw.set(key, createHash('sha256').update(await store.get(key)).digest('hex'));
    }
    return { landing: await keys(store, 'landing/'), receipts, curated, quarantine, raw };
  } finally {
    db.closeSync();
    instance.closeSync();
    await rm(work, { recursive: true, force: true });
  }
}

/** What one landing object is expected to end as (taken from a run without faults). */
export interface Expected {
  readonly status: Receipt['status'];
  readonly rows_read: number;
  readonly rows_accepted: number;
  readonly rows_rejected: number;
}

/**
 * The promises of operations.md §3 after recovery: one receipt per landing object with
 * the expected outcome, raw bytes kept with their digest, quarantine holding the
 * rejected rows, and each curated partition holding exactly the current upload's rows
 * once (superseded uploads' files removed, nothing left from a crashed attempt).
 */
export function expectConsistent(state: WarehouseState, expected: ReadonlyMap<string, Expected>): void {
  expect(state.receipts.length, 'one receipt per landing object').toBe(state.landing.length);
  for (const key of state.landing) {
    const mine = state.receipts.filter((r) => r.key === key);
    expect(mine, `receipts of ${key}`).toHaveLength(1);
    const receipt = mine[0];
    const want = expected.get(key);
    if (want) {
      expect({ status: receipt.status, rows_read: receipt.rows_read, rows_accepted: receipt.rows_accepted, rows_rejected: receipt.rows_rejected }).toEqual(want);
    }
    const raw = [...state.raw].filter(([k]) => k.includes(`/${receipt.upload_id}/`));
    expect(raw, `raw copy of ${key}`).toHaveLength(1);
    expect(raw[0][1]).toBe(receipt.sha256);
    const quarantined = [...state.quarantine].filter(([k]) => k.includes(`/${receipt.upload_id}/`));
    if (COUNTING.has(receipt.status) && receipt.rows_rejected > 0) {
      expect(quarantined.map(([, n]) => n), `quarantine of ${key}`).toEqual([receipt.rows_rejected]);
    }
  }
  // Curated: per dataset and partition, only the current upload's file, with its rows once.
  const partitions = new Map<string, Receipt[]>();
  for (const r of state.receipts) {
    if (!COUNTING.has(r.status) || !r.dataset || !r.period) continue;
    const prefix = curatedPartitionPrefix(getDataset(r.dataset), r.period);
    partitions.set(prefix, [...(partitions.get(prefix) ?? []), r]);
  }
  const expectedFiles = new Set<string>();
  for (const [prefix, receipts] of partitions) {
    const winner = current(getDataset(receipts[0].dataset!), receipts)!;
    const file = `${prefix}${winner.upload_id}.parquet`;
    expectedFiles.add(file);
    const content = state.curated.get(file);
    expect(content, `curated file of the current upload ${winner.key}`).toBeDefined();
    expect(content!.uploadIds).toEqual([winner.upload_id]);
    expect(content!.rows).toBe(winner.rows_accepted);
    expect(content!.distinctRows, 'no row twice').toBe(winner.rows_accepted);
  }
  expect([...state.curated.keys()].sort(), 'curated holds only the current uploads').toEqual([...expectedFiles].sort());
}

/**
 * A `missing_episodes` file (police, monthly) for September 2024 with `rows` data rows,
 * ids starting at `first`; `bad` rows carry an unknown risk code (R003) and go to
 * quarantine. Ids are made up: `PR-…` person refs and `LCS-…` child ids.
 */
export function missingEpisodesCsv(options: { first: number; rows: number; bad?: number }): string {
  const lines = ['episode_ref,person_ref,child_id,date_of_birth,reported_at,returned_at,risk'];
  for (let i = 0; i < options.rows; i++) {
    const n = options.first + i;
    const day = String(1 + (i % 28)).padStart(2, '0');
    const risk = i < (options.bad ?? 0) ? 'EXTREME' : ['LOW', 'MEDIUM', 'HIGH'][i % 3];
    lines.push(`ME-${n},PR-${n},LCS-${n},2011-0${1 + (i % 9)}-15,2024-09-${day}T10:00,2024-09-${day}T18:30,${risk}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The September 2024 missing-episodes landing key with this file name. */
export const missingEpisodesKey = (name: string) => `landing/police/missing_episodes/2024-09/${name}`;
