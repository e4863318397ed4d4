import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { FileFault } from '../../../functions/ingest/read';
import { readBack, rejection, scratchFolder, stagePath } from './helpers';

const folder = scratchFolder();
let counter = 0;

async function writeWorkbook(build: (workbook: ExcelJS.Workbook) => void): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  const path = join(folder(), `book-${++counter}.xlsx`);
  await workbook.xlsx.writeFile(path);
  return path;
}

/**
 * A zip archive built by hand, for archives no spreadsheet program would write: parts
 * deflated or stored, with an optional lie about the unzipped size. CRCs are left 0,
 * which the reader does not check.
 */
function zip(parts: { name: string; data: Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const compressed = deflateRawSync(part.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(part.declaredSize ?? part.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(part.declaredSize ?? part.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

async function writeBytes(bytes: Buffer): Promise<string> {
  const path = join(folder(), `bytes-${++counter}.xlsx`);
  await writeFile(path, bytes);
  return path;
}

describe('stageFile (XLSX)', () => {
  it('reads the sheet named after the dataset, with sheet row numbers and cell values as text', async () => {
    const path = await writeWorkbook((workbook) => {
      workbook.addWorksheet('Read me').getCell('A1').value = 'instructions';
      const sheet = workbook.addWorksheet('ATTENDANCE');
      sheet.getRow(3).values = ['Child ID', ' Date ', 'When', 'Amount', 'Formula', 'Flag'];
      sheet.getRow(4).values = [123.0, new Date(Date.UTC(2024, 2, 5)), new Date(Date.UTC(2024, 2, 5, 9, 30, 15)), 0.1 + 0.2, { formula: 'B4+1', result: 45357 }, true];
      sheet.getCell('B4').numFmt = 'dd/mm/yyyy';
      sheet.getCell('C4').numFmt = 'dd/mm/yyyy hh:mm:ss';
      sheet.getCell('E4').numFmt = 'yyyy-mm-dd';
      sheet.getRow(6).values = [
        { richText: [{ text: 'C' }, { font: { bold: true }, text: '2' }] },
        '05/03/2024',
        null,
        1234567890123,
        { formula: 'A6&", x"', result: 'C2, x' },
        { error: '#N/A' },
      ];
      sheet.getRow(7).values = [{ text: 'C3', hyperlink: 'https://example.org' }, 45357, null, -4.5, { formula: 'D7*2', result: -9 }, false, 'extra'];
    });
    const { staged } = await stagePath(folder(), path, { format: 'xlsx', dataset: 'attendance' });
    expect(staged).toMatchObject({
      headers: ['Child ID', 'Date', 'When', 'Amount', 'Formula', 'Flag'],
      headerRow: 3,
      rows: 3,
      encoding: 'binary-xlsx',
      sheet: 'ATTENDANCE',
      overlongRows: { count: 1, rows: [7] },
    });
    expect((await readBack(staged.path)).map((row) => Object.values(row))).toEqual([
      ['4', '0', '123', '2024-03-05', '2024-03-05 09:30:15', '0.3', '2024-03-06', 'TRUE'],
      ['6', '0', 'C2', '05/03/2024', null, '1234567890123', 'C2, x', null],
      // A serial number in a cell without a date format stays a number.
      ['7', '1', 'C3', '45357', null, '-4.5', '-9', 'FALSE'],
    ]);
  });

  it('reads the first worksheet when none is named after the dataset, skipping leading and blank rows', async () => {
    const path = await writeWorkbook((workbook) => {
      const sheet = workbook.addWorksheet('Export');
      sheet.getCell('A2').value = '   ';
      sheet.getRow(3).values = ['id', 'text'];
      sheet.getRow(4).values = ['A', 'caf\u00e9 \u00a3 \u2019'];
      sheet.getRow(6).values = ['', ''];
      sheet.getRow(8).values = ['B', 'x'];
      workbook.addWorksheet('Other').getCell('A1').value = 'not read';
    });
    const { staged } = await stagePath(folder(), path, { format: 'xlsx', dataset: 'children' });
    expect(staged).toMatchObject({ sheet: 'Export', headerRow: 3, rows: 2 });
    expect(await readBack(staged.path)).toEqual([
      { __row: '4', __overlong: '0', c1: 'A', c2: 'café £ ’' },
      { __row: '8', __overlong: '0', c1: 'B', c2: 'x' },
    ]);
  });

  it('treats a header row with no data as a nil return', async () => {
    const path = await writeWorkbook((workbook) => {
      workbook.addWorksheet('s').getRow(1).values = ['id', 'date'];
    });
    const { staged } = await stagePath(folder(), path, { format: 'xlsx' });
    expect(staged).toMatchObject({ headers: ['id', 'date'], rows: 0 });
  });

  describe('refuses a workbook it cannot stage', () => {
    it('F005 for an empty worksheet', async () => {
      const path = await writeWorkbook((workbook) => void workbook.addWorksheet('empty'));
      const error = await rejection(stagePath(folder(), path, { format: 'xlsx' }));
      expect(error).toBeInstanceOf(FileFault);
      expect(error.code).toBe('F005');
    });

    it('F003 for an encrypted or legacy workbook (OLE container)', async () => {
      const path = await writeBytes(Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]));
      const error = await rejection(stagePath(folder(), path, { format: 'xlsx' }));
      expect(error.code).toBe('F003');
      expect(error.message).toMatch(/encrypted/);
    });

    it.each([
      ['a text file', () => Buffer.from('id,date\n1,2024-01-01\n')],
      ['a zip without a workbook', () => zip([{ name: 'hello.txt', data: Buffer.from('hello') }])],
    ])('F003 for %s', async (_name, bytes) => {
      const error = await rejection(stagePath(folder(), await writeBytes(bytes()), { format: 'xlsx' }));
      expect(error.code).toBe('F003');
    });

    it('F003 for a truncated or damaged workbook', async () => {
      const good = await readFile(await writeWorkbook((workbook) => void (workbook.addWorksheet('s').getRow(1).values = ['id'])));
      const truncated = await rejection(stagePath(folder(), await writeBytes(good.subarray(0, good.length - 40)), { format: 'xlsx' }));
      expect(truncated.code).toBe('F003');
      const damaged = Buffer.from(good);
      const directory = damaged.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      for (let at = 40; at < directory; at += 13) damaged[at] ^= 0x5a;
      const error = await rejection(stagePath(folder(), await writeBytes(damaged), { format: 'xlsx' }));
      expect(error.code).toBe('F003');
    });

    it('F006 for a zip bomb, before inflating it', async () => {
      const sheet = Buffer.from(`<worksheet><sheetData>${'<row><c><v>1</v></c></row>'.repeat(400_000)}</sheetData></worksheet>`);
      const bomb = zip([
        { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
        { name: 'xl/worksheets/sheet1.xml', data: sheet },
      ]);
      expect(bomb.length).toBeLessThan(sheet.length / 100);
      const error = await rejection(stagePath(folder(), await writeBytes(bomb), { format: 'xlsx', maxUnzippedBytes: 1_000_000 }));
      expect(error.code).toBe('F006');
      expect(error.message).toMatch(/unzips to more than/);
    });

    it('F003 for a part that unzips to more than its directory declares', async () => {
      const workbookXml = Buffer.from(
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>',
      );
      const lying = zip([{ name: 'xl/workbook.xml', data: workbookXml, declaredSize: 10 }]);
      const error = await rejection(stagePath(folder(), await writeBytes(lying), { format: 'xlsx' }));
      expect(error.code).toBe('F003');
      expect(error.message).toMatch(/larger than its zip directory says/);
    });

    it('F006 over the row limit', async () => {
      const path = await writeWorkbook((workbook) => {
        const sheet = workbook.addWorksheet('s');
        sheet.addRows([['id'], ['a'], ['b'], ['c']]);
      });
      const error = await rejection(stagePath(folder(), path, { format: 'xlsx', maxRows: 2 }));
      expect([error.code, error.row]).toEqual(['F006', 4]);
    });
  });
});
