/**
 * XLSX -> staged CSV with exceljs's streaming XML readers: rows are handled one at a
 * time, so memory stays flat. Before anything is inflated, the zip's central directory
 * is read to refuse encrypted, legacy and oversized (zip bomb) workbooks.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { FILE_FAULT_CODES, FileFault, tooLarge, unreadable } from './file-fault';
import { OVERLONG_SAMPLE, type ResolvedStageOptions, type StagedFile } from './stage-options';
import { isBlankField, stagedHeaderLine, stagedRecordLine, StagedWriter } from './staged-writer';
import { readZipDirectory, zipEntryText, type ZipEntry } from './zip-entries';

/** Stages the dataset's worksheet (by name, case-insensitive) or else the first one. */
export async function stageXlsx(inputPath: string, outputPath: string, options: ResolvedStageOptions): Promise<StagedFile> {
  const entries = await readZipDirectory(inputPath, {
    maxUnzippedBytes: options.maxUnzippedBytes,
    // Shared strings are held in memory while the sheet is read: bound them tighter.
    maxPartBytes: { [SHARED_STRINGS]: Math.floor(options.maxUnzippedBytes / 4) },
  });
  if (!entries.has(WORKBOOK)) throw unreadable('The file is a zip archive but not an Excel workbook');
  const output = await StagedWriter.create(outputPath);
  try {
    const staged = await readWorkbook(inputPath, entries, output, options);
    return { ...staged, path: outputPath, maxLineBytes: output.maxLineBytes };
  } catch (error) {
    if (error instanceof FileFault) throw error;
    throw unreadable('The workbook is corrupt and could not be read', {}, { cause: scrub(error) });
  } finally {
    await output.close();
  }
}

const WORKBOOK = 'xl/workbook.xml';
const WORKBOOK_RELS = 'xl/_rels/workbook.xml.rels';
const STYLES = 'xl/styles.xml';
const SHARED_STRINGS = 'xl/sharedStrings.xml';

/**
 * The parts of exceljs's streaming WorkbookReader used here. Its own zip handling is not:
 * it hangs or crashes on a corrupt archive and splits UTF-8 characters at chunk ends,
 * so the parts are unzipped by `zip-entries` and handed to its XML parsers one by one.
 */
interface WorkbookReaderParts {
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<string>, sheetNo: string): Generator<{ eventType: string; value: unknown }>;
  workbookRels?: { Id: string; Target: string }[];
  model?: { sheets?: { name: string; rId: string }[] };
  properties?: { model?: { date1904?: boolean } };
}

async function readWorkbook(
  path: string,
  entries: Map<string, ZipEntry>,
  output: StagedWriter,
  options: ResolvedStageOptions,
): Promise<Omit<StagedFile, 'path' | 'maxLineBytes'>> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles tell date cells from numbers; hyperlinks are read as their text.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  }) as unknown as WorkbookReaderParts;
  const part = (name: string): Readable => Readable.from(boundedText(zipEntryText(path, entries.get(name) as ZipEntry), options));
  if (entries.has(WORKBOOK_RELS)) await reader._parseRels(part(WORKBOOK_RELS));
  await reader._parseWorkbook(part(WORKBOOK));
  if (entries.has(STYLES)) await reader._parseStyles(part(STYLES));
  if (entries.has(SHARED_STRINGS)) {
    for await (const _ of reader._parseSharedStrings(part(SHARED_STRINGS))) void _;
  }
  const sheets = reader.model?.sheets ?? [];
  const wanted = options.dataset.trim().toLowerCase();
  const sheet = sheets.find((candidate) => candidate.name.trim().toLowerCase() === wanted) ?? sheets[0];
  if (sheet === undefined) throw unreadable('The workbook has no worksheet');
  const target = reader.workbookRels?.find((rel) => rel.Id === sheet.rId)?.Target;
  const sheetPath = target === undefined ? undefined : target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  const entry = sheetPath === undefined ? undefined : entries.get(sheetPath);
  if (entry === undefined) throw unreadable('The workbook is corrupt: a worksheet part is missing');
  const emitted = reader._parseWorksheet(boundedText(zipEntryText(path, entry), options), '1').next();
  const worksheet = (emitted.done ? undefined : emitted.value.value) as AsyncIterable<ExcelJS.Row> | undefined;
  if (worksheet === undefined) throw unreadable('The workbook has no worksheet that could be read');
  const staged = await stageSheet(worksheet, output, options, reader.properties?.model?.date1904 === true);
  return { ...staged, sheet: sheet.name };
}

async function stageSheet(
  rows: AsyncIterable<ExcelJS.Row>,
  output: StagedWriter,
  options: ResolvedStageOptions,
  date1904: boolean,
): Promise<StagedFile> {
  let headers: string[] | undefined;
  let headerRow = 0;
  let written = 0;
  let overlongCount = 0;
  const overlongSample: number[] = [];
  for await (const row of rows) {
    const fields: string[] = [];
    let blank = true;
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      const text = cellText(cell.value, cell.numFmt, date1904);
      if (text.length > options.maxFieldLength) {
        throw tooLarge(`A cell is longer than ${options.maxFieldLength} characters`, { row: row.number });
      }
      if (blank && !isBlankField(text)) blank = false;
      fields[column - 1] = text;
    });
    if (blank) continue;
    for (let i = 0; i < fields.length; i++) fields[i] ??= '';
    if (headers === undefined) {
      headers = fields.map((field) => field.trim());
      while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();
      if (headers.length === 0) {
        headers = undefined;
        continue;
      }
      if (headers.length > options.maxColumns) {
        throw tooLarge(`The header has ${headers.length} columns, more than the limit of ${options.maxColumns}`, { row: row.number });
      }
      headerRow = row.number;
      await output.line(stagedHeaderLine(headers.length));
      continue;
    }
    const width = headers.length;
    let overlong = false;
    for (let k = width; k < fields.length && !overlong; k++) overlong = !isBlankField(fields[k]);
    if (overlong) {
      overlongCount++;
      if (overlongSample.length < OVERLONG_SAMPLE) overlongSample.push(row.number);
    }
    if (++written > options.maxRows) throw tooLarge(`The worksheet has more than ${options.maxRows} data rows`, { row: row.number });
    await output.line(stagedRecordLine(row.number, overlong, fields, width));
  }
  if (headers === undefined) {
    throw new FileFault(FILE_FAULT_CODES.empty, 'The worksheet has no header row: it is empty');
  }
  return {
    path: '',
    headers,
    headerRow,
    rows: written,
    encoding: 'binary-xlsx',
    overlongRows: { count: overlongCount, rows: overlongSample },
    maxLineBytes: output.maxLineBytes,
  };
}

/**
 * The XML parser holds a whole text node or tag in memory before a cell's length can be
 * checked, so one cell of a gigabyte (a zip bomb within the declared sizes) would take
 * gigabytes: refuse any stretch between `<` and `>` longer than the longest cell could
 * need, every character written as a numeric entity, plus room for a tag's attributes.
 */
async function* boundedText(chunks: AsyncIterable<string>, options: ResolvedStageOptions): AsyncIterable<string> {
  const limit = options.maxFieldLength * 10 + 4096;
  let run = 0;
  for await (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 0x3c || c === 0x3e) run = 0;
      else if (++run > limit) throw tooLarge(`A cell is longer than ${options.maxFieldLength} characters`);
    }
    yield chunk;
  }
}

/**
 * A cell's value as text: dates as `YYYY-MM-DD` (with ` HH:mm:ss` when there is a time),
 * numbers in shortest decimal form, formulas as their cached result, rich text and
 * hyperlinks as their text, booleans as TRUE/FALSE, errors as empty.
 */
export function cellText(value: ExcelJS.CellValue | undefined, numFmt: string | undefined, date1904: boolean): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (typeof result === 'number' && isDateFormat(numFmt)) return serialText(result, date1904);
    if (result === undefined || (typeof result === 'object' && result !== null && 'error' in result)) return '';
    return cellText(result as ExcelJS.CellValue, numFmt, date1904);
  }
  if ('error' in value) return '';
  if ('text' in value) {
    const text = (value as { text: unknown }).text;
    return typeof text === 'string' ? text : cellText(text as ExcelJS.CellValue, numFmt, date1904);
  }
  return '';
}

/** Shortest decimal form, never exponent notation; 15 significant digits, as Excel shows. */
export function numberText(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
  const shown = Number(value.toPrecision(15));
  const text = String(shown);
  if (!text.includes('e')) return text;
  return shown.toFixed(20).replace(/\.?0+$/, '');
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** exceljs gives a date cell as the UTC instant of its wall-clock time: read it back in UTC. */
export function dateText(date: Date): string {
  const rounded = new Date(Math.round(date.getTime() / 1000) * 1000);
  if (Number.isNaN(rounded.getTime())) return '';
  const day = `${String(rounded.getUTCFullYear()).padStart(4, '0')}-${pad2(rounded.getUTCMonth() + 1)}-${pad2(rounded.getUTCDate())}`;
  const h = rounded.getUTCHours();
  const m = rounded.getUTCMinutes();
  const s = rounded.getUTCSeconds();
  return h === 0 && m === 0 && s === 0 ? day : `${day} ${pad2(h)}:${pad2(m)}:${pad2(s)}`;
}

/** An Excel serial day number (a formula's cached result in a date-formatted cell) as date text. */
function serialText(serial: number, date1904: boolean): string {
  const days = serial + (date1904 ? 1462 : 0) - 25569;
  return dateText(new Date(Math.round(days * 86_400) * 1000));
}

/** True for a number format that shows a date or time (literals and [colour] sections ignored). */
function isDateFormat(format: string | undefined): boolean {
  if (format === undefined || format === '' || format.toLowerCase() === 'general') return false;
  return /[ymdhs]/i.test(format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '').replace(/\\./g, ''));
}

/** exceljs and sax messages may quote cell text: keep only the error's kind. */
function scrub(error: unknown): Error {
  return new Error(error instanceof Error ? `${error.name} while reading the workbook` : 'Workbook read error');
}
