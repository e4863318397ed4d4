/**
 * Tables as partners send them, and the writers that turn them into files: CSV
 * (UTF-8 or Windows-1252), XLSX with real date cells, JSON arrays and NDJSON. Headers
 * come from the dataset's contract, so a renamed column or code fails here first.
 */
import { writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { getDataset } from '../../schemas';
import { isoDate, isoDateTime, onTheClock, ukDate, ukDateTime } from './calendar';
import { DemoError } from './errors';

/** A date (day number) or a UK wall-clock time (minutes), kept typed until written. */
export type Cell = string | number | boolean | null | undefined | { day: number } | { time: number };
export type Row = Record<string, Cell>;

export interface Table {
  dataset: string;
  rows: Row[];
  /** Header to write instead of a column's name: its name in another case, or one of its aliases in the contract. */
  headers?: Readonly<Record<string, string>>;
  /** Contract columns left out of the file (a faulty file missing a required column). */
  omit?: readonly string[];
  /** Columns outside the contract (dropped with W001/W002 by the ingest). */
  extra?: readonly string[];
}

export interface WriteOptions {
  /** @default 'csv' */
  format?: 'csv' | 'xlsx' | 'json' | 'ndjson';
  /** How CSV and JSON write dates. @default 'iso' */
  dates?: 'iso' | 'uk';
  /** CSV encoding. @default 'utf8' */
  encoding?: 'utf8' | 'win1252';
}

/** Headers match ignoring case, spaces, underscores, hyphens and dots (datasets.md §2). */
const normaliseHeader = (h: string) => h.toLowerCase().replace(/[\s_.-]/g, '');

/** The columns of a table and the header written for each. */
function columnsOf(table: Table): { name: string; header: string }[] {
  const contract = getDataset(table.dataset);
  const columns = contract.columns
    .filter((c) => !table.omit?.includes(c.name))
    .map((c) => {
      const header = table.headers?.[c.name] ?? c.name;
      const same = (a: string) => normaliseHeader(a) === normaliseHeader(header);
      if (!same(c.name) && !c.aliases.some(same)) {
        throw new DemoError(`Header '${header}' is not an alias of ${table.dataset}.${c.name}; aliases: ${c.aliases.join(', ') || 'none'}`);
      }
      return { name: c.name, header };
    });
  return [...columns, ...(table.extra ?? []).map((name) => ({ name, header: name }))];
}

function text(cell: Cell, dates: 'iso' | 'uk', json = false): string | number | boolean | null {
  if (cell === null || cell === undefined) return json ? null : '';
  if (typeof cell === 'object') {
    if ('day' in cell) return dates === 'uk' ? ukDate(cell.day) : isoDate(cell.day);
    return dates === 'uk' ? ukDateTime(onTheClock(cell.time)) : isoDateTime(onTheClock(cell.time));
  }
  if (typeof cell === 'boolean') return json ? cell : cell ? 'Y' : 'N';
  return json ? cell : String(cell);
}

const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The CSV text of a table (header row, CRLF line ends as Excel writes them). */
export function toCsv(table: Table, dates: 'iso' | 'uk' = 'iso'): string {
  const columns = columnsOf(table);
  const lines = [columns.map((c) => quote(c.header)).join(',')];
  for (const row of table.rows) lines.push(columns.map((c) => quote(String(text(row[c.name], dates)))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Windows-1252 bytes for the characters that differ from Latin-1. */
const CP1252: Readonly<Record<string, number>> = {
  '€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97, '™': 0x99,
};

/** Encodes text as Windows-1252, as Excel's "CSV" format saves it. */
export function encodeWindows1252(value: string): Buffer {
  const bytes: number[] = [];
  for (const ch of value) {
    const code = ch.codePointAt(0) as number;
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) bytes.push(code);
    else if (CP1252[ch] !== undefined) bytes.push(CP1252[ch]);
    else throw new DemoError(`Character U+${code.toString(16)} has no Windows-1252 byte`);
  }
  return Buffer.from(bytes);
}

/** A fixed date for workbook properties, so that workbooks do not record when they were made. */
const WORKBOOK_DATE = new Date(Date.UTC(2020, 0, 1));

async function toXlsx(table: Table): Promise<Buffer> {
  const columns = columnsOf(table);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Outturn demo';
  workbook.created = WORKBOOK_DATE;
  workbook.modified = WORKBOOK_DATE;
  const sheet = workbook.addWorksheet(table.dataset);
  sheet.addRow(columns.map((c) => c.header));
  for (const row of table.rows) {
    sheet.addRow(columns.map((c) => {
      const cell = row[c.name];
      if (cell === null || cell === undefined) return null;
      if (typeof cell === 'object') return new Date(('day' in cell ? cell.day * 1440 : onTheClock(cell.time)) * 60_000);
      return typeof cell === 'boolean' ? (cell ? 'Y' : 'N') : cell;
    }));
  }
  columns.forEach((c, i) => {
    const sample = table.rows.find((r) => r[c.name] !== null && r[c.name] !== undefined)?.[c.name];
    if (sample && typeof sample === 'object') sheet.getColumn(i + 1).numFmt = 'day' in sample ? 'dd/mm/yyyy' : 'dd/mm/yyyy hh:mm';
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Writes a table to `path` in the requested format. */
export async function writeTable(path: string, table: Table, options: WriteOptions = {}): Promise<void> {
  const format = options.format ?? 'csv';
  const dates = options.dates ?? 'iso';
  if (format === 'xlsx') return writeFile(path, await toXlsx(table));
  if (format === 'json' || format === 'ndjson') {
    const columns = columnsOf(table);
    const objects = table.rows.map((row) => Object.fromEntries(columns.map((c) => [c.header, text(row[c.name], dates, true)])));
    const body = format === 'json' ? JSON.stringify(objects, null, 1) : objects.map((o) => JSON.stringify(o)).join('\n') + (objects.length ? '\n' : '');
    return writeFile(path, body);
  }
  const csv = toCsv(table, dates);
  return writeFile(path, (options.encoding ?? 'utf8') === 'win1252' ? encodeWindows1252(csv) : csv);
}
