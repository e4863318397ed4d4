/**
 * `outturn demo` end to end on a small borough: every partner's files through the real
 * ingest into a temporary store, every month computed, both editions of the scorecard
 * written. Then the promises: nothing accepted is lost (the uploads that count hold
 * exactly the rows each dataset returns, through the engine and through `outturn
 * query`), every faulty file ends with the receipt its fault promises, and the summary
 * says the same numbers.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../bin/cli';
import { summaryText } from '../../bin/commands/demo-verb';
import { DATASETS, type Receipt } from '../../schemas';
import { runDemo, type DemoSummary } from '../../functions/demo/run-demo';
import { DuckDbEngine } from '../../functions/engine/duckdb-engine';
import { CATALOGUE } from '../../functions/indicators/catalogue';
import { StaticKeyProvider } from '../../functions/ingest/pseudonymise';
import { LocalStore } from '../../functions/store/local-store';
import { parseCsv } from '../helpers/ingest';

const END = '2025-10';
let folder: string;
let store: LocalStore;
let summary: DemoSummary;
let engine: DuckDbEngine;

const query = (sql: string) => engine.query(sql);
const n = (x: unknown) => Number(x);
const faultOf = (pattern: RegExp) => summary.faulty.filter((f) => pattern.test(f.file.fault ?? ''));
const oneFault = (pattern: RegExp) => {
  const found = faultOf(pattern);
  expect(found, `one faulty file matching ${pattern}`).toHaveLength(1);
  return found[0];
};
const codesOf = (r: Receipt) => [...new Set([...r.errors, ...r.warnings].map((i) => i.code))].sort();

/** `outturn --store DIR query SQL --csv`, as a user would run it; returns the exit code and stdout. */
async function cli(sql: string): Promise<{ code: number; out: string }> {
  const chunks: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
  try {
    const code = await main(['--store', store.root, 'query', sql, '--csv']);
    return { code, out: chunks.join('') };
  } finally {
    write.mockRestore();
  }
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'outturn-demo-run-'));
  store = new LocalStore(join(folder, 'warehouse'));
  summary = await runDemo({
    store,
    ingest: { store, keys: new StaticKeyProvider(Buffer.from('c3'.repeat(32), 'hex')), memoryLimit: '512MB' },
    children: 1500, months: 6, seed: 3, endPeriod: END,
  });
  engine = await DuckDbEngine.open({ store, memoryLimit: '256MB', threads: 1 });
}, 600_000);

afterAll(async () => {
  await engine?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('runDemo reconciliation', () => {
  it('keeps every accepted row of the uploads that count: per dataset, uploads equal count(*)', async () => {
    const uploaded = new Map((await query(
      'select dataset, sum(rows_accepted) as n from uploads where is_current group by dataset',
    )).map((r) => [r.dataset as string, n(r.n)]));
    for (const { name } of DATASETS) {
      const [{ n: counted }] = await query(`select count(*) as n from "${name}"`);
      expect(n(counted), name).toBe(uploaded.get(name) ?? 0);
      expect(n(counted), `${name} has rows`).toBeGreaterThan(0);
    }
  });

  it('reconciles the same way through `outturn query`', async () => {
    const counts = DATASETS.map((d) => `select '${d.name}' as dataset, count(*) as counted from "${d.name}"`).join(' union all ');
    const { code, out } = await cli(`select c.dataset, c.counted, coalesce(u.uploaded, 0) as uploaded
      from (${counts}) c
      left join (select dataset, sum(rows_accepted) as uploaded from uploads where is_current group by dataset) u using (dataset)
      order by c.dataset`);
    expect(code).toBe(0);
    const { header, rows } = parseCsv(out);
    expect(header).toEqual(['dataset', 'counted', 'uploaded']);
    expect(rows.map((r) => r.cells[0])).toEqual(DATASETS.map((d) => d.name).sort());
    for (const { cells: [dataset, counted, uploaded] } of rows) {
      expect(Number(counted), dataset).toBe(Number(uploaded));
    }
    const total = rows.reduce((a, r) => a + Number(r.cells[1]), 0);
    expect(total).toBe(Object.values(summary.partners).reduce((a, t) => a + t.rowsCurrent, 0));
  });

  it("gives each partner's totals as the uploads table has them", async () => {
    const rows = await query(`select partner, count(*) as files,
        count(*) filter (where status = 'ACCEPTED') as accepted,
        count(*) filter (where status = 'ACCEPTED_WITH_ERRORS') as with_errors,
        count(*) filter (where status = 'REJECTED') as rejected,
        count(*) filter (where status = 'DUPLICATE') as duplicate,
        sum(rows_read) as rows_read, sum(rows_accepted) as rows_accepted, sum(rows_rejected) as rows_rejected,
        coalesce(sum(rows_accepted) filter (where is_current), 0) as rows_current
      from uploads group by partner`);
    expect(Object.keys(summary.partners).sort()).toEqual(rows.map((r) => r.partner).sort());
    for (const r of rows) {
      expect(summary.partners[r.partner as string], r.partner as string).toEqual({
        files: n(r.files), accepted: n(r.accepted), acceptedWithErrors: n(r.with_errors), rejected: n(r.rejected),
        duplicate: n(r.duplicate), rowsRead: n(r.rows_read), rowsAccepted: n(r.rows_accepted), rowsRejected: n(r.rows_rejected),
        rowsCurrent: n(r.rows_current),
      });
    }
    expect(summary.receipts).toHaveLength(rows.reduce((a, r) => a + n(r.files), 0));
  });

  it('says the reconciled numbers in the summary', () => {
    const text = summaryText(summary, store.root);
    const fmt = (x: number) => x.toLocaleString('en-GB');
    for (const [partner, t] of Object.entries(summary.partners)) {
      const line = text.split('\n').find((l) => l.trimStart().startsWith(`${partner} `));
      expect(line, partner).toBeDefined();
      const numbers = (line as string).trim().split(/\s+/).slice(1);
      expect(numbers).toEqual([t.files, t.accepted, t.acceptedWithErrors, t.rejected, t.duplicate, t.rowsRead, t.rowsAccepted, t.rowsRejected, t.rowsCurrent].map(fmt));
    }
    const current = Object.values(summary.partners).reduce((a, t) => a + t.rowsCurrent, 0);
    const accepted = Object.values(summary.partners).reduce((a, t) => a + t.rowsAccepted, 0);
    expect(text).toContain(`+ ${fmt(accepted - current)} rows of uploads a later one superseded`);
    // The 13 late snapshots are one entry, not thirteen.
    expect(text.match(/an older snapshot uploaded late/g)).toHaveLength(1);
    expect(text).toContain(`reports/${END}`);
    expect(text).toMatch(/Done in \d+ s \(generating \d+ s, uploading \d+ s, indicators \d+ s, reports \d+ s\)/);
  });
});

describe('runDemo faulty inputs', () => {
  it('rejects the file without a required column (F004) and counts the resent one', async () => {
    const { file, receipt } = oneFault(/F004/);
    expect(receipt.status).toBe('REJECTED');
    expect(receipt.errors.map((e) => [e.code, e.column])).toContainEqual(['F004', 'first_time_entrant']);
    const period = file.key.split('/')[2];
    const resent = summary.receipts.filter((r) => r.dataset === 'youth_justice_outcomes' && r.period === period && r !== receipt);
    expect(resent.map((r) => r.status)).toEqual(['ACCEPTED']);
    const [{ n: rows }] = await query(`select count(*) as n from youth_justice_outcomes where period = '${period}'`);
    expect(n(rows)).toBe(resent[0].rows_accepted);
  });

  it('lets the restated month supersede the first one', async () => {
    const { file, receipt } = oneFault(/restates/);
    expect(receipt.status).toBe('ACCEPTED');
    const period = file.key.split('/')[2];
    const first = summary.receipts.find((r) => r.dataset === 'missing_episodes' && r.period === period && r !== receipt) as Receipt;
    expect(receipt.supersedes).toBe(first.upload_id);
    const uploads = await query(`select upload_id, is_current from uploads where dataset = 'missing_episodes' and period = '${period}'`);
    expect(Object.fromEntries(uploads.map((u) => [u.upload_id, u.is_current]))).toEqual({ [first.upload_id]: false, [receipt.upload_id]: true });
    const [{ n: rows }] = await query(`select count(*) as n from missing_episodes where period = '${period}'`);
    expect(n(rows)).toBe(receipt.rows_accepted);
  });

  it('marks the resent bytes DUPLICATE of the first upload, counting nothing twice', async () => {
    const { receipt } = oneFault(/same bytes/);
    expect(receipt.status).toBe('DUPLICATE');
    expect(receipt.rows_accepted).toBe(0);
    const original = summary.receipts.find((r) => r.upload_id === receipt.duplicate_of) as Receipt;
    expect(original.sha256).toBe(receipt.sha256);
    expect(original.status).toBe('ACCEPTED');
  });

  it('accepts the months with bad rows with errors, listing the R004 and R002 rows', () => {
    // Exclusions carry bad rows too when the month has 20 or more (this borough's do not).
    const bad = faultOf(/wrong UPN check letter/);
    expect(bad.map((b) => b.receipt.dataset)).toContain('attendance');
    for (const { receipt } of bad) {
      expect(receipt.status).toBe('ACCEPTED_WITH_ERRORS');
      expect(codesOf(receipt)).toEqual(['R002', 'R004']);
      for (const issue of receipt.errors) expect(issue.rows.length, issue.code).toBeGreaterThan(0);
      expect(receipt.rows_rejected).toBe(receipt.errors.reduce((a, e) => a + e.count, 0));
    }
  });

  it('accepts the older snapshots sent late without letting them replace the latest', async () => {
    const late = faultOf(/older snapshot/);
    expect(late.length).toBe(DATASETS.filter((d) => d.cadence === 'snapshot' && d.partner !== 'performance').length);
    const current = new Set((await query('select upload_id from uploads where is_current')).map((u) => u.upload_id));
    for (const { receipt } of late) {
      expect(receipt.status, receipt.dataset as string).toBe('ACCEPTED');
      expect(receipt.supersedes).toBeNull();
      expect(current.has(receipt.upload_id), receipt.dataset as string).toBe(false);
    }
  });

  it('keeps é and ’ of the Windows-1252 establishments file', async () => {
    const { receipt } = oneFault(/Windows-1252/);
    expect(receipt.status).toBe('ACCEPTED');
    const names = (await query('select name from establishments')).map((r) => r.name as string);
    expect(names).toContain('St Thérèse’s Catholic Primary School');
    expect(names).toContain('Notre Dame Café Lane Primary');
    expect(names.join('')).not.toContain('\uFFFD');
  });

  it('accepts the XLSX, JSON and NDJSON files', () => {
    const other = summary.faulty.filter((f) => /\.(xlsx|json|ndjson)$/.test(f.file.key));
    expect(other.map((f) => f.file.key.split('.').pop()).sort()).toEqual(['json', 'ndjson', 'xlsx', 'xlsx']);
    for (const { receipt } of other) {
      expect(receipt.status, receipt.key).toBe('ACCEPTED');
      expect(receipt.rows_accepted, receipt.key).toBeGreaterThan(0);
    }
  });
});

describe('runDemo outputs', () => {
  it('computes every indicator for every month', async () => {
    const rows = await query('select period, count(*) as n from indicator_values group by period order by period');
    expect(rows.map((r) => r.period)).toEqual(summary.periods);
    for (const r of rows) expect(n(r.n), r.period as string).toBe(CATALOGUE.length);
    expect(summary.periods).toHaveLength(6);
    expect(summary.periods.at(-1)).toBe(END);
  });

  it('writes both editions of the scorecard for the last month', async () => {
    for (const edition of ['', 'public/']) {
      for (const file of ['scorecard.html', 'scorecard.xlsx', 'scorecard.csv']) {
        expect((await stat(store.localPath(`reports/${END}/${edition}${file}`))).size, `${edition}${file}`).toBeGreaterThan(0);
      }
      const csv = parseCsv(await readFile(store.localPath(`reports/${END}/${edition}scorecard.csv`), 'utf8'));
      expect(csv.rows.map((r) => r.cells[0])).toEqual(CATALOGUE.map((d) => d.id));
    }
    expect(summary.reportPaths.some((p) => p.endsWith(join('reports', END, 'scorecard.html')))).toBe(true);
  });

  it('says in words, from the data, why an indicator has no value', async () => {
    const nulls = await query(`select indicator_id from indicator_values where period = '${END}' and value is null order by indicator_id`);
    expect(summary.missing.flatMap((m) => m.ids).sort()).toEqual(nulls.map((r) => r.indicator_id));
    // The NCMP measures children from November to June: none yet in September and October.
    const ncmp = summary.missing.find((m) => m.ids.includes('HLT-05'));
    expect(ncmp?.ids).toEqual(['HLT-05', 'HLT-06']);
    expect(ncmp?.reason).toMatch(/^no child_measurements rows in the academic year so far \(2025-09 to 2025-10\) \(the latest are from 2025-0\d\)$/);
    expect(summaryText(summary, store.root)).toContain(`HLT-05/06: ${ncmp?.reason}`);
  });
});
