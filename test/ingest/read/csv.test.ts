import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileFault } from '../../../functions/ingest/read';
import { FIXTURES, readBack, rejection, scratchFolder, stageContent, stagePath } from './helpers';

const folder = scratchFolder();

describe('stageFile (CSV)', () => {
  it('stages a plain UTF-8 file with positional columns and partner row numbers', async () => {
    const { staged, text } = await stagePath(folder(), join(FIXTURES, 'attendance-utf8.csv'), { format: 'csv' });
    expect(staged).toMatchObject({
      headers: ['school_urn', 'upn', 'date', 'session', 'code'],
      headerRow: 1,
      rows: 2,
      encoding: 'utf-8',
      overlongRows: { count: 0, rows: [] },
    });
    expect(text).toBe(
      '__row,__overlong,c1,c2,c3,c4,c5\n2,0,100001,A123456789012,2024-03-01,AM,/\n3,0,100001,A123456789012,2024-03-01,PM,\\\n',
    );
    expect(await readBack(staged.path)).toEqual([
      { __row: '2', __overlong: '0', c1: '100001', c2: 'A123456789012', c3: '2024-03-01', c4: 'AM', c5: '/' },
      { __row: '3', __overlong: '0', c1: '100001', c2: 'A123456789012', c3: '2024-03-01', c4: 'PM', c5: '\\' },
    ]);
  });

  it('drops a UTF-8 byte-order mark and accepts CRLF line ends', async () => {
    const { staged } = await stagePath(folder(), join(FIXTURES, 'bom-crlf.csv'), { format: 'csv' });
    expect(staged.headers).toEqual(['child_id', 'note']);
    expect(staged.encoding).toBe('utf-8');
    expect(await readBack(staged.path)).toEqual([{ __row: '2', __overlong: '0', c1: 'C1', c2: 'café £12 ’ok’' }]);
  });

  it('reads a file that is not UTF-8 as Windows-1252, including the 0x80-0x9F range', async () => {
    const { staged } = await stagePath(folder(), join(FIXTURES, 'windows-1252.csv'), { format: 'csv' });
    expect(staged.encoding).toBe('windows-1252');
    expect(await readBack(staged.path)).toEqual([{ __row: '2', __overlong: '0', c1: 'C1', c2: 'café £12 ’ok’ € …' }]);
  });

  it('falls back to Windows-1252 when the only non-UTF-8 byte comes after several buffers of text', async () => {
    const lines = ['id,name'];
    for (let i = 0; i < 200_000; i++) lines.push(`${i},name${i}`);
    const body = Buffer.concat([Buffer.from(`${lines.join('\n')}\n200000,`), Buffer.from([0xa3, 0x35, 0x0a])]);
    const { staged } = await stageContent(folder(), body, { format: 'csv' });
    expect(staged.encoding).toBe('windows-1252');
    expect(staged.rows).toBe(200_001);
    const rows = await readBack(staged.path);
    expect(rows.at(-1)).toEqual({ __row: '200002', __overlong: '0', c1: '200000', c2: '£5' });
  });

  it('reads UTF-16 with a byte-order mark', async () => {
    const body = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\r\nx£,y’\r\n', 'utf16le')]);
    const { staged } = await stageContent(folder(), body, { format: 'csv' });
    expect(staged.encoding).toBe('utf-16le');
    expect(await readBack(staged.path)).toEqual([{ __row: '2', __overlong: '0', c1: 'x£', c2: 'y’' }]);
  });

  it('keeps quoted commas, quotes and line breaks, numbering rows as a spreadsheet does', async () => {
    const { staged, text } = await stagePath(folder(), join(FIXTURES, 'quoted.csv'), { format: 'csv' });
    expect(staged.rows).toBe(3);
    // Fields are quoted only when they need it.
    expect(text.split('\n')[1]).toBe('2,0,C1,"said ""hi"", then left",1');
    expect(await readBack(staged.path)).toEqual([
      { __row: '2', __overlong: '0', c1: 'C1', c2: 'said "hi", then left', c3: '1' },
      { __row: '3', __overlong: '0', c1: 'C2', c2: 'two\nlines\r\nhere', c3: '2' },
      { __row: '4', __overlong: '0', c1: 'C3', c2: 'plain', c3: '3' },
    ]);
  });

  it('reads stray quotes inside unquoted fields and text after a closing quote as text', async () => {
    const { staged } = await stageContent(folder(), 'a,b\n5" pipe,"ab"c\n', { format: 'csv' });
    expect(await readBack(staged.path)).toEqual([{ __row: '2', __overlong: '0', c1: '5" pipe', c2: 'abc' }]);
  });

  it('skips leading blank lines, blank lines and all-empty rows but counts them as rows', async () => {
    const body = '\n  \n,,\nid,v\n1,a\n\n,,,\n , \n2,b\n"",""\n3,c';
    const { staged } = await stageContent(folder(), body, { format: 'csv' });
    expect(staged.headerRow).toBe(4);
    expect(staged.rows).toBe(3);
    expect((await readBack(staged.path)).map((row) => [row.__row, row.c1, row.c2])).toEqual([
      ['5', '1', 'a'],
      ['9', '2', 'b'],
      ['11', '3', 'c'],
    ]);
  });

  it('accepts lone CR line ends', async () => {
    const { staged } = await stageContent(folder(), 'id,v\r1,a\r\r2,b\r', { format: 'csv' });
    expect((await readBack(staged.path)).map((row) => [row.__row, row.c1, row.c2])).toEqual([
      ['2', '1', 'a'],
      ['4', '2', 'b'],
    ]);
  });

  it('pads short rows, cuts long ones and flags only those that lose a value', async () => {
    const body = 'a,b,c\n1\n1,2,3,,\n1,2,3,4\n1,2,3, ,"x"\n';
    const { staged, text } = await stageContent(folder(), body, { format: 'csv' });
    expect(text).toBe('__row,__overlong,c1,c2,c3\n2,0,1,,\n3,0,1,2,3\n4,1,1,2,3\n5,1,1,2,3\n');
    expect(staged.overlongRows).toEqual({ count: 2, rows: [4, 5] });
  });

  it('keeps values exactly as sent, spaces included, and trims only the header cells', async () => {
    const { staged } = await stageContent(folder(), ' Child ID , Note ,,\n C1 ,  x  \n', { format: 'csv' });
    expect(staged.headers).toEqual(['Child ID', 'Note']);
    expect(await readBack(staged.path)).toEqual([{ __row: '2', __overlong: '0', c1: ' C1 ', c2: '  x  ' }]);
  });

  it('treats a header with no data rows as a nil return', async () => {
    const { staged } = await stageContent(folder(), 'id,v\n\n', { format: 'csv' });
    expect(staged).toMatchObject({ headers: ['id', 'v'], rows: 0 });
    expect(await readBack(staged.path)).toEqual([]);
  });

  it('copes with records and multi-byte characters split across read buffers', async () => {
    const expected: string[][] = [];
    const lines = ['id,text,n'];
    for (let i = 0; i < 60_000; i++) {
      const text = i % 7 === 0 ? `"é, ""q""\n${'€'.repeat(i % 50)}"` : `plain£${'x'.repeat(i % 90)}`;
      expected.push([String(i), i % 7 === 0 ? `é, "q"\n${'€'.repeat(i % 50)}` : `plain£${'x'.repeat(i % 90)}`, String(i * 3)]);
      lines.push(`${i},${text},${i * 3}`);
    }
    const { staged } = await stageContent(folder(), `${lines.join('\r\n')}\r\n`, { format: 'csv' });
    expect(staged.encoding).toBe('utf-8');
    expect(staged.rows).toBe(60_000);
    const rows = await readBack(staged.path);
    expect(rows.map((row) => [row.c1, row.c2, row.c3])).toEqual(expected);
    expect(rows.every((row, i) => row.__row === String(i + 2))).toBe(true);
  });

  it('reports the longest line written', async () => {
    const { staged, text } = await stageContent(folder(), `a\n${'x'.repeat(5000)}\n`, { format: 'csv' });
    expect(staged.maxLineBytes).toBe(Math.max(...text.split('\n').map((line) => Buffer.byteLength(line))));
  });

  describe('refuses a file it cannot stage', () => {
    it('F003 for NUL bytes', async () => {
      const error = await rejection(stagePath(folder(), join(FIXTURES, 'nul.csv'), { format: 'csv' }));
      expect(error).toBeInstanceOf(FileFault);
      expect(error.code).toBe('F003');
      expect(error.message).toMatch(/binary/);
    });

    it.each([
      ['a ZIP archive', Buffer.from('PK\u0003\u0004rest of zip', 'latin1')],
      ['a PDF', Buffer.from('%PDF-1.7\nstuff')],
      ['a PNG image', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
    ])('F003 for %s', async (_name, body) => {
      const error = await rejection(stageContent(folder(), body, { format: 'csv' }));
      expect(error.code).toBe('F003');
    });

    it.each([
      ['an empty file', ''],
      ['only blank lines', '\n\r\n  \n,,,\n'],
    ])('F005 for %s', async (_name, body) => {
      const error = await rejection(stageContent(folder(), body, { format: 'csv' }));
      expect(error).toBeInstanceOf(FileFault);
      expect(error.code).toBe('F005');
    });

    it('F003 for a quote never closed, naming the row where it opens', async () => {
      const error = await rejection(stageContent(folder(), 'a,b\n1,2\n\n3,"never closed\n4,5\n', { format: 'csv' }));
      expect(error.code).toBe('F003');
      expect(error.row).toBe(4);
    });

    it('F006 over the row, column and field limits, without quoting the value', async () => {
      const rows = await rejection(stageContent(folder(), 'a\n1\n2\n3\n', { format: 'csv', maxRows: 2 }));
      expect([rows.code, rows.row]).toEqual(['F006', 4]);
      const columns = await rejection(stageContent(folder(), 'a,b,c\n1,2,3\n', { format: 'csv', maxColumns: 2 }));
      expect(columns.code).toBe('F006');
      const secret = 'S'.repeat(40);
      const field = await rejection(stageContent(folder(), `a,b\n1,${secret}\n`, { format: 'csv', maxFieldLength: 30 }));
      expect([field.code, field.row]).toEqual(['F006', 2]);
      expect(field.message).not.toContain(secret);
      const quoted = await rejection(stageContent(folder(), `a,b\n1,"${secret}"\n`, { format: 'csv', maxFieldLength: 30 }));
      expect(quoted.code).toBe('F006');
    });

    it('F006 for one record longer than the record limit', async () => {
      // Longer than one read buffer, so the record has to be carried over and hits the limit.
      const body = `a,b\n1,"${'y'.repeat(5_000_000)}"\n`;
      const options = { format: 'csv', maxRecordBytes: 1_000_000, maxFieldLength: 10_000_000 } as const;
      const error = await rejection(stageContent(folder(), body, options));
      expect(error.code).toBe('F006');
    });
  });
});
