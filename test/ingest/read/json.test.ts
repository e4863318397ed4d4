import { describe, expect, it } from 'vitest';
import { FileFault } from '../../../functions/ingest/read';
import { readBack, rejection, scratchFolder, stageContent } from './helpers';

const folder = scratchFolder();

describe('stageFile (JSON)', () => {
  it('stages an array of objects: keys in first-seen order, rows numbered by position', async () => {
    const body = JSON.stringify([
      { child_id: 'C1', amount: 12.5, flag: true },
      { child_id: '000123', amount: 123.0, note: 'has, "quotes"\nand a break', flag: false, extra: null },
      {},
      { nested: { a: [1, 2] }, child_id: 'C3' },
    ]);
    const { staged } = await stageContent(folder(), `\ufeff${body}`, { format: 'json' });
    expect(staged).toMatchObject({
      headers: ['child_id', 'amount', 'flag', 'note', 'extra', 'nested'],
      headerRow: 0,
      rows: 3,
      encoding: 'utf-8',
      overlongRows: { count: 0, rows: [] },
    });
    expect(await readBack(staged.path)).toEqual([
      { __row: '1', __overlong: '0', c1: 'C1', c2: '12.5', c3: 'TRUE', c4: null, c5: null, c6: null },
      { __row: '2', __overlong: '0', c1: '000123', c2: '123', c3: 'FALSE', c4: 'has, "quotes"\nand a break', c5: null, c6: null },
      { __row: '4', __overlong: '0', c1: 'C3', c2: null, c3: null, c4: null, c5: null, c6: '{"a":[1,2]}' },
    ]);
  });

  it('treats [] as a nil return', async () => {
    const { staged, text } = await stageContent(folder(), ' [ ]\n', { format: 'json' });
    expect(staged).toMatchObject({ headers: [], rows: 0 });
    expect(text).toBe('__row,__overlong\n');
    expect(await readBack(staged.path)).toEqual([]);
  });

  it('streams a large array, padding the rows written before a key first appeared', async () => {
    const objects: Record<string, unknown>[] = [];
    for (let i = 0; i < 40_000; i++) {
      const object: Record<string, unknown> = { id: `I${i}`, text: `{[ "quoted" ]} \\ ${'é'.repeat(i % 40)}\n${i}` };
      if (i >= 30_000) object.late = i;
      objects.push(object);
    }
    const { staged } = await stageContent(folder(), JSON.stringify(objects, null, 1), { format: 'json' });
    expect(staged.headers).toEqual(['id', 'text', 'late']);
    expect(staged.rows).toBe(40_000);
    const rows = await readBack(staged.path);
    expect(rows.map((row) => [row.__row, row.c1, row.c2, row.c3])).toEqual(
      objects.map((object, i) => [String(i + 1), object.id, object.text, object.late === undefined ? null : String(object.late)]),
    );
  });

  describe('refuses a file it cannot stage', () => {
    it.each([
      ['a top-level object', '{"a":1}', undefined],
      ['an element that is not an object', '[{"a":1}, 3]', 2],
      ['invalid JSON inside an object', '[{"a":1},\n{"a":}]', 2],
      ['text after the array', '[{"a":1}] []', undefined],
      ['an array never closed', '[{"a":1},', 1],
      ['a trailing comma', '[{"a":1},]', 2],
      ['nesting deeper than 64 levels', `[{"a":${'['.repeat(65)}${']'.repeat(65)}}]`, 1],
    ])('F003 for %s', async (_name, body, row) => {
      const error = await rejection(stageContent(folder(), body, { format: 'json' }));
      expect(error).toBeInstanceOf(FileFault);
      expect([error.code, error.row]).toEqual(['F003', row]);
    });

    it('F003 for bytes that are not UTF-8', async () => {
      const error = await rejection(stageContent(folder(), Buffer.from([0x5b, 0x7b, 0x22, 0xa3, 0x22, 0x3a, 0x31, 0x7d, 0x5d]), { format: 'json' }));
      expect(error.code).toBe('F003');
    });

    it('F005 for an empty file', async () => {
      const error = await rejection(stageContent(folder(), '  \n', { format: 'json' }));
      expect(error.code).toBe('F005');
    });

    it('does not quote the bad value in its message', async () => {
      const error = await rejection(stageContent(folder(), '[{"child_id": "SECRET-ID" oops}]', { format: 'json' }));
      expect(error.code).toBe('F003');
      expect(`${error.message} ${String((error.cause as Error | undefined)?.message)}`).not.toContain('SECRET');
    });

    it('F006 over the key and row limits', async () => {
      const keys = await rejection(stageContent(folder(), '[{"a":1,"b":2,"c":3}]', { format: 'json', maxColumns: 2 }));
      expect(keys.code).toBe('F006');
      const rows = await rejection(stageContent(folder(), '[{"a":1},{"a":2},{"a":3}]', { format: 'json', maxRows: 2 }));
      expect([rows.code, rows.row]).toEqual(['F006', 3]);
    });
  });
});

describe('stageFile (NDJSON)', () => {
  it('stages one object per line, numbering rows by line and skipping blank lines', async () => {
    const body = '{"a":1,"b":"x"}\r\n\n   \n{"b":"y,z","c":[1]}\n{"a":3}';
    const { staged } = await stageContent(folder(), body, { format: 'ndjson' });
    expect(staged).toMatchObject({ headers: ['a', 'b', 'c'], headerRow: 0, rows: 3 });
    expect(await readBack(staged.path)).toEqual([
      { __row: '1', __overlong: '0', c1: '1', c2: 'x', c3: null },
      { __row: '4', __overlong: '0', c1: null, c2: 'y,z', c3: '[1]' },
      { __row: '5', __overlong: '0', c1: '3', c2: null, c3: null },
    ]);
  });

  it.each([
    ['an empty file', ''],
    ['only blank lines', '\n \r\n'],
  ])('treats %s as a nil return', async (_name, body) => {
    const { staged } = await stageContent(folder(), body, { format: 'ndjson' });
    expect(staged).toMatchObject({ headers: [], rows: 0 });
  });

  it.each([
    ['a line that is not an object', '{"a":1}\n\n[1,2]\n', 3],
    ['a line that is not valid JSON', '{"a":1}\n{"a":\n', 2],
    ['nesting deeper than 64 levels', `{"a":${'['.repeat(65)}${']'.repeat(65)}}`, 1],
  ])('F003 for %s, naming the line', async (_name, body, row) => {
    const error = await rejection(stageContent(folder(), body, { format: 'ndjson' }));
    expect([error.code, error.row]).toEqual(['F003', row]);
  });
});
