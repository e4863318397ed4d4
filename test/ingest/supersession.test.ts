/**
 * Issue 2, "done when" 4 (datasets.md §1): DUPLICATE for the same bytes under any name,
 * also after a restatement; a second file for a period restates the first; snapshots
 * count by their date whatever order they arrive in; nil returns count as coverage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Receipt } from '../../schemas';
import { DuckDbEngine } from '../../functions/engine/duckdb-engine';
import { keysUnder, tempWarehouse, upload } from '../helpers/ingest';

const warehouse = tempWarehouse();
let engine: DuckDbEngine;
beforeAll(async () => {
  engine = await DuckDbEngine.open({ store: warehouse().store, memoryLimit: '256MB', threads: 1 });
});
afterAll(async () => {
  await engine?.close();
});

/** Queries the warehouse as it is now: the engine re-reads the receipts first. */
async function query(sql: string): Promise<Record<string, unknown>[]> {
  await engine.refresh();
  return engine.query(sql);
}

/** An exclusions file for a month: `n` rows, `tag` making the bytes differ. */
function exclusions(month: string, n: number, tag = 'a'): string {
  const rows = Array.from({ length: n }, (_, i) => `EX-${tag}${i},100001,K201612345671,${month}-1${i % 9},SUSPENSION,${i + 1}`);
  return ['exclusion_ref,school_urn,upn,start_date,category,sessions', ...rows].join('\n') + '\n';
}

/** A cin_episodes extract of `n` rows. */
function episodes(n: number, tag = 'a'): string {
  const rows = Array.from({ length: n }, (_, i) => `CIN-${tag}${i},LCS-${tag}${i},2024-0${1 + (i % 8)}-0${1 + (i % 9)},,N1`);
  return ['episode_id,child_id,start_date,end_date,primary_need', ...rows].join('\n') + '\n';
}

const count = async (sql: string) => Number(Object.values((await query(sql))[0])[0]);

async function uploadRow(r: Receipt) {
  const [row] = await query(`select status, rows_accepted, is_current from uploads where upload_id = '${r.upload_id}'`);
  return row;
}

describe('DUPLICATE', () => {
  it('is the answer to the same bytes under another name, and nothing is counted twice', async () => {
    const first = await upload(warehouse(), 'schools/exclusions/2024-05/monday.csv', exclusions('2024-05', 3));
    const again = await upload(warehouse(), 'schools/exclusions/2024-05/resent.csv', exclusions('2024-05', 3));
    expect(first.status).toBe('ACCEPTED');
    expect(again.status).toBe('DUPLICATE');
    expect(again.duplicate_of).toBe(first.upload_id);
    expect(again.rows_accepted).toBe(0);
    expect(again.supersedes).toBeNull();
    expect(await count("select count(*) from exclusions where period = '2024-05'")).toBe(3);
    expect(await count("select count(*) from exclusions_all where period = '2024-05'")).toBe(3);
    expect(await uploadRow(first)).toEqual({ status: 'ACCEPTED', rows_accepted: 3, is_current: true });
    expect(await uploadRow(again)).toEqual({ status: 'DUPLICATE', rows_accepted: 0, is_current: false });
  });

  it('is not a duplicate in another period: the same bytes for another month are judged on their own', async () => {
    const other = await upload(warehouse(), 'schools/exclusions/2024-06/monday.csv', exclusions('2024-05', 3));
    // The dates belong to May, so in a June file every row is R009 and the file is F008.
    expect(other.status).toBe('REJECTED');
    expect(other.errors.map((e) => e.code)).toEqual(['F008', 'R009']);
  });
});

describe('restatement of a period dataset', () => {
  it('replaces the first file for the month with the second, and stays DUPLICATE for the old bytes', async () => {
    const a = await upload(warehouse(), 'schools/exclusions/2024-08/first.csv', exclusions('2024-08', 3, 'a'));
    const b = await upload(warehouse(), 'schools/exclusions/2024-08/second.csv', exclusions('2024-08', 2, 'b'));
    expect(a.supersedes).toBeNull();
    expect(b.status).toBe('ACCEPTED');
    expect(b.supersedes).toBe(a.upload_id);
    expect(await count("select count(*) from exclusions where period = '2024-08'")).toBe(2);
    expect(await count(`select count(*) from exclusions where upload_id = '${a.upload_id}'`)).toBe(0);
    expect(await uploadRow(a)).toMatchObject({ is_current: false });
    expect(await uploadRow(b)).toMatchObject({ is_current: true });
    // The superseded file stays in raw/.
    expect((await keysUnder(warehouse().store, 'raw/')).some((k) => k.includes(a.upload_id) && k.endsWith('first.csv'))).toBe(true);

    // The first file's bytes again, after it was restated: a no-op.
    const back = await upload(warehouse(), 'schools/exclusions/2024-08/first-again.csv', exclusions('2024-08', 3, 'a'));
    expect(back.status).toBe('DUPLICATE');
    expect(back.duplicate_of).toBe(a.upload_id);
    expect(await count("select count(*) from exclusions where period = '2024-08'")).toBe(2);
    expect(await uploadRow(b)).toMatchObject({ is_current: true });

    // To go back, send the old content with any change.
    const changed = await upload(warehouse(), 'schools/exclusions/2024-08/first-fixed.csv', `${exclusions('2024-08', 3, 'a')}\n`);
    expect(changed.status).toBe('ACCEPTED');
    expect(changed.supersedes).toBe(b.upload_id);
    expect(await count("select count(*) from exclusions where period = '2024-08'")).toBe(3);
  });

  it('leaves other months alone', async () => {
    expect(await count("select count(*) from exclusions where period = '2024-05'")).toBe(3);
  });
});

describe('snapshots', () => {
  it('counts the latest snapshot date: an older snapshot arriving late is accepted, kept, and replaces nothing', async () => {
    const latest = await upload(warehouse(), 'council/cin_episodes/2024-09-30/extract.csv', episodes(5, 's'));
    const older = await upload(warehouse(), 'council/cin_episodes/2024-08-31/extract.csv', episodes(2, 'o'));
    expect(latest.status).toBe('ACCEPTED');
    expect(older.status).toBe('ACCEPTED');
    expect(older.supersedes).toBeNull();
    expect(await count('select count(*) from cin_episodes')).toBe(5);
    expect(await query('select distinct snapshot_date from cin_episodes')).toEqual([{ snapshot_date: '2024-09-30' }]);
    expect(await count("select count(*) from cin_episodes_all where snapshot_date = DATE '2024-08-31'")).toBe(2);
    expect(await uploadRow(older)).toMatchObject({ status: 'ACCEPTED', is_current: false });

    const newer = await upload(warehouse(), 'council/cin_episodes/2024-10-31/extract.csv', episodes(4, 'n'));
    expect(newer.supersedes).toBe(latest.upload_id);
    expect(await count('select count(*) from cin_episodes')).toBe(4);
  });

  it('restates a snapshot with a second upload for the same date', async () => {
    const first = await upload(warehouse(), 'council/s47_enquiries/2024-09-30/a.csv',
      's47_id,child_id,strategy_date,start_date\nS1,LCS-1,2024-09-02,2024-09-03\nS2,LCS-2,2024-09-02,2024-09-03\n');
    const second = await upload(warehouse(), 'council/s47_enquiries/2024-09-30/b.csv',
      's47_id,child_id,strategy_date,start_date\nS1,LCS-1,2024-09-02,2024-09-03\n');
    expect(second.supersedes).toBe(first.upload_id);
    expect(await count('select count(*) from s47_enquiries')).toBe(1);
  });
});

describe('nil returns', () => {
  it('accepts a header-only month file with 0 rows and records the month as covered', async () => {
    const nil = await upload(warehouse(), 'schools/exclusions/2024-07/nil.csv', 'exclusion_ref,school_urn,upn,start_date,category\n');
    expect(nil.status).toBe('ACCEPTED');
    expect([nil.rows_read, nil.rows_accepted, nil.rows_rejected]).toEqual([0, 0, 0]);
    expect(await query("select period, status, rows_accepted, is_current from uploads where dataset = 'exclusions' and period = '2024-07'"))
      .toEqual([{ period: '2024-07', status: 'ACCEPTED', rows_accepted: 0, is_current: true }]);
    expect(await count("select count(*) from exclusions where period = '2024-07'")).toBe(0);
  });

  it('accepts an empty JSON array and an empty NDJSON file as nil returns', async () => {
    const json = await upload(warehouse(), 'health/child_measurements/2024-07/nil.json', '[]');
    const ndjson = await upload(warehouse(), 'health/lac_health/2024-07/nil.ndjson', '');
    for (const r of [json, ndjson]) {
      expect(r.status).toBe('ACCEPTED');
      expect(r.rows_accepted).toBe(0);
      expect(await uploadRow(r)).toEqual({ status: 'ACCEPTED', rows_accepted: 0, is_current: true });
    }
  });

  it('restates a month that had rows with a nil return', async () => {
    await upload(warehouse(), 'schools/exclusions/2024-04/late.csv', exclusions('2024-04', 2));
    const nil = await upload(warehouse(), 'schools/exclusions/2024-04/nil.csv', 'exclusion_ref,school_urn,upn,start_date,category\r\n');
    expect(nil.supersedes).not.toBeNull();
    expect(await count("select count(*) from exclusions where period = '2024-04'")).toBe(0);
  });

  it('treats a header-only snapshot as a valid extract with no rows', async () => {
    await upload(warehouse(), 'council/adoptions/2024-03-31/a.csv', 'child_id,date_entered_care\nLCS-1,2022-01-10\n');
    const empty = await upload(warehouse(), 'council/adoptions/2024-04-30/a.csv', 'child_id,date_entered_care\n');
    expect(empty.status).toBe('ACCEPTED');
    expect(await count('select count(*) from adoptions')).toBe(0);
  });
});
