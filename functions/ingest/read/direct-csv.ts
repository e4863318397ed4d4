/**
 * The fast way in for a plain CSV file: DuckDB's own parallel reader turns it into the
 * staged rows (Parquet, in file order) with no pass through JavaScript, when quick checks
 * prove that it reads the file exactly as ./csv.ts would.
 *
 * "Plain" means: UTF-8 with no byte-order mark; `\n` line ends and no `\r`; no quotes
 * and no NUL; a header line first; no blank line and no line that could be blank (one
 * starting with a comma, a space or a tab), so every line after the header is one data
 * row and the partner's row number of data row k (from 0) is k + 2. A scan beside
 * DuckDB's conversion looks for the bytes with native searches over large buffers
 * (about 0.1 s for 185 MB); a line starting with a comma, a space or a tab shows in the
 * staged rows as a first value that is empty or starts with a blank, which a query over
 * that column finds (3 ms). A line longer than the field limit is declined too: no field
 * of a shorter line can break it, so the staged values need no check. A file that fails
 * any test, or that DuckDB reads differently (a row wider than the header), or that
 * breaks a staging limit, is declined and goes through ./csv.ts, which also gives any
 * fault its code and row. Most partner systems write such files; a spreadsheet's "CSV
 * UTF-8" (with a BOM) or quoted text takes the general reader.
 */
import { isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ResolvedStageOptions, StagedFile } from './stage-options';

const LF = 0x0a;
const CHUNK_BYTES = 4 * 1024 * 1024;
/** Bytes that never occur in a plain file. */
const NEVER = [0x22, 0x0d, 0x00] as const;
/** Line starts that could make a blank line (or, for the header, an empty file). */
const NOT_A_LINE_START = new Set([LF, 0x2c, 0x20, 0x09]);
const BLANK_LINE = Buffer.from('\n\n');

/**
 * Stages `inputPath` as Parquet at `outputPath` through DuckDB when the file is plain;
 * undefined when it is not (nothing is thrown for a bad file: ./csv.ts judges it).
 */
export async function stageDirectCsv(
  db: DuckDBConnection, inputPath: string, outputPath: string, options: ResolvedStageOptions,
): Promise<StagedFile | undefined> {
  const headers = await firstLineCells(inputPath);
  if (!headers || headers.length > options.maxColumns) return undefined;
  const columns = headers.map((_, i) => `'c${i + 1}': 'VARCHAR'`).join(', ');
  const quoted = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const [[order]] = (await db.runAndReadAll(`SELECT current_setting('preserve_insertion_order')`)).getRowsJS();
  // The scan and DuckDB's conversion run side by side (the scan is 0.1 s of 185 MB);
  // a file found not plain stops the conversion. Both end before anything else runs.
  const scan = plainCsvHeaders(inputPath, options.maxFieldLength).then((plain) => {
    if (!plain) db.interrupt();
    return plain;
  });
  let rows: number | undefined;
  try {
    // In file order, for the row numbers; a row wider than the header is an error here
    // (strict mode), a narrower one is padded with NULLs, as ./csv.ts pads it.
    await db.run('SET preserve_insertion_order = true');
    const result = await db.run(`
      COPY (SELECT * FROM read_csv(${quoted(inputPath)}, header = true, auto_detect = false, columns = {${columns}},
                                   delim = ',', quote = '', escape = '', new_line = '\\n',
                                   strict_mode = true, null_padding = true))
      TO ${quoted(outputPath)} (FORMAT PARQUET, COMPRESSION SNAPPY)`);
    rows = Number(result.rowsChanged);
  } catch {
    rows = undefined;
  } finally {
    // The scan's header is the one read above: whether it is plain is all that counts.
    if (!(await scan.catch(() => undefined))) rows = undefined;
    await db.run(`SET preserve_insertion_order = ${String(order) === 'true'}`);
  }
  if (rows === undefined || rows > options.maxRows) return undefined;
  const [[blankStarts]] = (await db.runAndReadAll(`
    SELECT count(*) FROM read_parquet(${quoted(outputPath)}) WHERE c1 IS NULL OR c1[1] IN (' ', chr(9))`)).getRowsJS();
  if (Number(blankStarts) > 0) return undefined;
  return {
    path: outputPath, columnar: true, headers, headerRow: 1, rows, encoding: 'utf-8',
    overlongRows: { count: 0, rows: [] }, maxLineBytes: 0,
  };
}

/** The trimmed cells of the first line, read on its own; undefined past 1 MB or for an empty cell last. */
async function firstLineCells(path: string): Promise<string[] | undefined> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(1024 * 1024);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    const part = head.subarray(0, bytesRead);
    return part.indexOf(LF) === -1 && bytesRead === head.length ? undefined : headerCells(part);
  } finally {
    await file.close();
  }
}

/**
 * The trimmed header cells of a file with none of the bytes that make a CSV file not
 * plain (see above: lines starting with a comma, a space or a tab are left to the
 * staged rows' check) and no line over `maxLineBytes`, or undefined.
 */
export async function plainCsvHeaders(path: string, maxLineBytes = Infinity): Promise<string[] | undefined> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let carried = 0;
    let headers: string[] | undefined;
    let position = 0;
    for (;;) {
      const { bytesRead } = await file.read(buffer, carried, buffer.length - carried, position);
      position += bytesRead;
      const filled = carried + bytesRead;
      const end = bytesRead === 0 ? filled : buffer.lastIndexOf(LF, filled - 1) + 1;
      if (end === 0) {
        // One line longer than the buffer: not what a plain partner file holds.
        if (filled === buffer.length) return undefined;
        if (bytesRead === 0) return headers ?? undefined;
        carried = filled;
        continue;
      }
      const part = buffer.subarray(0, end);
      if (!plainPart(part) || hasLongLine(part, maxLineBytes)) return undefined;
      if (!headers) {
        // The part starts the file: a byte-order mark (EF BB BF) is for ./csv.ts to drop.
        if (part[0] === 0xef) return undefined;
        headers = headerCells(part);
        if (!headers) return undefined;
      }
      if (bytesRead === 0) return headers;
      // Whole lines only were checked; the rest starts the next part.
      buffer.copy(buffer, 0, end, filled);
      carried = filled - end;
      if (carried > 0 && NOT_A_LINE_START.has(buffer[0])) return undefined;
    }
  } finally {
    await file.close();
  }
}

/** True when `part` (whole lines, from a line start) holds none of the bytes or blank lines the scan looks for. */
function plainPart(part: Buffer): boolean {
  if (NOT_A_LINE_START.has(part[0]) || !isUtf8(part)) return false;
  return NEVER.every((b) => part.indexOf(b) === -1) && part.indexOf(BLANK_LINE) === -1;
}

/**
 * True when `part` (whole lines) holds a line of more than `limit` bytes. Such a line
 * covers a whole window of `ceil(limit / 2)` bytes, aligned from the part's start, with
 * no line end: one search per window (about 11,000 for 185 MB at the default limit)
 * finds every such window, and only the line around one is measured.
 */
function hasLongLine(part: Buffer, limit: number): boolean {
  if (part.length <= limit) return false;
  const window = Math.max(1, Math.ceil(limit / 2));
  for (let start = 0; start < part.length; start += window) {
    const lf = part.indexOf(LF, start);
    if (lf !== -1 && lf < start + window) continue;
    const lineStart = start === 0 ? 0 : part.lastIndexOf(LF, start - 1) + 1;
    const lineEnd = lf === -1 ? part.length : lf;
    if (lineEnd - lineStart > limit) return true;
    start = lineEnd + 1 - window;
  }
  return false;
}

/** The first line's cells, trimmed, or undefined when it ends in an empty cell (./csv.ts drops those). */
function headerCells(part: Buffer): string[] | undefined {
  const lf = part.indexOf(LF);
  const cells = part.toString('utf8', 0, lf === -1 ? part.length : lf).split(',').map((c) => c.trim());
  return cells[cells.length - 1] === '' ? undefined : cells;
}
