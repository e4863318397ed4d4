/**
 * Issue 8, privacy (operations.md §3 "Private by default"): known identifiers are sent
 * through every dataset by the command line, with rejected rows, dropped identifying
 * columns and rejected files among them; then everything the warehouse wrote outside
 * landing/ and raw/ (curated Parquet decoded, quarantine, receipts, indicators, reports
 * HTML/CSV/XLSX decoded) and everything the CLI printed is searched for them. Also:
 * every CSV and XLSX written escapes formula-like text, and the public scorecard shows
 * no small number.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DATASETS } from '../../schemas';
import { main } from '../../bin/cli';
import { LocalStore } from '../../functions/store/local-store';
import { clearValues, FIXTURES, parquetAsText, parseCsv } from '../helpers/ingest';
import { filesUnder } from './outcome';

const PERIOD = { snapshot: '2024-09-30', month: '2024-09', year: '2024' } as const;
/** Identifying values sent in columns that must be dropped (W002): never kept anywhere. */
const DROPPED = ['Featherstonehaugh', 'Acacia Avenue'];
const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/;

let folder: string;
let store: LocalStore;
let logs = '';
const clear = new Set<string>();
/** Decoded text of every file written outside landing/ and raw/, by path. */
const written = new Map<string, string>();
const csvs = new Map<string, string>();
const workbooks = new Map<string, ExcelJS.Workbook>();
/** The raw copies, where the identifiers are expected (a check that the search finds them). */
const raw = new Map<string, string>();

async function cli(...argv: string[]): Promise<number> {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { logs += String(chunk); return true; });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => { logs += String(chunk); return true; });
  try {
    return await main(['--store', store.root, ...argv]);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

async function send(dataset: string, period: string, name: string, content: string, json: boolean): Promise<void> {
  const contract = DATASETS.find((d) => d.name === dataset)!;
  const file = join(folder, `in-${name}`);
  await writeFile(file, content);
  for (const v of clearValues(dataset, content)) if (v.length >= 6) clear.add(v);
  await cli('upload', file, `${contract.partner}/${dataset}/${period}/${name}`, ...(json ? ['--json'] : []));
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'outturn-privacy-'));
  store = new LocalStore(join(folder, 'store'));
  let i = 0;
  for (const d of DATASETS) {
    const csv = await readFile(join(FIXTURES, 'valid', `${d.name}.csv`), 'utf8');
    await send(d.name, PERIOD[d.cadence], `${d.name}.csv`, csv, i++ % 2 === 0);
  }
  // Rejected rows with identifiers (quarantine), dropped identifying columns, a rejected file.
  for (const rule of ['r004-children.csv', 'r007-children.csv', 'r001-children.csv', 'w002-children.csv']) {
    await send('children', `2024-08-${10 + i++}`, rule, await readFile(join(FIXTURES, 'rules', rule), 'utf8'), false);
  }
  await send('children', '2024-13-01', 'bad-period.csv', await readFile(join(FIXTURES, 'valid', 'children.csv'), 'utf8'), true);
  // Formula-like free text, accepted and rejected (quarantine keeps the text).
  const schools = ['school_urn,name,phase,locality', '200001,=HYPERLINK("http://evil"),PRIMARY,NORTH', '200002,@SUM(1+1),NURSERY,NORTH', '200003,+cmd|calc,SPECIAL,',
    ...Array.from({ length: 10 }, (_, k) => `2001${String(k).padStart(2, '0')},-School ${k},PRIMARY,SOUTH`)];
  await send('establishments', '2024-09-29', 'formulas.csv', `${schools.join('\n')}\n`, false);

  expect(await cli('process')).toBe(0);
  await cli('receipts');
  await cli('receipts', '--json');
  await cli('query', 'SELECT * FROM children');
  await cli('query', 'SELECT * FROM establishments_all ORDER BY school_urn', '--csv');
  await cli('query', 'SELECT * FROM missing_episodes_all', '--csv');
  await cli('query', 'SELECT * FROM no_such_table');
  const indicatorsCsv = join(folder, 'indicators.csv');
  expect(await cli('indicators', '--period', '2024-09', '--csv', indicatorsCsv)).toBe(0);
  expect(await cli('report', '--period', '2024-09')).toBe(0);
  await cli('--verbose', 'upload', join(folder, 'missing-file.csv'), 'council/children/2024-09-30/x.csv');

  for (const path of [...(await filesUnder(store.root)), indicatorsCsv]) {
    const key = relative(store.root, path).split('\\').join('/');
    if (key.startsWith('raw/') && !key.endsWith('.sha256')) raw.set(key, await readFile(path, 'utf8'));
    if (/^(landing|raw|\.outturn)\//.test(key)) continue;
    let text: string;
    if (path.endsWith('.parquet')) text = await parquetAsText([path]);
    else if (path.endsWith('.xlsx')) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path);
      workbooks.set(key, wb);
      const cells: string[] = [];
      wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => { cells.push(String(cell.text ?? '')); })));
      text = cells.join('\n');
    } else text = await readFile(path, 'utf8');
    if (path.endsWith('.csv')) csvs.set(key, text);
    written.set(key, text);
  }
  written.set('(command line output)', logs);
  csvs.set('(query --csv output)', logs.slice(logs.indexOf('school_urn,')));
});
afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('no identifier in clear outside landing/ and raw/', () => {
  it('finds none of the identifiers sent in anything written or printed', () => {
    expect(clear.size).toBeGreaterThan(40);
    const prefixes = new Set([...written.keys()].map((k) => k.split('/')[0]));
    for (const p of ['curated', 'quarantine', 'receipts', 'indicators', 'reports', '(command line output)']) expect(prefixes).toContain(p);
    let bytes = 0;
    const found: string[] = [];
    for (const [key, text] of written) {
      bytes += Buffer.byteLength(text);
      for (const value of [...clear, ...DROPPED]) if (text.includes(value)) found.push(`${key}: ${value.length} chars`);
    }
    expect(found).toEqual([]);
    // The same search does find them where they belong: the partners' raw bytes.
    const rawText = [...raw.values()].join('\n');
    // (as sent; their normalised spellings need not occur in the files)
    expect([...clear].filter((v) => rawText.includes(v)).length).toBeGreaterThan(clear.size / 2);
    console.info(`privacy: ${clear.size + DROPPED.length} identifiers searched in ${written.size} outputs, ${bytes} bytes decoded`);
  });

  it('never prints or writes the pseudonymisation key', async () => {
    const key = (await readFile(join(store.root, '.outturn', 'pseudonymisation.key'), 'utf8')).trim();
    for (const [where, text] of written) expect(text.includes(key), where).toBe(false);
  });
});

describe('formula injection', () => {
  it('escapes formula-like text in every CSV written', () => {
    expect(csvs.size).toBeGreaterThan(3);
    let escaped = 0;
    for (const [key, text] of csvs) {
      for (const row of parseCsv(text).rows) {
        for (const cell of row.cells) {
          if (cell.startsWith("'") && FORMULA_START.test(cell.slice(1))) escaped++;
          expect(!FORMULA_START.test(cell) || NUMBER.test(cell), `${key} row ${row.row}`).toBe(true);
        }
      }
    }
    expect(escaped).toBeGreaterThanOrEqual(3);
  });

  it('writes no formula cell and no unescaped formula-like text in any XLSX', () => {
    expect(workbooks.size).toBeGreaterThanOrEqual(2);
    for (const [key, wb] of workbooks) {
      wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => {
        expect(cell.type, key).not.toBe(ExcelJS.ValueType.Formula);
        if (typeof cell.value === 'string') expect(FORMULA_START.test(cell.value), `${key} ${cell.address}`).toBe(false);
      })));
    }
  });
});

describe('the public scorecard', () => {
  it('shows no numerator, denominator or small count', () => {
    const internal = parseCsv(written.get('reports/2024-09/scorecard.csv')!);
    const pub = parseCsv(written.get('reports/2024-09/public/scorecard.csv')!);
    const col = (h: string) => pub.header.indexOf(h);
    expect(pub.rows.length).toBeGreaterThan(20);
    for (const { cells } of pub.rows) {
      for (const h of ['numerator', 'denominator']) expect(['c', 'x', 'z', '']).toContain(cells[col(h)]);
      const small = internal.rows.find((r) => r.cells[0] === cells[0])!.cells[internal.header.indexOf('note')].includes('SMALL');
      if (small) expect(['c', 'x', 'z']).toContain(cells[col('value')]);
      if (cells[col('unit')] === 'count') {
        for (const h of ['value_p2', 'value_p1', 'value', 'ytd_value']) {
          const v = Number(cells[col(h)]);
          expect(cells[col(h)] !== '' && v >= 1 && v <= 4, `${cells[0]} ${h}`).toBe(false);
        }
      }
    }
  });
});
