import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, getIndicator, type IndicatorDefinition } from '../../functions/indicators/catalogue';
import { buildScorecard } from '../../functions/scorecard/build';
import { CSV_COLUMNS, renderCsv } from '../../functions/scorecard/render-csv';
import { renderXlsx, sheetName } from '../../functions/scorecard/render-xlsx';
import { csvField, spreadsheetSafe } from '../../functions/scorecard/spreadsheet-safe';
import { benchmark, boroughValues, COUNCIL_BENCHMARKS, COUNCIL_TARGETS, parseCsv, PERIOD, target, valueRow } from './fixtures';

const RISKY = /^[=+\-@\t\r]/;

/** A catalogue and benchmarks carrying text that a spreadsheet would run as a formula. */
function hostileInput() {
  const evil: IndicatorDefinition = { ...getIndicator('CSC-02'), title: '=HYPERLINK("http://evil.example","click")', definition: '@SUM(A1:A9)' };
  const catalogue = [evil, getIndicator('CSC-01'), getIndicator('CSC-13')];
  const values = [
    valueRow('CSC-02', '2016-12', { numerator: 300, denominator: 400 }),
    valueRow('CSC-02', PERIOD, { numerator: 320, denominator: 400 }),
    valueRow('CSC-01', PERIOD, { numerator: 1032, value: 1032 }),
    valueRow('CSC-13', PERIOD, { numerator: 1100, denominator: 56400, value: 195.03546099290782 }),
  ];
  const benchmarks = [
    benchmark({ indicator_id: 'CSC-02', label: '+1', stat_neighbour_avg: -3.5 }),
    benchmark({ indicator_id: 'CSC-01', label: '@x' }),
    benchmark({ indicator_id: 'CSC-13', label: '-2+3', national_avg: 138.2 }),
  ];
  const targets = [target({ indicator_id: 'CSC-13', rule: 'BAND', green: 5, amber: 15, band_reference: 158.8 })];
  return { catalogue, values, benchmarks, targets };
}

async function readXlsx(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

describe('formula-injection escaping', () => {
  it('prefixes risky text with a quote and leaves everything else alone', () => {
    expect(['=1+1', '+1', '-2', '@x', '\tcmd', '\rcmd', 'fine', '', "'quoted"].map(spreadsheetSafe))
      .toEqual(["'=1+1", "'+1", "'-2", "'@x", "'\tcmd", "'\rcmd", 'fine', '', "'quoted"]);
    expect([csvField(-3.5), csvField('-3.5'), csvField('a,"b"'), csvField(null)]).toEqual(['-3.5', "'-3.5", '"a,""b"""', '']);
  });

  it('never lets a CSV or XLSX cell from data start a formula; negative numbers stay numbers', async () => {
    const { catalogue, values, benchmarks, targets } = hostileInput();
    for (const edition of ['internal', 'public'] as const) {
      const sc = buildScorecard({ period: PERIOD, edition, catalogue, values, targets, benchmarks, published: [] });
      const csv = parseCsv(renderCsv(sc));
      for (const cell of csv.flat()) {
        if (RISKY.test(cell)) expect(Number.isFinite(Number(cell)), `CSV cell ${JSON.stringify(cell)}`).toBe(true);
      }
      expect(csv.flat()).toContain(`'=HYPERLINK("http://evil.example","click")`);
      expect(csv.flat()).toContain("'+1");
      expect(csv.flat()).toContain('-3.5');

      const wb = await readXlsx(await renderXlsx(sc));
      let texts = 0;
      wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => {
        expect(cell.type, `cell ${sheet.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
        if (typeof cell.value === 'string') {
          texts++;
          expect(RISKY.test(cell.value), `${sheet.name}!${cell.address} ${JSON.stringify(cell.value)}`).toBe(false);
        }
      })));
      expect(texts).toBeGreaterThan(20);
      const front = wb.getWorksheet(sheetName('Front door'))!;
      const values2 = front.getSheetValues().flat().filter((v) => v !== undefined && v !== null);
      expect(values2).toContain("'@x");
      expect(values2).toContain(-3.5);
    }
  });
});

describe('CSV (scorecard.md §6)', () => {
  it('has exactly the contract columns, one row per indicator, values unrounded and empty for none', () => {
    const sc = buildScorecard({ period: PERIOD, edition: 'internal', catalogue: CATALOGUE, values: boroughValues(),
      targets: COUNCIL_TARGETS, benchmarks: COUNCIL_BENCHMARKS, published: [] });
    const text = renderCsv(sc);
    expect(text.startsWith('indicator_id,title,theme,polarity,unit,value_p2,value_p1,value,ytd_value,numerator,denominator,dot,rag,red,amber,green,previous_year,stat_neighbour_avg,best_stat_neighbour,national_avg,national_top_quartile,benchmark_label,status,note\r\n')).toBe(true);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(CATALOGUE.length);
    const col = (name: string) => header.indexOf(name);
    const csc02 = rows.find((r) => r[0] === 'CSC-02')!;
    const source = boroughValues().find((v) => v.indicator_id === 'CSC-02' && v.period === PERIOD)!;
    expect(Number(csc02[col('value')])).toBe(source.value);
    expect(csc02[col('value')]).toBe(String(source.value));
    expect(csc02[col('red')]).toBe('<92%');
    expect(['R', 'A', 'G']).toContain(csc02[col('rag')]);
    for (const r of rows) {
      expect(['', 'IMPROVING', 'DECLINING', 'STABLE', 'UP', 'DOWN']).toContain(r[col('dot')]);
      expect(['', 'R', 'A', 'G']).toContain(r[col('rag')]);
    }
    const noData = rows.find((r) => r[0] === 'HLT-04')!;
    expect([noData[col('value')], noData[col('numerator')], noData[col('status')], noData[col('note')]]).toEqual(['', '', 'NO_DATA', 'NO_DATA']);
    expect(rows.find((r) => r[0] === 'CSC-01')![col('denominator')]).toBe('');
  });
});

describe('XLSX (scorecard.md §6)', () => {
  it('has a sheet per theme and definitions, frozen headings, numbers with formats and RAG fills', async () => {
    const sc = buildScorecard({ period: PERIOD, edition: 'internal', catalogue: CATALOGUE, values: boroughValues(),
      targets: COUNCIL_TARGETS, benchmarks: COUNCIL_BENCHMARKS, published: [] });
    const wb = await readXlsx(await renderXlsx(sc));
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Front door', 'Assessment and protection', 'Looked after & care leavers', 'Missing and youth justice', 'Early help', 'Health', 'Schools', 'Definitions',
    ]);
    const sheet = wb.getWorksheet('Front door')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(String(sheet.getCell('A1').value)).toContain('OFFICIAL-SENSITIVE — not for publication');
    expect(sheet.headerFooter.oddHeader).toContain('OFFICIAL-SENSITIVE');
    const header = (sheet.getRow(2).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    const rowOf = (id: string) => {
      for (let r = 3; r <= sheet.rowCount; r++) if (sheet.getRow(r).getCell(col('ID')).value === id) return sheet.getRow(r);
      throw new Error(`no row ${id}`);
    };
    const pct = rowOf('CSC-02').getCell(col('Jan 2017'));
    expect(typeof pct.value).toBe('number');
    expect(pct.numFmt).toBe('0.0');
    const count = rowOf('CSC-01').getCell(col('Jan 2017'));
    expect(typeof count.value).toBe('number');
    expect(count.numFmt).toBe('#,##0');
    expect(rowOf('CSC-04').getCell(col('Jan 2017')).numFmt).toBe('#,##0.0');
    const rag = rowOf('CSC-02').getCell(col('RAG'));
    expect(['R', 'A', 'G']).toContain(rag.value);
    expect(rag.fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    const fills = { R: 'FFB3261E', A: 'FFF2B01E', G: 'FF1E7B34' } as const;
    expect((rag.fill as ExcelJS.FillPattern).fgColor?.argb).toBe(fills[rag.value as 'R' | 'A' | 'G']);
    expect(rowOf('CSC-01').getCell(col('RAG')).value).toBe('n/a');
    const defs = wb.getWorksheet('Definitions')!;
    expect(defs.getRow(2).getCell(1).value).toBe('ID');
    expect(defs.getColumn(1).values).toEqual(expect.arrayContaining(CATALOGUE.map((d) => d.id)));
  });

  it('holds c, x and z as text in the public edition, and no numerator or denominator columns', async () => {
    const sc = buildScorecard({
      period: PERIOD, edition: 'public', catalogue: [getIndicator('CSC-01'), getIndicator('CSC-02'), getIndicator('CSC-03')], targets: [], benchmarks: [], published: [],
      values: [valueRow('CSC-01', PERIOD, { numerator: 2, value: 2 }), valueRow('CSC-02', PERIOD, { status: 'NO_DATA' }),
        valueRow('CSC-03', PERIOD, { numerator: 0, denominator: 0, value: null })],
    });
    const wb = await readXlsx(await renderXlsx(sc));
    const sheet = wb.getWorksheet('Front door')!;
    const header = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(header.some((h) => /numerator|denominator/i.test(String(h)))).toBe(false);
    const jan = header.indexOf('Jan 2017') + 1;
    expect([3, 4, 5].map((r) => sheet.getRow(r).getCell(jan).value)).toEqual(['c', 'x', 'z']);
    expect(String(sheet.getCell('A1').value)).not.toContain('OFFICIAL-SENSITIVE');
  });
});
