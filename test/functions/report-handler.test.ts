import { Logger } from '@aws-lambda-powertools/logger';
import ExcelJS from 'exceljs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../functions/engine/duckdb-engine';
import { createIndicatorsHandler } from '../../functions/indicators-handler';
import { CATALOGUE } from '../../functions/indicators/catalogue';
import { StaticKeyProvider } from '../../functions/ingest/pseudonymise';
import { uploadFile } from '../../functions/ingest/upload';
import { createReportHandler, ReportEventError } from '../../functions/report-handler';
import { publishedKey, reportPrefix } from '../../functions/store/layout';
import { LocalStore } from '../../functions/store/local-store';
import { getDataset } from '../../schemas';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'ingest', 'valid');
const KEY = Buffer.alloc(32, 5);
const silent = () => new Logger({ serviceName: 'test', logLevel: 'SILENT' });

describe('the report handler over a real warehouse', () => {
  let folder: string;
  let store: LocalStore;
  let engine: DuckDbEngine;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'outturn-report-handler-'));
    store = new LocalStore(join(folder, 'store'));
    const scratch = join(folder, 'work');
    await mkdir(scratch);
    for (const name of ['contacts', 'referrals', 'targets', 'benchmarks']) {
      const contract = getDataset(name);
      const period = { snapshot: '2024-09-30', month: '2024-09', year: '2024' }[contract.cadence];
      const receipt = await uploadFile({
        store, keys: new StaticKeyProvider(KEY), memoryLimit: '256MB', threads: 1, workDir: scratch,
        file: join(FIXTURES, `${name}.csv`), key: `${contract.partner}/${name}/${period}/${name}.csv`,
      });
      expect(receipt.status, name).toMatch(/^ACCEPTED/);
    }
    engine = await DuckDbEngine.open({ store, memoryLimit: '512MB', threads: 2 });
    // The step before, as the state machine runs it; its result is this step's event.
    const indicators = createIndicatorsHandler({ store, engine, logger: silent() });
    expect((await indicators({ period: '2024-09' })).period).toBe('2024-09');
    await engine.refresh();
  });
  afterAll(async () => {
    await engine?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('writes both editions to reports/<P>/ and records what was published, from the indicators step result', async () => {
    const handler = createReportHandler({ store, engine, logger: silent(), now: () => new Date('2024-10-05T07:05:00Z') });
    const result = await handler({ period: '2024-09', periods: ['2024-07', '2024-08', '2024-09'], rows: 138 } as { period: string });
    expect(result.period).toBe('2024-09');
    const prefix = reportPrefix('2024-09');
    expect(result.paths).toEqual([
      ...['scorecard.html', 'scorecard.xlsx', 'scorecard.csv'].map((f) => `${prefix}${f}`),
      ...['scorecard.html', 'scorecard.xlsx', 'scorecard.csv'].map((f) => `${prefix}public/${f}`),
      publishedKey('2024-09'),
    ]);
    for (const key of result.paths) expect((await store.head(key))?.size, key).toBeGreaterThan(0);

    // The files are what they say: a CSV with a row per indicator, a workbook Excel can open.
    const csv = (await store.get(`${prefix}scorecard.csv`)).toString('utf8');
    for (const indicator of CATALOGUE.slice(0, 5)) expect(csv).toContain(indicator.id);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await store.get(`${prefix}public/scorecard.xlsx`)) as unknown as ArrayBuffer);
    expect(workbook.worksheets.length).toBeGreaterThan(0);
    const html = (await store.get(`${prefix}scorecard.html`)).toString('utf8');
    expect(html).toMatch(/<html/i);
    const published = JSON.parse((await store.get(publishedKey('2024-09'))).toString('utf8'));
    expect(JSON.stringify(published)).toContain('2024-09');
  });

  it('refuses an event without a valid period, writing nothing', async () => {
    const handler = createReportHandler({ store, engine, logger: silent() });
    for (const event of [{ period: '2024-13' }, {}, { period: 202409 }, { period: '2024-09-30' }]) {
      await expect(handler(event as { period: string }), JSON.stringify(event)).rejects.toThrow(ReportEventError);
    }
    await expect(handler({ period: 'Sept' })).rejects.toThrow(/"period" must be YYYY-MM, e.g. \{"period":"2026-10"\}; received "Sept"/);
    expect(await store.head(`${reportPrefix('2024-13')}scorecard.html`)).toBeUndefined();
  });
});
