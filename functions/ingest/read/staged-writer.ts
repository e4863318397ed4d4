/**
 * The staged file's format, shared by every reader: UTF-8, `\n` line ends, RFC 4180
 * quoting only where needed, a first line `__row,__overlong,c1..cN`, then one line per
 * data record with exactly N fields.
 */
import { open, type FileHandle } from 'node:fs/promises';

const NEEDS_QUOTES = /[",\r\n]/;
const QUOTE = /"/g;

/** Quotes a value only when it holds a comma, a quote or a line break. */
export function escapeField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(QUOTE, '""')}"` : value;
}

/** The staged file's first line (without its `\n`) for a header `width` columns wide. */
export function stagedHeaderLine(width: number): string {
  let line = '__row,__overlong';
  for (let column = 1; column <= width; column++) line += `,c${column}`;
  return line;
}

/**
 * One staged data line (without its `\n`): exactly `width` fields, padded with empty
 * fields or cut; `overlong` is computed by the caller from what was cut.
 */
export function stagedRecordLine(row: number, overlong: boolean, fields: readonly string[], width: number): string {
  let line = `${row},${overlong ? 1 : 0}`;
  const present = Math.min(fields.length, width);
  for (let i = 0; i < present; i++) line += `,${escapeField(fields[i])}`;
  for (let i = present; i < width; i++) line += ',';
  return line;
}

/** A field counts as present when it holds anything but spaces, tabs and line breaks. */
export function isBlankField(value: string): boolean {
  return !/[^ \t\r\n]/.test(value);
}

/** Options of `StagedWriter`. */
export interface StagedWriterOptions {
  /**
   * Bytes gathered before each write to disk.
   * @default 4 MiB
   */
  bufferBytes?: number;
}

/**
 * Buffered line writer for the readers that produce strings (XLSX, JSON): gathers lines
 * into one large buffer and writes it in big chunks, so memory stays flat.
 */
export class StagedWriter {
  /** Bytes of the longest line written so far (without its `\n`). */
  maxLineBytes = 0;
  private readonly buffer: Buffer;
  private used = 0;

  private constructor(private readonly file: FileHandle, bufferBytes: number) {
    this.buffer = Buffer.allocUnsafe(bufferBytes);
  }

  /** Creates (or truncates) the file at `path`. */
  static async create(path: string, options: StagedWriterOptions = {}): Promise<StagedWriter> {
    const bufferBytes = options.bufferBytes ?? 4 * 1024 * 1024;
    return new StagedWriter(await open(path, 'w'), bufferBytes);
  }

  /** Appends `text` and a `\n`; returns the bytes of `text`. */
  async line(text: string): Promise<number> {
    const bytes = Buffer.byteLength(text);
    if (bytes > this.maxLineBytes) this.maxLineBytes = bytes;
    if (this.used + bytes + 1 > this.buffer.length) await this.flush();
    if (bytes + 1 > this.buffer.length) {
      await this.writeAll(Buffer.from(`${text}\n`));
      return bytes;
    }
    this.used += this.buffer.write(text, this.used);
    this.buffer[this.used++] = 0x0a;
    return bytes;
  }

  /** Appends raw bytes as they are (already in staged form). */
  async raw(bytes: Buffer): Promise<void> {
    if (this.used + bytes.length > this.buffer.length) await this.flush();
    if (bytes.length > this.buffer.length) {
      await this.writeAll(bytes);
      return;
    }
    bytes.copy(this.buffer, this.used);
    this.used += bytes.length;
  }

  async flush(): Promise<void> {
    if (this.used === 0) return;
    await this.writeAll(this.buffer.subarray(0, this.used));
    this.used = 0;
  }

  /** Flushes and closes; safe to call twice. */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.file.close().catch(() => undefined);
    }
  }

  private async writeAll(bytes: Buffer): Promise<void> {
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesWritten } = await this.file.write(bytes, offset, bytes.length - offset);
      offset += bytesWritten;
    }
  }
}
