/**
 * The fast way in for plain CSV (functions/ingest/read/direct-csv.ts): it takes only files
 * it reads exactly as the general reader does, and for those it gives the same rows with
 * the same partner row numbers. Random files, plain and not, are staged both ways and
 * compared row by row through DuckDB.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveStageOptions, stageFile, type StageOptions } from '../../../functions/ingest/read';
import { plainCsvHeaders, stageDirectCsv } from '../../../functions/ingest/read/direct-csv';
import { scratchFolder } from './helpers';

const folder = scratchFolder();
let instance: DuckDBInstance;
let db: DuckDBConnection;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', threads: '2', preserve_insertion_order: 'false' });
  db = await instance.connect();
});
afterAll(() => {
  db?.closeSync();
  instance?.closeSync();
});

let counter = 0;
const write = async (content: string | Buffer) => {
  const path = join(folder(), `direct-${++counter}.csv`);
  await writeFile(path, content);
  return path;
};
const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
const rowsOf = async (sql: string) => (await db.runAndReadAll(sql)).getRowsJS().map((r) => r.map((v) => (typeof v === 'bigint' ? Number(v) : v ?? '')));

/** Both ways: undefined when the direct path declines, else both sets of rows (row number first). */
async function bothWays(content: string | Buffer, limits: Partial<StageOptions> = {}) {
  const input = await write(content);
  const options: StageOptions = { format: 'csv', dataset: 'attendance', ...limits };
  const direct = await stageDirectCsv(db, input, join(folder(), `direct-${counter}.parquet`), resolveStageOptions(options));
  if (!direct) return undefined;
  const staged = await stageFile(input, join(folder(), `staged-${counter}.csv`), options);
  const cells = (n: number) => Array.from({ length: n }, (_, i) => `, c${i + 1}`).join('');
  const types = `{'__row': 'BIGINT', '__overlong': 'VARCHAR'${Array.from({ length: staged.headers.length }, (_, i) => `, 'c${i + 1}': 'VARCHAR'`).join('')}}`;
  return {
    direct,
    staged,
    directRows: await rowsOf(`SELECT file_row_number + ${direct.headerRow + 1}${cells(direct.headers.length)} FROM read_parquet(${lit(direct.path)}, file_row_number = true) ORDER BY 1`),
    stagedRows: await rowsOf(`SELECT __row${cells(staged.headers.length)} FROM read_csv(${lit(staged.path)}, header = true, auto_detect = false, columns = ${types}, quote = '"', escape = '"') ORDER BY 1`),
  };
}

describe('the direct way in for plain CSV', () => {
  it('stages a plain file as Parquet with the partner row numbers and trimmed headers', async () => {
    const result = await bothWays('school_urn , upn,date\n100001,A1, 2024-09-02 \n100002,,\n100003,B2\n');
    expect(result?.direct).toMatchObject({ columnar: true, headers: ['school_urn', 'upn', 'date'], headerRow: 1, rows: 3, encoding: 'utf-8' });
    expect(result?.directRows).toEqual([[2, '100001', 'A1', ' 2024-09-02 '], [3, '100002', '', ''], [4, '100003', 'B2', '']]);
    expect(result?.directRows).toEqual(result?.stagedRows);
  });

  it.each([
    ['a byte-order mark', '\ufeffa,b\n1,2\n'],
    ['quotes', 'a,b\n"1",2\n'],
    ['CRLF line ends', 'a,b\r\n1,2\r\n'],
    ['a blank line', 'a,b\n1,2\n\n3,4\n'],
    ['a line of commas', 'a,b\n1,2\n,\n'],
    ['a line starting with a comma', 'a,b\n1,2\n,3\n'],
    ['a line starting with a space', 'a,b\n1,2\n 3,4\n'],
    ['a line starting with a tab', 'a,b\n1,2\n\t3,4\n'],
    ['a blank first line', '\na,b\n1,2\n'],
    ['a header ending in an empty cell', 'a,b,\n1,2,\n'],
    ['a NUL byte', 'a,b\n1,\u00002\n'],
    ['Windows-1252 bytes', Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0x31, 0x2c, 0xe9, 0x0a])],
    ['a row wider than the header', 'a,b\n1,2,3\n'],
    ['an empty file', ''],
  ])('declines a file with %s', async (_, content) => {
    expect(await bothWays(content)).toBeUndefined();
  });

  it('declines a file over the staging limits, for the general reader to reject with its code and row', async () => {
    expect(await bothWays('a,b\n1,2\n3,4\n5,6\n', { maxRows: 2 })).toBeUndefined();
    expect(await bothWays(`a,b\n1,${'x'.repeat(50)}\n`, { maxFieldLength: 40 })).toBeUndefined();
    expect(await bothWays('a,b,c\n1,2,3\n', { maxColumns: 2 })).toBeUndefined();
    expect(await bothWays(`a,b\n1,${'x'.repeat(30)}\n`, { maxFieldLength: 40 })).toBeDefined();
  });

  it('declines a file with a line over the field limit, wherever the line falls and however long the others are', async () => {
    const line = fc.stringMatching(/^x[x,]{0,40}$/);
    const input = fc.record({ lines: fc.array(line, { minLength: 1, maxLength: 30 }), limit: fc.integer({ min: 1, max: 45 }) });
    await fc.assert(fc.asyncProperty(input, async ({ lines, limit }) => {
      const headers = await plainCsvHeaders(await write(`h\n${lines.join('\n')}\n`), limit);
      if (lines.some((l) => l.length > limit)) expect(headers).toBeUndefined();
      else expect(headers).toBeDefined();
    }), { numRuns: 300 });
    // One long line in a part of 4 MB of short ones.
    const short = '100001,A123456789012,2024-09-02,AM,/\n'.repeat(100_000);
    expect(await plainCsvHeaders(await write(`a,b,c,d,e\n${short}1,${'x'.repeat(40_000)}\n${short}`), 32_767)).toBeUndefined();
    expect(await plainCsvHeaders(await write(`a,b,c,d,e\n${short}1,${'x'.repeat(30_000)}\n${short}`), 32_767)).toBeDefined();
  });

  it('finds what makes a file not plain across the 4 MB parts it is read in', async () => {
    const line = '100001,A123456789012,2024-09-02,AM,/\n';
    const body = line.repeat(Math.ceil((4 * 1024 * 1024) / line.length) + 10);
    const header = 'school_urn,upn,date,session,code\n';
    expect(await plainCsvHeaders(await write(header + body + body))).toEqual(['school_urn', 'upn', 'date', 'session', 'code']);
    expect(await plainCsvHeaders(await write(`${header}${body}\n${body}`))).toBeUndefined();
    expect(await plainCsvHeaders(await write(`${header}${body}${body}"x",1,2,3,4\n`))).toBeUndefined();
  });

  it('stops DuckDB\'s conversion when the scan running beside it finds the file not plain, and leaves the connection usable', async () => {
    const line = '100001,A123456789012,2024-09-02,AM,/\n';
    const body = line.repeat(Math.ceil((8 * 1024 * 1024) / line.length));
    expect(await bothWays(`school_urn,upn,date,session,code\n${body}\n${line}`)).toBeUndefined();
    expect(await rowsOf('SELECT 42')).toEqual([[42]]);
    expect(await rowsOf(`SELECT current_setting('preserve_insertion_order')`)).toEqual([[false]]);
  });

  // Cells from an alphabet with every character that matters to either reader.
  const cell = fc.stringMatching(/^[a1é ,"\t\r\n-]{0,4}$/);
  const file = fc.record({
    header: fc.array(fc.stringMatching(/^[a-c ]{1,3}$/), { minLength: 1, maxLength: 4 }),
    rows: fc.array(fc.array(cell, { minLength: 0, maxLength: 5 }), { maxLength: 12 }),
    end: fc.constantFrom('\n', ''),
  }).map(({ header, rows, end }) => `${header.join(',')}\n${rows.map((r) => r.join(',')).join('\n')}${end}`);

  it('gives exactly the general reader\'s rows for every random file it takes', async () => {
    await fc.assert(fc.asyncProperty(file, async (content) => {
      const result = await bothWays(content);
      if (result) expect(result.directRows).toEqual(result.stagedRows);
    }), { numRuns: 150 });
  });

  it('takes every plain random file', async () => {
    // A line's first cell starts with text; later cells may be empty or blank.
    const first = fc.stringMatching(/^[a1é-][a1é \t-]{0,3}$/);
    const later = fc.stringMatching(/^[a1é \t-]{0,4}$/);
    const plain = fc.record({
      width: fc.integer({ min: 1, max: 4 }),
      rows: fc.array(fc.tuple(first, fc.array(later, { maxLength: 3 })).map(([a, rest]) => [a, ...rest]), { maxLength: 12 }),
    }).map(({ width, rows }) => `${Array.from({ length: width }, (_, i) => `h${i}`).join(',')}\n${rows.map((r) => `${r.slice(0, width).join(',')}\n`).join('')}`);
    await fc.assert(fc.asyncProperty(plain, async (content) => {
      const result = await bothWays(content);
      expect(result).toBeDefined();
      expect(result!.directRows).toEqual(result!.stagedRows);
    }), { numRuns: 100 });
  });
});
