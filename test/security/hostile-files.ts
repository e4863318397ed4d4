/**
 * Hostile partner files for the security tests, built by hand so that their sizes are
 * exact: XLSX workbooks whose sheet inflates enormously (zip bombs, honest or lying
 * about their sizes) and CSV headers with millions of columns. The bombs are cheap to
 * build: one raw-deflate block of repeated text, flushed, repeated N times, then an
 * empty final block, is a valid deflate stream that inflates to N times the block.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { constants, crc32, deflateRawSync } from 'node:zlib';

/** One zip member: bytes to store deflated, or a prebuilt deflate stream and the size it claims. */
export interface ZipMember {
  readonly name: string;
  readonly data?: Buffer;
  readonly deflated?: { readonly chunks: readonly Buffer[]; readonly repeat: number; readonly tail: Buffer };
  /** The uncompressed size written in the headers. @default the real size */
  readonly declaredSize?: number;
}

/** Writes a zip (deflate, no zip64) to `path`, streaming the repeated members. */
export async function writeZip(path: string, members: readonly ZipMember[]): Promise<number> {
  const out = createWriteStream(path);
  let offset = 0;
  const write = async (b: Buffer) => {
    offset += b.length;
    if (!out.write(b)) await once(out, 'drain');
  };
  const central: Buffer[] = [];
  for (const m of members) {
    const name = Buffer.from(m.name, 'utf8');
    const compressedParts = m.data ? [deflateRawSync(m.data)] : undefined;
    const compressedSize = compressedParts
      ? compressedParts[0].length
      : m.deflated!.chunks.reduce((n, c) => n + c.length, 0) * m.deflated!.repeat + m.deflated!.tail.length;
    const size = m.declaredSize ?? m.data?.length ?? 0;
    const crc = m.data ? crc32(m.data) : 0;
    const header = (central: boolean) => {
      const b = Buffer.alloc(central ? 46 : 30);
      b.writeUInt32LE(central ? 0x02014b50 : 0x04034b50, 0);
      let at = 4;
      if (central) { b.writeUInt16LE(20, at); at += 2; }
      b.writeUInt16LE(20, at); b.writeUInt16LE(0, at + 2); b.writeUInt16LE(8, at + 4);
      b.writeUInt16LE(0, at + 6); b.writeUInt16LE(0x21, at + 8);
      b.writeUInt32LE(crc >>> 0, at + 10); b.writeUInt32LE(compressedSize, at + 14); b.writeUInt32LE(Math.min(size, 0xffffffff), at + 18);
      b.writeUInt16LE(name.length, at + 22); b.writeUInt16LE(0, at + 24);
      if (central) { b.writeUInt32LE(offset0, 42); }
      return b;
    };
    const offset0 = offset;
    await write(Buffer.concat([header(false), name]));
    if (compressedParts) await write(compressedParts[0]);
    else {
      for (let i = 0; i < m.deflated!.repeat; i++) for (const c of m.deflated!.chunks) await write(c);
      await write(m.deflated!.tail);
    }
    central.push(Buffer.concat([header(true), name]));
  }
  const directory = Buffer.concat(central);
  const start = offset;
  await write(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8); end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(directory.length, 12); end.writeUInt32LE(start, 16);
  await write(end);
  out.end();
  await once(out, 'finish');
  return offset;
}

/** A non-final raw-deflate block of `text`, which can be repeated back to back. */
export function flushedBlock(text: string): Buffer {
  return deflateRawSync(Buffer.from(text), { finishFlush: constants.Z_SYNC_FLUSH });
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts of a one-sheet workbook around a sheet. */
export function workbookParts(): ZipMember[] {
  return [
    { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>') },
    { name: 'xl/workbook.xml', data: Buffer.from(`<?xml version="1.0"?><workbook xmlns="${MAIN}" xmlns:r="${RELS}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`) },
    { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>') },
  ];
}

/**
 * A sheet whose first cell is an inline string of `mib` MiB of 'A' (one huge cell), or,
 * with `cells`, a first row of that many small cells: either inflates to about `mib`
 * MiB from about a thousandth of that.
 */
export function bombSheet(options: { mib: number; shape: 'one-cell' | 'wide-row'; declaredSize?: number }): ZipMember {
  const open = Buffer.from(`<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData><row r="1">${options.shape === 'one-cell' ? '<c r="A1" t="inlineStr"><is><t>' : ''}`);
  const close = Buffer.from(`${options.shape === 'one-cell' ? '</t></is></c>' : ''}</row></sheetData></worksheet>`);
  const unit = options.shape === 'one-cell' ? 'A'.repeat(1 << 20) : '<c t="inlineStr"><is><t>x</t></is></c>'.repeat(Math.floor((1 << 20) / 37));
  const block = flushedBlock(unit);
  const realSize = open.length + close.length + Buffer.byteLength(unit) * options.mib;
  return {
    name: 'xl/worksheets/sheet1.xml',
    deflated: { chunks: [flushedBlock(open.toString())], repeat: 1, tail: Buffer.concat([...Array(options.mib).fill(block), deflateRawSync(close)]) },
    declaredSize: options.declaredSize ?? realSize,
  };
}

/** Writes a CSV whose header has `columns` short column names and one data row. */
export async function writeWideCsv(path: string, columns: number): Promise<void> {
  const out = createWriteStream(path);
  const chunk = 10_000;
  for (let i = 0; i < columns; i += chunk) {
    const names = Array.from({ length: Math.min(chunk, columns - i) }, (_, k) => `c${i + k}`);
    if (!out.write(`${i ? ',' : ''}${names.join(',')}`)) await once(out, 'drain');
  }
  out.write('\n1,2,3\n');
  out.end();
  await once(out, 'finish');
}
