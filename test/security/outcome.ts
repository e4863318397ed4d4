/**
 * What every hostile input must end as (operations.md §3 "Bad input gets a clear error,
 * not a crash"): a sound receipt, F00x when rejected and then nothing in curated/, the
 * accepted rows exactly once otherwise, and no half-written file left in the store.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { expect } from 'vitest';
import { receiptSchema, type Receipt } from '../../schemas';
import { COUNTING } from '../../functions/ingest/ledger';
import type { LocalStore } from '../../functions/store/local-store';

/** Every file under a folder, recursively (absolute paths). */
export async function filesUnder(folder: string): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const path = join(folder, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

/** Rows of the upload's curated Parquet files (0 when there are none). */
async function curatedRows(store: LocalStore, uploadId: string): Promise<{ files: number; rows: number }> {
  const files: string[] = [];
  for await (const o of store.list('curated/')) if (o.key.endsWith(`/${uploadId}.parquet`)) files.push(store.localPath(o.key));
  if (!files.length) return { files: 0, rows: 0 };
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', threads: '1' });
  const db = await instance.connect();
  try {
    const list = files.map((f) => `'${f.replace(/'/g, "''")}'`).join(', ');
    const [[n]] = (await db.runAndReadAll(`SELECT count(*)::INT FROM read_parquet([${list}])`)).getRowsJS() as [[number]];
    return { files: files.length, rows: n };
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

/** Checks one receipt of a hostile input and what it left in the store. */
export async function expectCleanOutcome(store: LocalStore, receipt: Receipt): Promise<void> {
  expect(() => receiptSchema.parse(receipt)).not.toThrow();
  expect(receipt.rows_read).toBe(receipt.rows_accepted + receipt.rows_rejected);
  const curated = await curatedRows(store, receipt.upload_id);
  if (receipt.status === 'REJECTED') {
    expect(receipt.errors[0]?.code).toMatch(/^F00[1-8]$/);
    expect(curated.files, 'a rejected file reached curated/').toBe(0);
  } else if (COUNTING.has(receipt.status)) {
    expect(curated.files).toBe(1);
    expect(curated.rows).toBe(receipt.rows_accepted);
  }
  const partial = (await filesUnder(store.root)).filter((f) => f.endsWith('.partial'));
  expect(partial, 'half-written files left behind').toEqual([]);
}
