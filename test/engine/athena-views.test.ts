import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { TrinoSQL } from 'dt-sql-parser';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  athenaViewNames,
  athenaViewStatements,
  curatedTable,
  datasetViews,
  UPLOADS_SELECT,
  UPLOADS_VIEW,
} from '../../functions/engine/athena-views';
import { currentUploads } from '../../functions/engine/duckdb-engine';
import { DATASETS, type Receipt } from '../../schemas';
import { SHARED_VIEWS } from '../../functions/indicators/shared-views';

/** What the ingest writes to curated/upload_ledger/ for one accepted upload. */
interface LedgerLine {
  readonly dataset: string;
  readonly partner: string;
  readonly period: string;
  readonly upload_id: string;
  readonly status: 'ACCEPTED' | 'ACCEPTED_WITH_ERRORS';
  readonly rows_read: number;
  readonly rows_accepted: number;
  readonly rows_rejected: number;
  readonly received_at: string;
}

const partnerOf = (dataset: string) => DATASETS.find((d) => d.name === dataset)!.partner;

function line(dataset: string, period: string, receivedAt: string, suffix = '', status: LedgerLine['status'] = 'ACCEPTED'): LedgerLine {
  return {
    dataset, partner: partnerOf(dataset), period, status,
    upload_id: `${dataset}.${period}.${receivedAt.replace(/[-:.]/g, '')}${suffix}`,
    rows_read: 3, rows_accepted: status === 'ACCEPTED' ? 3 : 2, rows_rejected: status === 'ACCEPTED' ? 0 : 1,
    received_at: receivedAt,
  };
}

/** The receipt the same upload has: what the local engine's rule reads. */
function receiptOf(l: LedgerLine): Receipt {
  return {
    upload_id: l.upload_id, key: `landing/${l.partner}/${l.dataset}/${l.period}/f.csv`, partner: l.partner, dataset: l.dataset,
    period: l.period, sha256: '0'.repeat(64), bytes: 10, received_at: l.received_at, processed_at: l.received_at,
    status: l.status, rows_read: l.rows_read, rows_accepted: l.rows_accepted, rows_rejected: l.rows_rejected,
    errors: [], warnings: [], supersedes: null,
  };
}

const q = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Loads the lines into a DuckDB table `upload_ledger` typed as the Glue table is. */
async function loadLedger(connection: DuckDBConnection, lines: readonly LedgerLine[]): Promise<void> {
  await connection.run(`CREATE OR REPLACE TABLE upload_ledger (
    dataset VARCHAR, partner VARCHAR, period VARCHAR, upload_id VARCHAR, status VARCHAR,
    rows_read BIGINT, rows_accepted BIGINT, rows_rejected BIGINT, received_at VARCHAR)`);
  if (!lines.length) return;
  const values = lines.map((l) => `(${[l.dataset, l.partner, l.period, l.upload_id, l.status].map(q).join(', ')}, ${l.rows_read}, ${l.rows_accepted}, ${l.rows_rejected}, ${q(l.received_at)})`);
  await connection.run(`INSERT INTO upload_ledger VALUES ${values.join(', ')}`);
}

/** Every upload id the local engine counts as current for these uploads. */
function localCurrent(lines: readonly LedgerLine[]): Set<string> {
  const receipts = lines.map(receiptOf);
  return new Set(DATASETS.flatMap((d) => currentUploads(d, receipts).map((r) => r.upload_id)));
}

describe('the Athena views', () => {
  const trino = new TrinoSQL();

  it('are valid Trino, every one of them', () => {
    const statements = athenaViewStatements();
    expect(statements).toHaveLength(1 + 2 * DATASETS.length + Object.keys(SHARED_VIEWS).length);
    for (const statement of statements) expect(trino.validate(statement), statement.slice(0, 60)).toEqual([]);
    // The check can fail: a broken statement is reported.
    expect(trino.validate(UPLOADS_VIEW.replace('SELECT dataset, partner', 'SELECT dataset,, partner')).length).toBeGreaterThan(0);
  });

  it('name one view per statement, uploads first, and read the curated_<dataset> tables', () => {
    const names = athenaViewNames();
    const statements = athenaViewStatements();
    expect(names).toHaveLength(statements.length);
    statements.forEach((s, i) => expect(s.startsWith(`CREATE OR REPLACE VIEW ${names[i]} AS`), names[i]).toBe(true));
    expect(names[0]).toBe('uploads');
    expect(UPLOADS_VIEW).toContain('FROM upload_ledger');
    expect(UPLOADS_VIEW).not.toMatch(/\breceipts\b/);
    const [current, all] = datasetViews('referrals');
    expect(current).toContain(`FROM ${curatedTable('referrals')} AS t`);
    expect(current).toContain('AND is_current');
    expect(all).toContain(`FROM ${curatedTable('referrals')} AS t`);
    expect(all).not.toContain('is_current');
  });

  describe('the uploads SELECT on DuckDB', () => {
    let instance: DuckDBInstance;
    let connection: DuckDBConnection;
    const run = async () => (await connection.runAndReadAll(`${UPLOADS_SELECT} ORDER BY upload_id`)).getRowObjectsJS();

    beforeAll(async () => {
      instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false' });
      connection = await instance.connect();
    });
    afterAll(() => {
      connection?.closeSync();
      instance?.closeSync();
    });

    it('marks as current exactly the uploads the local engine counts: snapshots out of order, restated months and years', async () => {
      const lines = [
        // Snapshots: the later date counts even when it arrived first; a same-date
        // restatement replaces it; an older snapshot sent last does not.
        line('children', '2024-04-30', '2024-05-02T09:00:00.000Z'),
        line('children', '2024-04-30', '2024-05-03T09:00:00.000Z', '', 'ACCEPTED_WITH_ERRORS'),
        line('children', '2024-03-31', '2024-05-04T09:00:00.000Z'),
        // Same date and the same second: the greater upload id counts.
        line('referrals', '2024-04-30', '2024-05-02T09:00:00.000Z', 'a'),
        line('referrals', '2024-04-30', '2024-05-02T09:00:00.000Z', 'b'),
        // Months: each month's latest upload counts, in whatever order the months came.
        line('attendance', '2024-02', '2024-03-05T10:00:00.000Z'),
        line('attendance', '2024-01', '2024-03-06T10:00:00.000Z'),
        line('attendance', '2024-02', '2024-04-05T10:00:00.000Z'),
        line('attendance', '2024-02', '2024-03-20T10:00:00.000Z'),
        // Years.
        line('population', '2023', '2024-01-10T08:00:00.000Z'),
        line('population', '2024', '2024-01-11T08:00:00.000Z'),
        line('population', '2023', '2024-02-10T08:00:00.000Z'),
      ];
      await loadLedger(connection, lines);
      const rows = await run();
      expect(rows).toHaveLength(lines.length);
      const expected = localCurrent(lines);
      for (const row of rows) expect(row.is_current, String(row.upload_id)).toBe(expected.has(String(row.upload_id)));
      expect([...expected].sort()).toEqual([
        lines[1].upload_id, lines[4].upload_id, lines[6].upload_id, lines[7].upload_id, lines[10].upload_id, lines[11].upload_id,
      ].sort());
      // received_at becomes a timestamp, the other columns pass through.
      const first = rows.find((r) => r.upload_id === lines[0].upload_id)!;
      expect((first.received_at as Date).toISOString()).toBe('2024-05-02T09:00:00.000Z');
      expect(first).toMatchObject({ dataset: 'children', partner: 'council', period: '2024-04-30', status: 'ACCEPTED', rows_read: 3n });
    });

    it('agrees with the local engine on any ledger', async () => {
      const names = ['children', 'attendance', 'population'] as const;
      const periods = { children: ['2024-03-31', '2024-04-30', '2024-05-31'], attendance: ['2024-01', '2024-02'], population: ['2023', '2024'] };
      const upload = fc.constantFrom(...names).chain((dataset) => fc.record({
        dataset: fc.constant(dataset),
        period: fc.constantFrom(...periods[dataset]),
        // Few distinct times, so that ties happen.
        day: fc.integer({ min: 1, max: 4 }),
        withErrors: fc.boolean(),
      }));
      await fc.assert(fc.asyncProperty(fc.array(upload, { maxLength: 12 }), async (uploads) => {
        const lines = uploads.map((u, i) => line(u.dataset, u.period, `2024-06-0${u.day}T12:00:00.000Z`, `-${i}`, u.withErrors ? 'ACCEPTED_WITH_ERRORS' : 'ACCEPTED'));
        await loadLedger(connection, lines);
        const expected = localCurrent(lines);
        const got = new Set((await run()).filter((r) => r.is_current).map((r) => String(r.upload_id)));
        expect(got).toEqual(expected);
      }), { numRuns: 40 });
    });
  });
});
