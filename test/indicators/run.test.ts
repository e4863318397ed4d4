import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../functions/indicators/catalogue';
import { bindParameters, periodDates } from '../../functions/indicators/parameters';
import { computeIndicators, createDuckDbIndicatorWriter, runIndicators, type IndicatorValue } from '../../functions/indicators/run';
import { LocalStore } from '../../functions/store/local-store';
import { indicatorValuesKey } from '../../functions/store/layout';
import { createFixtureDb, pseudo, type FixtureDb } from './fixtures';

const now = new Date('2017-05-05T08:00:00Z');
const byId = (rows: IndicatorValue[]) => new Map(rows.map((r) => [r.indicator_id, r]));

describe('parameters', () => {
  it('derives the windows of a period, across the April and September boundaries', () => {
    expect(periodDates('2017-03')).toMatchObject({ pstart: '2017-03-01', pend: '2017-03-31', fyStart: '2016-04-01', ayStart: '2016-09-01', r12Start: '2016-04-01', r36Start: '2014-04-01', popYear: '2017' });
    expect(periodDates('2017-04')).toMatchObject({ pend: '2017-04-30', fyStart: '2017-04-01', ayStart: '2016-09-01' });
    expect(periodDates('2016-02')).toMatchObject({ pend: '2016-02-29' });
    expect(periodDates('2016-09')).toMatchObject({ ayStart: '2016-09-01', fyStart: '2016-04-01' });
  });

  it('binds placeholders outside comments and strings, and refuses unknown ones and bad periods', () => {
    expect(bindParameters("-- at :pend\nselect :pend, ':pend' as t", '2017-04')).toBe("-- at :pend\nselect DATE '2017-04-30', ':pend' as t");
    expect(() => bindParameters('select :nope', '2017-04')).toThrow(/unknown parameter :nope/);
    expect(() => bindParameters('select 1', '2017-13')).toThrow(/YYYY-MM/);
  });
});

describe('computeIndicators status and inputs', () => {
  let db: FixtureDb;
  beforeEach(async () => {
    db = await createFixtureDb();
    await db.insert('contacts', [{ contact_id: 'C1', child_id: pseudo('c1'), contact_at: '2017-04-03T10:00:00Z', source: 'POLICE' }]);
  });
  afterEach(async () => { await db.close(); });

  it('is OK with 46 rows in catalogue order when every source covers the period', async () => {
    await db.coverEverything('2016-04', '2017-04');
    const rows = await computeIndicators({ engine: db.engine, period: '2017-04', now });
    expect(rows.map((r) => r.indicator_id)).toEqual(CATALOGUE.map((d) => d.id));
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['OK']));
    const csc01 = byId(rows).get('CSC-01')!;
    expect(csc01).toMatchObject({ period: '2017-04', numerator: 1, value: 1, computed_at: '2017-05-05T08:00:00.000Z' });
    expect(csc01.inputs).toBe('contacts@2017-04-30=contacts.2017-04-30');
    expect(byId(rows).get('CSC-04')!.inputs).toBe('referrals@2017-04-30=referrals.2017-04-30; population@2017=population.2017');
    expect(byId(rows).get('POL-02')!.inputs).toBe('missing_episodes=missing_episodes.2017-04');
  });

  it('gives NO_DATA with null figures when a source does not cover P, and ignores rejected uploads', async () => {
    await db.upload('contacts', '2017-03-31'); // a snapshot before Pstart
    await db.upload('contacts', '2017-04-20', { status: 'REJECTED' });
    await db.upload('missing_episodes', '2017-03');
    await db.upload('population', '2018'); // after the year of Pend
    const rows = byId(await computeIndicators({ engine: db.engine, period: '2017-04', now }));
    expect(rows.get('CSC-01')).toMatchObject({ status: 'NO_DATA', numerator: null, denominator: null, value: null, ytd_numerator: null, ytd_denominator: null, ytd_value: null });
    expect(rows.get('POL-01')!.status).toBe('NO_DATA');
    expect(rows.get('POL-01')!.inputs).toBe('missing_episodes= (missing 2017-04)');
    expect(rows.get('CSC-04')!.status).toBe('NO_DATA');
    expect(rows.get('CSC-04')!.inputs).toContain('population:none');
  });

  it('gives PARTIAL when a snapshot is dated before Pend or another month read is missing', async () => {
    await db.upload('contacts', '2017-04-20'); // covers P up to the 20th
    for (const month of ['2017-04', '2017-05']) await db.upload('missing_episodes', month); // YTD for May: April and May
    await db.upload('missing_episodes', '2017-06');
    await db.upload('lac_episodes', '2017-06-30');
    // lac_health: June covered but not all of the 12 months ending June
    await db.upload('lac_health', '2017-06');
    await db.upload('lac_health', '2017-05', { uploadId: 'old', isCurrent: false });
    await db.upload('lac_health', '2017-05', { uploadId: 'restated' });
    const april = byId(await computeIndicators({ engine: db.engine, period: '2017-04', now }));
    expect(april.get('CSC-01')).toMatchObject({ status: 'PARTIAL', numerator: 1 });
    const may = byId(await computeIndicators({ engine: db.engine, period: '2017-05', now }));
    expect(may.get('POL-02')!.status).toBe('OK');
    const june = byId(await computeIndicators({ engine: db.engine, period: '2017-06', now }));
    expect(june.get('POL-02')!.status).toBe('OK'); // April to June, the whole YTD
    expect(june.get('HLT-01')!.status).toBe('PARTIAL');
    expect(june.get('HLT-01')!.inputs).toBe('lac_episodes@2017-06-30=lac_episodes.2017-06-30; lac_health=lac_health.2017-06,restated (missing 2016-07,2016-08,2016-09,2016-10,2016-11,2016-12,2017-01,2017-02,2017-03,2017-04)');
    // a month indicator reads its YTD (April to June): April is missing, so June is PARTIAL, not NO_DATA
    expect(june.get('HLT-03')!.status).toBe('PARTIAL');
  });
});

describe('runIndicators', () => {
  it('writes one Parquet partition per period and replaces it on a rerun', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'run-indicators-'));
    const db = await createFixtureDb();
    const reader = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false' });
    const connection = await reader.connect();
    try {
      const store = new LocalStore(dir);
      await db.coverEverything('2017-04', '2017-05');
      await db.insert('contacts', [{ contact_id: 'C1', child_id: pseudo('c1'), contact_at: '2017-04-03T10:00:00Z', source: 'POLICE' }]);
      const writer = createDuckDbIndicatorWriter();
      const rows = await runIndicators({ store, engine: db.engine, periods: ['2017-04', '2017-05'], writer, now });
      expect(rows).toHaveLength(92);

      const read = async (period: string) => {
        const path = store.localPath(indicatorValuesKey(period))!;
        const result = await connection.runAndReadAll(`SELECT * FROM read_parquet('${path}') WHERE indicator_id = 'CSC-01'`);
        const all = await connection.runAndReadAll(`SELECT count(*) AS n FROM read_parquet('${path}')`);
        return { types: result.columnTypes().map(String), names: result.columnNames(), row: result.getRowObjectsJS()[0], count: Number(all.getRowObjectsJS()[0].n) };
      };
      const april = await read('2017-04');
      expect(april.names).toEqual(['indicator_id', 'period', 'numerator', 'denominator', 'value', 'ytd_numerator', 'ytd_denominator', 'ytd_value', 'status', 'computed_at', 'inputs']);
      expect(april.types).toEqual(['VARCHAR', 'VARCHAR', 'DOUBLE', 'DOUBLE', 'DOUBLE', 'DOUBLE', 'DOUBLE', 'DOUBLE', 'VARCHAR', 'TIMESTAMP', 'VARCHAR']);
      expect(april.count).toBe(46);
      expect(april.row).toMatchObject({ period: '2017-04', numerator: 1, denominator: null, value: 1, status: 'OK' });
      expect((april.row.computed_at as Date).toISOString()).toBe(now.toISOString());

      // a restated contacts extract: the rerun replaces April's rows
      await db.insert('contacts', [{ contact_id: 'C2', child_id: pseudo('c2'), contact_at: '2017-04-04T10:00:00Z', source: 'POLICE' }]);
      await runIndicators({ store, engine: db.engine, periods: ['2017-04'], writer, now });
      const again = await read('2017-04');
      expect(again.count).toBe(46);
      expect(again.row).toMatchObject({ numerator: 2, value: 2 });
      expect((await read('2017-05')).row).toMatchObject({ numerator: 0, ytd_numerator: 1 });
    } finally {
      connection.closeSync();
      reader.closeSync();
      await db.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
