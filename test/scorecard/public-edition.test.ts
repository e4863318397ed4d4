import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { getIndicator } from '../../functions/indicators/catalogue';
import { buildScorecard } from '../../functions/scorecard/build';
import { renderCsv } from '../../functions/scorecard/render-csv';
import { renderHtml } from '../../functions/scorecard/render-html';
import { renderXlsx } from '../../functions/scorecard/render-xlsx';
import { PERIOD, parseCsv, target, valueRow } from './fixtures';

/** Small test data: every figure under the thresholds is distinctive enough to search for. */
const catalogue = ['CSC-01', 'CSC-02', 'CSC-05', 'CSC-10', 'EH-04'].map(getIndicator);
const values = [
  valueRow('CSC-01', '2016-11', { numerator: 1032, value: 1032 }),
  valueRow('CSC-01', '2016-12', { numerator: 4, value: 4 }),
  valueRow('CSC-01', PERIOD, { numerator: 977, value: 977 }),
  valueRow('CSC-02', '2016-11', { numerator: 40, denominator: 50 }),
  valueRow('CSC-02', '2016-12', { numerator: 2, denominator: 6 }),
  valueRow('CSC-02', PERIOD, { numerator: 3, denominator: 7, ytd_numerator: 303, ytd_denominator: 347 }),
  valueRow('CSC-05', PERIOD, { numerator: 7, denominator: 9, ytd_numerator: 211, ytd_denominator: 256 }),
  valueRow('CSC-10', '2016-12', { numerator: 31, denominator: 40 }),
  valueRow('CSC-10', PERIOD, { numerator: 30, denominator: 40, ytd_numerator: 4, ytd_denominator: 21 }),
  valueRow('EH-04', '2016-03', { numerator: 2, value: 2 }),
  valueRow('EH-04', PERIOD, { status: 'NO_DATA' }),
];
const targets = [
  target({ indicator_id: 'CSC-02', rule: 'HIGH', green: 95, amber: 92 }),
  target({ indicator_id: 'CSC-10', rule: 'HIGH', green: 86, amber: 83, rag_basis: 'YTD' }),
];
/** The suppressed values as any rendering would print them. */
const SUPPRESSED_TEXTS = ['42.9', '42.86', '33.3', '77.8', '77.78', '19.0', '19.05', '3 of 7', '2 of 6', '7 of 9', '4 of 21'];
const SMALL_FIGURES = new Set([2, 3, 4, 6, 7, 9, 21, 2 / 6 * 100, 3 / 7 * 100, 7 / 9 * 100, 4 / 21 * 100]);

async function publicFiles() {
  const sc = buildScorecard({ period: PERIOD, edition: 'public', catalogue, values, targets, benchmarks: [], published: [] });
  return { sc, html: renderHtml(sc), csv: renderCsv(sc), xlsx: await renderXlsx(sc) };
}

describe('the public edition (scorecard.md §4)', () => {
  it('shows c wherever a figure is small, x without data, z where not applicable', async () => {
    const { csv } = await publicFiles();
    const [header, ...rows] = parseCsv(csv);
    const get = (id: string, col: string) => rows.find((r) => r[0] === id)![header.indexOf(col)];
    expect(['value_p2', 'value_p1', 'value', 'numerator', 'denominator'].map((c) => get('CSC-01', c))).toEqual(['1032', 'c', '977', 'c', 'z']);
    expect(['value_p2', 'value_p1', 'value', 'ytd_value', 'dot', 'rag'].map((c) => get('CSC-02', c)))
      .toEqual(['80', 'c', 'c', String((303 / 347) * 100), 'c', 'c']);
    expect(['value', 'ytd_value', 'numerator', 'denominator'].map((c) => get('CSC-05', c))).toEqual(['c', String((211 / 256) * 100), 'c', 'c']);
    // RAG on a YTD basis whose YTD is small is suppressed; the month itself is not small.
    expect(['value', 'ytd_value', 'rag', 'dot'].map((c) => get('CSC-10', c))).toEqual(['75', 'c', 'c', 'DECLINING']);
    expect(['value', 'ytd_value', 'previous_year', 'numerator', 'status', 'note'].map((c) => get('EH-04', c))).toEqual(['x', 'x', 'c', 'x', 'NO_DATA', 'NO_DATA']);
    for (const r of rows) {
      for (const col of ['numerator', 'denominator']) expect(['c', 'x', 'z']).toContain(r[header.indexOf(col)]);
      expect(r[header.indexOf('note')]).not.toContain('SMALL');
    }
  });

  it('prints no suppressed figure, numerator or denominator anywhere in its HTML, CSV or XLSX', async () => {
    const { html, csv, xlsx } = await publicFiles();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const xlsxTexts: string[] = [];
    const xlsxNumbers: number[] = [];
    wb.eachSheet((sheet) => sheet.eachRow((row, r) => row.eachCell((cell, c) => {
      if (typeof cell.value === 'number') {
        if (!(r > 2 && c === 1)) xlsxNumbers.push(cell.value); // column 1 is the row number
      } else xlsxTexts.push(String(cell.value));
    })));
    for (const text of SUPPRESSED_TEXTS) {
      expect(html, `HTML contains ${text}`).not.toContain(text);
      expect(csv, `CSV contains ${text}`).not.toContain(text);
      expect(xlsxTexts.join('\n'), `XLSX contains ${text}`).not.toContain(text);
    }
    expect(xlsxNumbers.filter((n) => SMALL_FIGURES.has(n))).toEqual([]);
    const csvNumbers = parseCsv(csv).flat().filter((f) => f !== '' && Number.isFinite(Number(f))).map(Number);
    expect(csvNumbers.filter((n) => SMALL_FIGURES.has(n))).toEqual([]);
    // HTML table cells, minus the row number: none holds a small figure.
    const cells = [...html.matchAll(/<td class="(?!num no)[^"]*"[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1].replace(/<[^>]+>/g, '').trim());
    expect(cells.length).toBeGreaterThan(50);
    expect(cells.filter((t) => SMALL_FIGURES.has(Number(t)) && t !== '')).toEqual([]);
    // The marking and the SMALL flag belong to the internal edition only.
    expect(html).not.toContain('OFFICIAL-SENSITIVE');
    expect(html).toContain('suppressed to protect confidentiality');
  });

  it('shows every figure in the internal edition, flagged SMALL', async () => {
    const sc = buildScorecard({ period: PERIOD, edition: 'internal', catalogue, values, targets, benchmarks: [], published: [] });
    const html = renderHtml(sc);
    expect(html).toContain('42.9');
    expect(html).toContain('3 of 7');
    expect(sc.rows.filter((r) => r.notes.includes('SMALL')).map((r) => r.indicator.id)).toEqual(['CSC-01', 'CSC-02', 'CSC-05', 'CSC-10']);
  });
});
