/**
 * Turns a partner's text file into a stream of UTF-8 bytes, whatever it was written in:
 * UTF-8 (BOM or not), Windows-1252 (what Excel writes), or UTF-16 with a BOM. The
 * encoding is decided from the bytes; signatures of binary formats are refused early.
 */
import type { FileHandle } from 'node:fs/promises';
import { unreadable } from './file-fault';

/** What the first bytes of a file say about it. */
export interface Sniffed {
  /** `utf-8` here means "UTF-8 if valid, else Windows-1252": only a full read can tell. */
  readonly encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  /** Bytes of byte-order mark to skip. */
  readonly bomBytes: number;
  /** True when the file starts with a UTF-8 BOM. */
  readonly utf8Bom: boolean;
}

/** Signatures of files that are clearly not text (archives, documents, images). */
const BINARY_SIGNATURES: readonly { name: string; bytes: readonly number[] }[] = [
  { name: 'a ZIP archive (an XLSX sent as text?)', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { name: 'an OLE document (legacy .xls or an encrypted workbook)', bytes: [0xd0, 0xcf, 0x11, 0xe0] },
  { name: 'a PDF', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { name: 'a PNG image', bytes: [0x89, 0x50, 0x4e, 0x47] },
  { name: 'a JPEG image', bytes: [0xff, 0xd8, 0xff] },
  { name: 'a GIF image', bytes: [0x47, 0x49, 0x46, 0x38] },
  { name: 'a gzip archive', bytes: [0x1f, 0x8b] },
  { name: 'a 7-Zip archive', bytes: [0x37, 0x7a, 0xbc, 0xaf] },
  { name: 'a RAR archive', bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07] },
];

/** Reads the first bytes of a text file: BOM, or F003 for a known binary signature. */
export async function sniffText(file: FileHandle): Promise<Sniffed> {
  const head = Buffer.alloc(8);
  const { bytesRead } = await file.read(head, 0, head.length, 0);
  const starts = (bytes: readonly number[]): boolean =>
    bytesRead >= bytes.length && bytes.every((byte, i) => head[i] === byte);
  for (const signature of BINARY_SIGNATURES) {
    if (starts(signature.bytes)) throw unreadable(`The file is binary, not text: it looks like ${signature.name}`);
  }
  if (starts([0xef, 0xbb, 0xbf])) return { encoding: 'utf-8', bomBytes: 3, utf8Bom: true };
  if (starts([0xff, 0xfe])) return { encoding: 'utf-16le', bomBytes: 2, utf8Bom: false };
  if (starts([0xfe, 0xff])) return { encoding: 'utf-16be', bomBytes: 2, utf8Bom: false };
  return { encoding: 'utf-8', bomBytes: 0, utf8Bom: false };
}

/** A source of UTF-8 bytes read from a file in its own encoding. */
export interface Utf8Source {
  /** Fills `target[offset, offset + space)` with up to `space` bytes; 0 at the end. `space` must be at least 8. */
  read(target: Buffer, offset: number, space: number): Promise<number>;
}

/** UTF-8 as it is: read straight into the caller's buffer, no copy. */
export function utf8Source(file: FileHandle, start: number): Utf8Source {
  let position = start;
  return {
    async read(target, offset, space) {
      const { bytesRead } = await file.read(target, offset, space, position);
      position += bytesRead;
      return bytesRead;
    },
  };
}

/**
 * Windows-1252 bytes 0x80–0x9F as Unicode code points (the WHATWG table; the five
 * unassigned bytes map to the C1 control with the same number).
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

/** UTF-8 bytes of each byte 0x80–0xFF read as Windows-1252: up to 3 bytes, length in a side table. */
const CP1252_UTF8 = new Uint8Array(128 * 3);
const CP1252_UTF8_LENGTH = new Uint8Array(128);
for (let byte = 0x80; byte <= 0xff; byte++) {
  const codePoint = byte < 0xa0 ? CP1252_HIGH[byte - 0x80] : byte;
  const encoded = Buffer.from(String.fromCodePoint(codePoint), 'utf8');
  encoded.copy(CP1252_UTF8, (byte - 0x80) * 3);
  CP1252_UTF8_LENGTH[byte - 0x80] = encoded.length;
}

/** Windows-1252 transcoded to UTF-8 byte by byte (ASCII passes through unchanged). */
export function windows1252Source(file: FileHandle, start: number): Utf8Source {
  let position = start;
  let raw = Buffer.alloc(0);
  return {
    async read(target, offset, space) {
      const want = Math.floor(space / 3);
      if (raw.length < want) raw = Buffer.allocUnsafe(want);
      const { bytesRead } = await file.read(raw, 0, want, position);
      position += bytesRead;
      let out = offset;
      for (let i = 0; i < bytesRead; i++) {
        const byte = raw[i];
        if (byte < 0x80) {
          target[out++] = byte;
        } else {
          const at = (byte - 0x80) * 3;
          const length = CP1252_UTF8_LENGTH[byte - 0x80];
          target[out++] = CP1252_UTF8[at];
          if (length > 1) target[out++] = CP1252_UTF8[at + 1];
          if (length > 2) target[out++] = CP1252_UTF8[at + 2];
        }
      }
      return out - offset;
    },
  };
}

/** UTF-16 (after its BOM) decoded and re-encoded as UTF-8. */
export function utf16Source(file: FileHandle, start: number, encoding: 'utf-16le' | 'utf-16be'): Utf8Source {
  let position = start;
  let raw = Buffer.alloc(0);
  const decoder = new TextDecoder(encoding, { fatal: true });
  let ended = false;
  return {
    async read(target, offset, space) {
      if (ended) return 0;
      // Two bytes of UTF-16 never take more than three bytes of UTF-8.
      const want = Math.max(2, Math.floor(space / 3) * 2);
      if (raw.length < want) raw = Buffer.allocUnsafe(want);
      let text = '';
      try {
        while (text.length === 0) {
          const { bytesRead } = await file.read(raw, 0, want, position);
          position += bytesRead;
          if (bytesRead === 0) {
            ended = true;
            text = decoder.decode();
            break;
          }
          text = decoder.decode(raw.subarray(0, bytesRead), { stream: true });
        }
      } catch (error) {
        throw unreadable(`The file starts with a ${encoding.toUpperCase()} byte-order mark but is not valid ${encoding.toUpperCase()}`, {}, { cause: error });
      }
      return target.write(text, offset, space);
    },
  };
}
