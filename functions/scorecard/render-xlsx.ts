/**
 * The scorecard as a workbook (scorecard.md §6): one sheet per theme plus definitions,
 * numbers stored as numbers with number formats, RAG fills, frozen headings. Text goes
 * through `spreadsheetSafe`, so nothing from data is ever read as a formula.
 */
import ExcelJS from 'exceljs';
import type { Unit } from '../indicators/catalogue';
import { WINDOWS } from '../indicators/catalogue';
import type { Scorecard, ScorecardRow } from './build';
import { csvNote } from './render-csv';
import { WINDOW_TEXT } from './render-html';
import { DOT_TEXT } from './direction';
import { SYMBOL } from './model';
import { financialYearLabel, longPeriodLabel, shortPeriodLabel } from './periods';
import { SMALL_COUNT_MAX, SMALL_DENOMINATOR_MAX, SMALL_NUMERATOR_MAX, type Cell } from './suppression';
import { spreadsheetSafe } from './spreadsheet-safe';

/** Number formats per unit: whole numbers for counts and days, one place for % and rates. */
export const NUMBER_FORMAT: Readonly<Record<Unit, string>> = Object.freeze({
  count: '#,##0',
  days: '#,##0',
  '%': '0.0',
  'per 10k': '#,##0.0',
  'per 100k': '#,##0.0',
  'per 100': '#,##0.0',
});
/** Numerators and denominators: whole numbers unless the data says otherwise. */
export const COUNT_FORMAT = '#,##0.##';
/** Benchmarks are printed as published, up to two places. */
export const BENCHMARK_FORMAT = '#,##0.0#';

/** ARGB fills and fonts of the RAG cells (same colours as the HTML, same contrast). */
export const RAG_STYLE = Object.freeze({
  R: { fill: 'FFB3261E', font: 'FFFFFFFF' },
  A: { fill: 'FFF2B01E', font: 'FF1B1B1B' },
  G: { fill: 'FF1E7B34', font: 'FFFFFFFF' },
} as const);

const HEADER_FILL = 'FF1F3A5F';
/** Row of the column headings: row 1 carries the title (and the marking). */
export const HEADER_ROW = 2;

/** Short sheet names for themes longer than Excel's 31 characters. */
const SHEET_NAMES: Readonly<Record<string, string>> = Object.freeze({
  'Looked after children and care leavers': 'Looked after & care leavers',
});

/** An Excel-valid sheet name: at most 31 characters, none of `[]:*?/\`. */
export function sheetName(theme: string): string {
  const name = (SHEET_NAMES[theme] ?? theme).replace(/[[\]:*?/\\]/g, ' ');
  return name.length <= 31 ? name : name.slice(0, 31).trimEnd();
}

type Value = string | number | null;

interface Column {
  readonly header: string;
  readonly width: number;
  readonly value: (row: ScorecardRow) => Value;
  readonly format?: (row: ScorecardRow) => string | undefined;
  readonly rag?: boolean;
}

const cellValue = (c: Cell): Value => (c.kind === 'value' ? c.value : c.kind === 'symbol' ? c.symbol : null);

function columns(scorecard: Scorecard): Column[] {
  const isPublic = scorecard.edition === 'public';
  const { p2, p1, p, previousYear } = scorecard.periods;
  const unitFormat = (r: ScorecardRow) => NUMBER_FORMAT[r.indicator.unit];
  const cols: Column[] = [
    { header: 'No', width: 5, value: (r) => r.number, format: () => '0' },
    { header: 'ID', width: 9, value: (r) => r.indicator.id },
    { header: 'Indicator', width: 48, value: (r) => r.indicator.title },
    { header: 'Good performance is', width: 11, value: (r) => r.goodPerformanceIs },
    { header: 'Unit', width: 8, value: (r) => r.indicator.unit },
    { header: shortPeriodLabel(p2), width: 10, value: (r) => cellValue(r.valueP2), format: unitFormat },
    { header: shortPeriodLabel(p1), width: 10, value: (r) => cellValue(r.valueP1), format: unitFormat },
    { header: shortPeriodLabel(p), width: 10, value: (r) => cellValue(r.value), format: unitFormat },
    { header: 'YTD', width: 10, value: (r) => cellValue(r.ytd), format: unitFormat },
  ];
  if (!isPublic) {
    cols.push(
      { header: `Numerator ${shortPeriodLabel(p)}`, width: 11, value: (r) => cellValue(r.numerator), format: () => COUNT_FORMAT },
      { header: `Denominator ${shortPeriodLabel(p)}`, width: 12, value: (r) => cellValue(r.denominator), format: () => COUNT_FORMAT },
    );
  }
  cols.push(
    { header: 'DOT', width: 13, value: (r) => (r.dot === null ? null : r.dot === SYMBOL.CONFIDENTIAL ? r.dot : `${DOT_TEXT[r.dot].arrow} ${DOT_TEXT[r.dot].words}`) },
    { header: 'RAG', width: 6, value: (r) => r.rag ?? 'n/a', rag: true },
    { header: 'RAG basis', width: 8, value: (r) => r.ragBasis },
    { header: 'Red', width: 13, value: (r) => r.thresholds?.red ?? null },
    { header: 'Amber', width: 13, value: (r) => r.thresholds?.amber ?? null },
    { header: 'Green / target', width: 13, value: (r) => r.thresholds?.green ?? null },
    { header: 'Band reference', width: 10, value: (r) => (r.target?.rule === 'BAND' ? r.target.band_reference : null), format: () => BENCHMARK_FORMAT },
    { header: `Previous year (${shortPeriodLabel(previousYear)})`, width: 13, value: (r) => cellValue(r.previousYear), format: unitFormat },
    { header: 'Stat. neighbour avg', width: 11, value: (r) => r.benchmarks?.statNeighbourAvg ?? null, format: () => BENCHMARK_FORMAT },
    { header: 'Best stat. neighbour', width: 11, value: (r) => r.benchmarks?.bestStatNeighbour ?? null, format: () => BENCHMARK_FORMAT },
    { header: 'National avg', width: 10, value: (r) => r.benchmarks?.nationalAvg ?? null, format: () => BENCHMARK_FORMAT },
    { header: 'National top quartile', width: 11, value: (r) => r.benchmarks?.nationalTopQuartile ?? null, format: () => BENCHMARK_FORMAT },
    { header: 'Benchmark year', width: 10, value: (r) => r.benchmarks?.label ?? null },
    { header: 'Status', width: 10, value: (r) => r.status },
    { header: 'Note', width: 36, value: (r) => csvNote(r) || null },
  );
  return cols;
}

/** Text is made spreadsheet-safe; numbers stay numbers. */
function safe(value: Value): ExcelJS.CellValue {
  return typeof value === 'string' ? spreadsheetSafe(value) : value;
}

/** Renders one edition of the scorecard as an .xlsx file. */
export async function renderXlsx(scorecard: Scorecard): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Outturn';
  workbook.created = new Date(scorecard.generatedAt);
  workbook.modified = new Date(scorecard.generatedAt);
  workbook.title = `Monthly performance scorecard ${longPeriodLabel(scorecard.period)}`;
  if (scorecard.marking) workbook.subject = scorecard.marking;
  const cols = columns(scorecard);
  const edition = scorecard.edition === 'public' ? 'Public edition' : 'Internal edition';

  for (const theme of scorecard.themes) {
    const sheet = workbook.addWorksheet(sheetName(theme.theme), {
      views: [{ state: 'frozen', xSplit: 3, ySplit: HEADER_ROW, activeCell: 'D3' }],
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}` },
      headerFooter: scorecard.marking
        ? { oddHeader: `&C&B${scorecard.marking}`, oddFooter: `&L${scorecard.marking}&RPage &P of &N` }
        : { oddFooter: '&RPage &P of &N' },
    });
    sheet.columns = cols.map((c) => ({ width: c.width }));

    const title = sheet.getCell(1, 1);
    title.value = spreadsheetSafe(
      [scorecard.marking, `${theme.theme}: monthly performance scorecard ${longPeriodLabel(scorecard.period)}`,
        `FY ${financialYearLabel(scorecard.financialYear)}`, edition].filter(Boolean).join(' · '),
    );
    title.font = { bold: true, size: 12, color: { argb: scorecard.marking ? 'FF9B1C1C' : HEADER_FILL } };

    const header = sheet.getRow(HEADER_ROW);
    cols.forEach((c, i) => {
      const cell = header.getCell(i + 1);
      cell.value = spreadsheetSafe(c.header);
      cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
      cell.alignment = { vertical: 'middle', horizontal: i <= 4 ? 'left' : 'center', wrapText: true };
    });
    header.height = 30;

    theme.rows.forEach((row, r) => {
      const excelRow = sheet.getRow(HEADER_ROW + 1 + r);
      cols.forEach((c, i) => {
        const cell = excelRow.getCell(i + 1);
        const v = c.value(row);
        cell.value = safe(v);
        if (typeof v === 'number') {
          const format = c.format?.(row);
          if (format) cell.numFmt = format;
        } else if (typeof v === 'string' && i > 4) {
          cell.alignment = { horizontal: v.length <= 1 ? 'right' : 'left' };
        }
        if (c.rag && (v === 'R' || v === 'A' || v === 'G')) {
          const style = RAG_STYLE[v];
          cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: style.fill } };
          cell.font = { bold: true, color: { argb: style.font } };
          cell.alignment = { horizontal: 'center' };
        }
      });
    });
    sheet.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW, column: cols.length } };
  }

  addDefinitions(workbook, scorecard);
  const out = await workbook.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}

function addDefinitions(workbook: ExcelJS.Workbook, scorecard: Scorecard): void {
  const sheet = workbook.addWorksheet('Definitions', {
    views: [{ state: 'frozen', ySplit: HEADER_ROW }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    headerFooter: scorecard.marking ? { oddHeader: `&C&B${scorecard.marking}` } : {},
  });
  sheet.columns = [{ width: 9 }, { width: 48 }, { width: 26 }, { width: 11 }, { width: 9 }, { width: 12 }, { width: 90 }, { width: 30 }];
  sheet.getCell(1, 1).value = spreadsheetSafe([scorecard.marking, 'Definitions'].filter(Boolean).join(' · '));
  sheet.getCell(1, 1).font = { bold: true, size: 12 };
  const header = ['ID', 'Indicator', 'Theme', 'Good performance is', 'Unit', 'Window', 'Definition', 'Sources'];
  header.forEach((h, i) => {
    const cell = sheet.getRow(HEADER_ROW).getCell(i + 1);
    cell.value = h;
    cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
  });
  let r = HEADER_ROW + 1;
  for (const row of scorecard.rows) {
    const d = row.indicator;
    const values = [d.id, d.title, d.theme, row.goodPerformanceIs, d.unit, d.window, d.definition, d.sources.join(', ')];
    values.forEach((v, i) => {
      const cell = sheet.getRow(r).getCell(i + 1);
      cell.value = spreadsheetSafe(v);
      cell.alignment = { vertical: 'top', wrapText: i === 6 };
    });
    r++;
  }
  r++;
  const notes = [
    'Windows',
    ...WINDOWS.map((w) => `${w}: ${WINDOW_TEXT[w]}`),
    '',
    'Notes',
    'Values are stored unrounded; number formats show one decimal place for percentages and rates, whole numbers for counts and days.',
    "Text cells that would start with = + - @, a tab or a carriage return begin with a single quote ' so that they are never run as formulas.",
    scorecard.edition === 'public'
      ? `Symbols: c suppressed to protect confidentiality (a count of 1-${SMALL_COUNT_MAX}, or a percentage or rate whose numerator is 1-${SMALL_NUMERATOR_MAX} or denominator 1-${SMALL_DENOMINATOR_MAX}); x not available; z not applicable. Numerators and denominators are not published.`
      : `SMALL marks figures that the public edition suppresses (a count of 1-${SMALL_COUNT_MAX}, or a numerator of 1-${SMALL_NUMERATOR_MAX} or denominator of 1-${SMALL_DENOMINATOR_MAX}). ${scorecard.marking ?? ''}`,
    'NO_DATA: a source did not cover the month. PARTIAL: another month the definition reads is missing. REVISED: differs from the value an earlier scorecard published (the earlier value is given).',
  ];
  for (const line of notes) {
    const cell = sheet.getRow(r++).getCell(1);
    cell.value = line ? spreadsheetSafe(line) : null;
    if (line === 'Windows' || line === 'Notes') cell.font = { bold: true };
  }
}
