import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportCommand } from '../../bin/commands/report';
import type { QueryEngine, Row } from '../../functions/engine/engine';
import type { IndicatorValueRow } from '../../functions/scorecard/model';
import { writeReport } from '../../functions/scorecard/report';
import { LocalStore } from '../../functions/store/local-store';
import { indicatorValuesKey, publishedKey } from '../../functions/store/layout';
import { boroughValues, COUNCIL_BENCHMARKS, COUNCIL_TARGETS, parseCsv, PERIOD } from './fixtures';

/** A DuckDB connection as a QueryEngine, values converted to plain JS as the contract says. */
function engineOver(connection: DuckDBConnection): QueryEngine {
  return {
    async query(sql: string): Promise<Row[]> {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJS().map((row) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
    },
    async close() {
      connection.closeSync();
    },
  };
}

const lit = (v: unknown) => (v === null || v === undefined ? 'null' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);

let dir: string;
let store: LocalStore;
let instance: DuckDBInstance;
let connection: DuckDBConnection;
let engine: QueryEngine;

/** Writes the values as one Parquet file per period in the store, and a view over them, as the warehouse holds them. */
async function loadValues(rows: readonly IndicatorValueRow[]) {
  await connection.run('drop view if exists indicator_values');
  await connection.run('drop table if exists iv_load');
  await connection.run(`create table iv_load (indicator_id varchar, period varchar, numerator double, denominator double, value double,
    ytd_numerator double, ytd_denominator double, ytd_value double, status varchar, computed_at timestamp, inputs varchar)`);
  const tuples = rows.map((r) => `(${[r.indicator_id, r.period, r.numerator, r.denominator, r.value, r.ytd_numerator, r.ytd_denominator,
    r.ytd_value, r.status].map(lit).join(', ')}, timestamp '2017-02-05 08:00:00', 'fixture')`);
  await connection.run(`insert into iv_load values ${tuples.join(',\n')}`);
  for (const period of new Set(rows.map((r) => r.period))) {
    const path = store.localPath(indicatorValuesKey(period));
    await store.put(indicatorValuesKey(period), '');
    await connection.run(`copy (select * exclude (period) from iv_load where period = ${lit(period)}) to ${lit(path)} (format parquet)`);
  }
  const glob = join(store.root, 'indicators', 'indicator_values', '*', '*.parquet');
  await connection.run(`create view indicator_values as select * from read_parquet(${lit(glob)}, hive_partitioning = true)`);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outturn-report-'));
  store = new LocalStore(dir);
  instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false' });
  connection = await instance.connect();
  engine = engineOver(connection);
  await connection.run(`create table targets (indicator_id varchar, rule varchar, green double, amber double, band_reference double, rag_basis varchar, period varchar)`);
  await connection.run(`insert into targets values ${COUNCIL_TARGETS.map((t) =>
    `(${[t.indicator_id, t.rule, t.green, t.amber, t.band_reference, t.rag_basis, '2016'].map(lit).join(', ')})`).join(', ')},
    ('CSC-02', 'HIGH', 50, 40, null, null, '2015')`);
  await connection.run(`create table benchmarks (indicator_id varchar, stat_neighbour_avg double, best_stat_neighbour double, national_avg double,
    national_top_quartile double, label varchar, period varchar)`);
  await connection.run(`insert into benchmarks values ${COUNCIL_BENCHMARKS.map((b) =>
    `(${[b.indicator_id, b.stat_neighbour_avg, b.best_stat_neighbour, b.national_avg, b.national_top_quartile, b.label, b.period].map(lit).join(', ')})`).join(', ')},
    ('CSC-05', 1, 1, 1, 1, 'future', '2030')`);
  await loadValues(boroughValues());
});

afterAll(async () => {
  connection?.closeSync();
  instance?.closeSync();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('writeReport against DuckDB and a local store', () => {
  it('writes both editions and what it published, then flags REVISED when a value changes on a later run', async () => {
    const first = await writeReport({ store, engine, period: PERIOD, now: new Date('2017-02-05T08:00:00Z') });
    expect(first.paths).toEqual([
      'reports/2017-01/scorecard.html', 'reports/2017-01/scorecard.xlsx', 'reports/2017-01/scorecard.csv',
      'reports/2017-01/public/scorecard.html', 'reports/2017-01/public/scorecard.xlsx', 'reports/2017-01/public/scorecard.csv',
      'published/2017-01/values.json',
    ]);
    for (const key of first.paths) expect((await store.head(key))?.size).toBeGreaterThan(100);

    const html = (await store.get('reports/2017-01/scorecard.html')).toString('utf8');
    expect(html).toContain('OFFICIAL-SENSITIVE — not for publication');
    expect((await store.get('reports/2017-01/public/scorecard.html')).toString('utf8')).not.toContain('OFFICIAL-SENSITIVE');

    // Targets of FY 2016 (not 2015), latest benchmarks up to P's year (not 2030).
    const csc02 = first.internal.rows.find((r) => r.indicator.id === 'CSC-02')!;
    expect(csc02.thresholds?.green).toBe('95%+');
    expect(first.internal.rows.find((r) => r.indicator.id === 'CSC-05')!.benchmarks?.label).toBe('2014/15');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await store.get('reports/2017-01/public/scorecard.xlsx')) as unknown as ArrayBuffer);
    expect(wb.worksheets).toHaveLength(8);

    const published = JSON.parse((await store.get(publishedKey(PERIOD))).toString('utf8'));
    expect(Object.keys(published.values['CSC-02'])).toEqual(['2016-11', '2016-12', '2017-01']);
    const dec = boroughValues().find((r) => r.indicator_id === 'CSC-02' && r.period === '2016-12')!;
    expect(published.values['CSC-02']['2016-12'].value).toBe(dec.value);
    expect(first.internal.rows.some((r) => r.notes.includes('REVISED'))).toBe(false);

    // A partner restates December: the next run shows the new value and the one published before.
    await loadValues(boroughValues().map((r) => (r.indicator_id === 'CSC-02' && r.period === '2016-12'
      ? { ...r, numerator: 500, denominator: 1000, value: 50 } : r)));
    const second = await writeReport({ store, engine, period: PERIOD, now: new Date('2017-02-06T08:00:00Z') });
    const revised = second.internal.rows.find((r) => r.indicator.id === 'CSC-02')!;
    expect(revised.notes).toContain('REVISED');
    expect(revised.revisions).toEqual([{ period: '2016-12', earlier: { kind: 'value', value: dec.value }, current: { kind: 'value', value: 50 } }]);
    expect(second.internal.rows.filter((r) => r.notes.includes('REVISED')).map((r) => r.indicator.id)).toEqual(['CSC-02']);

    const [header, ...rows] = parseCsv((await store.get('reports/2017-01/scorecard.csv')).toString('utf8'));
    const row = rows.find((r) => r[0] === 'CSC-02')!;
    expect(row[header.indexOf('value_p1')]).toBe('50');
    expect(row[header.indexOf('note')]).toBe(`REVISED 2016-12 was ${dec.value}`);
    const publicHtml = (await store.get('reports/2017-01/public/scorecard.html')).toString('utf8');
    expect(publicHtml).toMatch(/Revised<\/span> <span class="rev">Dec 2016 was \d+\.\d/);

    // The next month compares with what January's scorecard published.
    const republished = JSON.parse((await store.get(publishedKey(PERIOD))).toString('utf8'));
    expect(republished.values['CSC-02']['2016-12'].value).toBe(50);
  });

  it('prints the paths from the report command and fails in one line on a bad period', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const sink = (lines: string[]) => ({ write: (t: string) => lines.push(t) });
    expect(await reportCommand({ store, engine, period: PERIOD, out: sink(out), err: sink(err) })).toBe(0);
    expect(out.join('')).toContain(join(dir, 'reports', '2017-01', 'public', 'scorecard.html'));
    expect(out).toHaveLength(7);
    expect(await reportCommand({ store, engine, period: '2017-1', out: sink(out), err: sink(err) })).toBe(1);
    expect(err.join('')).toMatch(/^outturn report: Invalid period "2017-1": expected YYYY-MM/);
  });
});
