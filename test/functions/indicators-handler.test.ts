import { Logger } from '@aws-lambda-powertools/logger';
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../functions/engine/duckdb-engine';
import type { QueryEngine } from '../../functions/engine/engine';
import { createIndicatorsHandler, monthBefore, resolvePeriod, RunEventError } from '../../functions/indicators-handler';
import { CATALOGUE } from '../../functions/indicators/catalogue';
import { calendarRows } from '../../functions/indicators/calendar';
import { StaticKeyProvider } from '../../functions/ingest/pseudonymise';
import { uploadFile } from '../../functions/ingest/upload';
import { CALENDAR_KEY, indicatorValuesKey } from '../../functions/store/layout';
import { LocalStore } from '../../functions/store/local-store';
import type { Store } from '../../functions/store/store';
import { getDataset } from '../../schemas';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'ingest', 'valid');
const KEY = Buffer.alloc(32, 3);
const silent = () => new Logger({ serviceName: 'test', logLevel: 'SILENT' });

/** The uploads of the small warehouse: September 2024, as the ingest tests send them. */
const UPLOADS = ['contacts', 'referrals', 'attendance', 'establishments', 'population', 'targets', 'benchmarks'].map((name) => {
  const contract = getDataset(name);
  const period = { snapshot: '2024-09-30', month: '2024-09', year: '2024' }[contract.cadence];
  return { file: join(FIXTURES, `${name}.csv`), key: `${contract.partner}/${name}/${period}/${name}.csv` };
});

/** A real store that counts the writes of each key. */
function countingStore(store: LocalStore): { store: Store; puts: Map<string, number> } {
  const puts = new Map<string, number>();
  const count = (key: string) => puts.set(key, (puts.get(key) ?? 0) + 1);
  const wrapped: Store = {
    location: store.location,
    put: (key, body) => { count(key); return store.put(key, body); },
    putFile: (key, path) => { count(key); return store.putFile(key, path); },
    copy: (from, key) => { count(key); return store.copy(from, key); },
    get: (key) => store.get(key),
    getToFile: (key, path) => store.getToFile(key, path),
    stream: (key) => store.stream(key),
    head: (key) => store.head(key),
    list: (prefix) => store.list(prefix),
    delete: (key) => store.delete(key),
    localPath: (key) => store.localPath(key),
  };
  return { store: wrapped, puts };
}

describe('the period a run computes', () => {
  const now = new Date('2030-01-15T12:00:00Z');

  it('is the calendar month before the scheduled time, in Europe/London', () => {
    expect(resolvePeriod({ scheduledTime: '2024-10-05T07:00:00Z' }, now)).toBe('2024-09');
    // Year boundary.
    expect(resolvePeriod({ scheduledTime: '2025-01-01T00:30:00Z' }, now)).toBe('2024-12');
    expect(resolvePeriod({ scheduledTime: '2024-12-31T23:59:59Z' }, now)).toBe('2024-11');
    // 23:30 UTC on 31 March 2025 is 00:30 on 1 April in London (BST): March is the month before.
    expect(resolvePeriod({ scheduledTime: '2025-03-31T23:30:00Z' }, now)).toBe('2025-03');
    // 23:30 UTC on 31 October 2024 is still 31 October in London (GMT again).
    expect(resolvePeriod({ scheduledTime: '2024-10-31T23:30:00Z' }, now)).toBe('2024-09');
    // The scheduler's own format carries an offset.
    expect(resolvePeriod({ scheduledTime: '2025-05-01T00:30:00+01:00' }, now)).toBe('2025-04');
  });

  it('is the month before now without a scheduled time, and a manual period wins over both', () => {
    expect(resolvePeriod({}, now)).toBe('2029-12');
    expect(monthBefore(new Date('2024-04-01T00:00:00+01:00'))).toBe('2024-03');
    expect(resolvePeriod({ period: '2026-10', scheduledTime: '2024-10-05T07:00:00Z' }, now)).toBe('2026-10');
  });

  it('refuses a malformed period or time with a message that says what is allowed', () => {
    for (const period of ['2024-13', '2024-9', '202409', '2024-09-30', '', 'September']) {
      expect(() => resolvePeriod({ period }, now), period).toThrow(RunEventError);
      expect(() => resolvePeriod({ period }, now), period).toThrow(/"period" must be YYYY-MM, e.g. \{"period":"2026-10"\}; received/);
    }
    expect(() => resolvePeriod({ period: 202409 as unknown as string }, now)).toThrow(RunEventError);
    expect(() => resolvePeriod({ scheduledTime: 'yesterday' }, now)).toThrow(/"scheduledTime" must be an ISO 8601 time/);
  });
});

describe('the indicators handler over a real warehouse', () => {
  let folder: string;
  let local: LocalStore;
  let engine: DuckDbEngine;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'outturn-indicators-handler-'));
    local = new LocalStore(join(folder, 'store'));
    const scratch = join(folder, 'work');
    await mkdir(scratch);
    for (const upload of UPLOADS) {
      const receipt = await uploadFile({ store: local, keys: new StaticKeyProvider(KEY), memoryLimit: '256MB', threads: 1, workDir: scratch, ...upload });
      expect(receipt.status, upload.key).toMatch(/^ACCEPTED/);
    }
    engine = await DuckDbEngine.open({ store: local, memoryLimit: '512MB', threads: 2 });
  });
  afterAll(async () => {
    await engine?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('computes P-2, P-1 and P for the month before the scheduled time, writes the partitions and the calendar', async () => {
    const { store, puts } = countingStore(local);
    const prepared: boolean[] = [];
    const handler = createIndicatorsHandler({
      store, engine, logger: silent(), now: () => new Date('2024-10-05T07:00:03Z'),
      // The engine is readied after the calendar exists and before any indicator is written.
      prepare: async (e: QueryEngine) => {
        expect(e).toBe(engine);
        prepared.push(Boolean(await local.head(CALENDAR_KEY)) && !(await local.head(indicatorValuesKey('2024-07'))));
      },
    });

    const result = await handler({ scheduledTime: '2024-10-05T07:00:00Z' });
    expect(prepared).toEqual([true]);
    expect(result.period).toBe('2024-09');
    expect(result.periods).toEqual(['2024-07', '2024-08', '2024-09']);
    expect(result.rows).toBe(3 * CATALOGUE.length);
    expect(Object.values(result.statuses).reduce((a, b) => a + b, 0)).toBe(CATALOGUE.length);
    for (const p of result.periods) expect(await local.head(indicatorValuesKey(p)), p).toBeDefined();

    // Read back through the engine, as the report does.
    await engine.refresh();
    const counts = await engine.query('SELECT period, count(*) AS n FROM indicator_values GROUP BY period ORDER BY period');
    expect(counts).toEqual(result.periods.map((period) => ({ period, n: CATALOGUE.length })));
    const statuses = await engine.query("SELECT status, count(*) AS n FROM indicator_values WHERE period = '2024-09' GROUP BY status");
    expect(Object.fromEntries(statuses.map((r) => [r.status, r.n]))).toEqual(
      Object.fromEntries(Object.entries(result.statuses).filter(([, n]) => n > 0)));
    // The September contacts snapshot has data; attendance was sent for September only.
    const [contacts] = await engine.query("SELECT status, computed_at FROM indicator_values WHERE period = '2024-09' AND indicator_id = 'CSC-01'");
    expect(contacts.status).not.toBe('NO_DATA');
    expect(contacts.computed_at).toBe('2024-10-05T07:00:03.000Z');
    const attendance = await engine.query("SELECT period, status FROM indicator_values WHERE indicator_id = 'SCH-01' ORDER BY period");
    expect(attendance.map((r) => r.status === 'NO_DATA')).toEqual([true, true, false]);

    // The calendar Parquet is the real calendar, rewritten by every run.
    expect(puts.get(CALENDAR_KEY)).toBe(1);
    const db = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false' });
    const c = await db.connect();
    const [calendar] = (await c.runAndReadAll(`SELECT count(*) AS n, max(working_day_number) AS last FROM read_parquet('${local.localPath(CALENDAR_KEY)}')`)).getRowObjectsJS();
    c.closeSync();
    db.closeSync();
    expect(Number(calendar.n)).toBe(calendarRows().length);
    expect(Number(calendar.last)).toBe(calendarRows().at(-1)!.working_day_number);

    const again = await handler({ period: '2024-09' });
    expect(again.periods).toEqual(['2024-07', '2024-08', '2024-09']);
    expect(puts.get(CALENDAR_KEY)).toBe(2);
    expect(puts.get(indicatorValuesKey('2024-09'))).toBe(2);
    expect(prepared).toEqual([true, false]);
  });

  it('fails a bad manual period before writing anything', async () => {
    const { store, puts } = countingStore(local);
    let prepared = 0;
    const handler = createIndicatorsHandler({ store, engine, logger: silent(), prepare: async () => { prepared += 1; } });
    await expect(handler({ period: '2024-13' })).rejects.toThrow(/"period" must be YYYY-MM.*received "2024-13"/);
    await expect(handler({ period: '13/2024' })).rejects.toBeInstanceOf(RunEventError);
    expect(puts.size).toBe(0);
    expect(prepared).toBe(0);
  });

  it('fails the run when the SQL cannot be read, so that Step Functions retries and the alarm fires', async () => {
    const handler = createIndicatorsHandler({ store: local, engine, logger: silent(), sqlDir: join(folder, 'no-such-folder') });
    await expect(handler({ period: '2024-06' })).rejects.toThrow(/Cannot read the indicator SQL folder/);
    expect(await local.head(indicatorValuesKey('2024-06'))).toBeUndefined();
  });
});
