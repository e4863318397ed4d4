/**
 * Just enough of the zip format to read a workbook safely: the central directory (every
 * part's declared size, checked against the limit before anything is inflated) and one
 * part at a time as decoded text, inflated with Node's zlib and cut off the moment it
 * outgrows its declared size, so a zip bomb that lies about its sizes fails too.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';
import { tooLarge, unreadable } from './file-fault';

/** One part of the archive, as its central directory describes it. */
export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
}

/** Options of `readZipDirectory`. */
export interface ZipLimits {
  /** F006 when the parts add up to more than this many bytes unzipped. */
  readonly maxUnzippedBytes: number;
  /** F006 when one of the named parts alone unzips to more than its bound. */
  readonly maxPartBytes?: Readonly<Record<string, number>>;
}

const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);
const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** Bytes of the end-of-central-directory search window (record + longest comment). */
const EOCD_WINDOW = 22 + 0xffff;
/** No workbook needs a directory this large; bounds what is read into memory. */
const MAX_DIRECTORY_BYTES = 64 * 1024 * 1024;

/**
 * Reads the central directory. F003 for an OLE file (legacy .xls, or a password-protected
 * workbook, which Excel wraps in OLE), anything else that is not a zip, a corrupt or
 * encrypted zip; F006 when the declared sizes pass the limits.
 */
export async function readZipDirectory(path: string, limits: ZipLimits): Promise<Map<string, ZipEntry>> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const head = Buffer.alloc(4);
    await file.read(head, 0, 4, 0);
    if (head.equals(OLE_SIGNATURE)) {
      throw unreadable('The workbook is encrypted (password-protected) or a legacy .xls file: save it as an unprotected .xlsx');
    }
    if (!head.equals(ZIP_SIGNATURE)) throw unreadable('The file is not an XLSX workbook (not a zip archive)');
    const windowSize = Math.min(size, EOCD_WINDOW);
    const tail = Buffer.alloc(windowSize);
    await file.read(tail, 0, windowSize, size - windowSize);
    let eocd = -1;
    for (let i = windowSize - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw unreadable('The workbook is corrupt: the zip archive is truncated');
    let count = tail.readUInt16LE(eocd + 10);
    let directorySize = tail.readUInt32LE(eocd + 12);
    let directoryOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
      const locator = eocd - 20;
      if (locator < 0 || tail.readUInt32LE(locator) !== 0x07064b50) throw unreadable('The workbook is corrupt: bad zip64 directory');
      const record = Buffer.alloc(56);
      await file.read(record, 0, 56, Number(tail.readBigUInt64LE(locator + 8)));
      if (record.readUInt32LE(0) !== 0x06064b50) throw unreadable('The workbook is corrupt: bad zip64 directory');
      count = Number(record.readBigUInt64LE(32));
      directorySize = Number(record.readBigUInt64LE(40));
      directoryOffset = Number(record.readBigUInt64LE(48));
    }
    if (directoryOffset + directorySize > size || directorySize > MAX_DIRECTORY_BYTES) {
      throw unreadable('The workbook is corrupt: the zip directory is out of bounds');
    }
    const directory = Buffer.alloc(directorySize);
    await file.read(directory, 0, directorySize, directoryOffset);
    const entries = new Map<string, ZipEntry>();
    let total = 0;
    let at = 0;
    for (let n = 0; n < count; n++) {
      if (at + 46 > directory.length || directory.readUInt32LE(at) !== 0x02014b50) {
        throw unreadable('The workbook is corrupt: bad zip directory entry');
      }
      const flags = directory.readUInt16LE(at + 8);
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      if (at + 46 + nameLength + extraLength + commentLength > directory.length) {
        throw unreadable('The workbook is corrupt: bad zip directory entry');
      }
      const name = directory.toString('utf8', at + 46, at + 46 + nameLength);
      const zip64 = readZip64Extra(directory, at + 46 + nameLength, extraLength);
      const entry: ZipEntry = {
        name,
        method: directory.readUInt16LE(at + 10),
        uncompressedSize: pick(directory.readUInt32LE(at + 24), () => zip64.shift()),
        compressedSize: pick(directory.readUInt32LE(at + 20), () => zip64.shift()),
        localHeaderOffset: pick(directory.readUInt32LE(at + 42), () => zip64.shift()),
      };
      if ((flags & 1) !== 0) throw unreadable('The workbook is encrypted: save it without a password');
      const partLimit = limits.maxPartBytes?.[name];
      if (partLimit !== undefined && entry.uncompressedSize > partLimit) {
        throw tooLarge(`The workbook part ${name} unzips to more than ${partLimit} bytes`);
      }
      total += entry.uncompressedSize;
      if (total > limits.maxUnzippedBytes) throw tooLarge(`The workbook unzips to more than ${limits.maxUnzippedBytes} bytes`);
      entries.set(name, entry);
      at += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await file.close();
  }
}

/** A 32-bit field of 0xFFFFFFFF means "see the zip64 extra field", which lists them in order. */
function pick(value: number, fromZip64: () => number | undefined): number {
  return value === 0xffffffff ? (fromZip64() ?? Number.MAX_SAFE_INTEGER) : value;
}

function readZip64Extra(directory: Buffer, start: number, length: number): number[] {
  for (let at = start; at + 4 <= start + length; ) {
    const id = directory.readUInt16LE(at);
    const size = directory.readUInt16LE(at + 2);
    if (id === 0x0001) {
      const values: number[] = [];
      for (let k = at + 4; k + 8 <= at + 4 + size; k += 8) values.push(Number(directory.readBigUInt64LE(k)));
      return values;
    }
    at += 4 + size;
  }
  return [];
}

/**
 * Streams one part as UTF-8 text, in chunks. F003 when its data is corrupt or inflates to
 * more than its declared size.
 */
export async function* zipEntryText(path: string, entry: ZipEntry): AsyncGenerator<string> {
  const file = await open(path, 'r');
  let dataStart: number;
  try {
    const local = Buffer.alloc(30);
    await file.read(local, 0, 30, entry.localHeaderOffset);
    if (local.readUInt32LE(0) !== 0x04034b50) throw unreadable(`The workbook is corrupt: part ${entry.name} is missing`);
    dataStart = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  } finally {
    await file.close();
  }
  if (entry.method !== 0 && entry.method !== 8) {
    throw unreadable(`The workbook is corrupt: part ${entry.name} uses an unsupported compression method`);
  }
  if (entry.compressedSize === 0) return;
  const raw = createReadStream(path, { start: dataStart, end: dataStart + entry.compressedSize - 1, highWaterMark: 256 * 1024 });
  const inflate = entry.method === 8 ? createInflateRaw() : undefined;
  const stream = inflate === undefined ? raw : raw.pipe(inflate);
  raw.on('error', (error) => inflate?.destroy(error));
  const decoder = new TextDecoder('utf-8');
  let inflated = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      inflated += chunk.length;
      if (inflated > entry.uncompressedSize) {
        throw unreadable(`The workbook is corrupt: part ${entry.name} is larger than its zip directory says`);
      }
      const text = decoder.decode(chunk, { stream: true });
      if (text !== '') yield text;
    }
  } catch (error) {
    if (error instanceof Error && error.name === 'FileFault') throw error;
    throw unreadable(`The workbook is corrupt: part ${entry.name} cannot be unzipped`, {}, { cause: error });
  } finally {
    raw.destroy();
    inflate?.destroy();
  }
  const rest = decoder.decode();
  if (rest !== '') yield rest;
}
