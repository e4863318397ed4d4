/**
 * CSV -> staged CSV: the hot path of the ingest. One streaming byte loop over large
 * buffers: a record with no quotes (nearly all of them) is copied to the output as one
 * slice behind its row number, cut or padded to the header's width; only records with
 * quotes, the header and suspiciously long records are parsed field by field.
 *
 * Row numbers are those a spreadsheet shows (datasets.md §2): one per record, blank
 * lines included, a quoted field with line breaks staying in its record's row.
 */
import { isUtf8 } from 'node:buffer';
import { open, type FileHandle } from 'node:fs/promises';
import { FILE_FAULT_CODES, FileFault, tooLarge, unreadable } from './file-fault';
import { OVERLONG_SAMPLE, type ResolvedStageOptions, type SourceEncoding, type StagedFile } from './stage-options';
import { isBlankField, stagedHeaderLine, stagedRecordLine } from './staged-writer';
import { sniffText, utf16Source, utf8Source, windows1252Source, type Utf8Source } from './text-source';

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const NUL = 0x00;

/** Bytes read from the file per step; records crossing the end are carried over. */
const READ_BYTES = 4 * 1024 * 1024;
/** Output gathered before each write; larger than a read, as each line gains its row number. */
const OUT_BYTES = 8 * 1024 * 1024;
/** Never ask a source for fewer bytes than this. */
const MIN_READ = 64 * 1024;

/** Thrown inside a UTF-8 pass when the bytes are not UTF-8: the file is read again as Windows-1252. */
class NotUtf8 extends Error {}

/** Adds one to the ASCII decimal number in `digits[0, length)`; returns its new length. */
function incrementDigits(digits: Buffer, length: number): number {
  let k = length - 1;
  while (k >= 0 && digits[k] === 0x39) digits[k--] = 0x30;
  if (k >= 0) {
    digits[k]++;
    return length;
  }
  digits.copyWithin(1, 0, length);
  digits[0] = 0x31;
  return length + 1;
}

/** Result of the slow path for one record. */
const NEED_MORE_INPUT = -1;
const NEED_FLUSH = -2;
const USE_SLOW_PATH = -3;

/** `quotedRecord`'s per-field flags. */
const FIELD_QUOTED = 1;
const FIELD_NEEDS_QUOTES = 2;
const FIELD_CONTENT = 4;

/** Stages a CSV file; see `stageFile`. */
export async function stageCsv(inputPath: string, outputPath: string, options: ResolvedStageOptions): Promise<StagedFile> {
  const input = await open(inputPath, 'r');
  try {
    const sniffed = await sniffText(input);
    if (sniffed.encoding !== 'utf-8') {
      return await stageWith(outputPath, options, sniffed.encoding, utf16Source(input, sniffed.bomBytes, sniffed.encoding));
    }
    try {
      return await stageWith(outputPath, options, 'utf-8', utf8Source(input, sniffed.bomBytes));
    } catch (error) {
      if (!(error instanceof NotUtf8)) throw error;
    }
    // Not valid UTF-8 (a BOM does not change that): what Excel writes on Windows.
    return await stageWith(outputPath, options, 'windows-1252', windows1252Source(input, sniffed.bomBytes));
  } finally {
    await input.close();
  }
}

async function stageWith(
  outputPath: string,
  options: ResolvedStageOptions,
  encoding: SourceEncoding,
  source: Utf8Source,
): Promise<StagedFile> {
  const output = await open(outputPath, 'w');
  try {
    const stager = new CsvStager(options, encoding === 'utf-8');
    await stager.run(source, output);
    return {
      path: outputPath,
      headers: stager.headers,
      headerRow: stager.headerRow,
      rows: stager.rows,
      encoding,
      overlongRows: { count: stager.overlongCount, rows: stager.overlongSample },
      maxLineBytes: stager.maxLineBytes,
    };
  } finally {
    await output.close();
  }
}

class CsvStager {
  headers: string[] = [];
  headerRow = 0;
  rows = 0;
  overlongCount = 0;
  readonly overlongSample: number[] = [];
  maxLineBytes = 0;

  /** Input bytes, UTF-8; `[0, len)` is filled. */
  private buf = Buffer.allocUnsafe(READ_BYTES);
  private len = 0;
  private out = Buffer.allocUnsafe(OUT_BYTES);
  private spare = Buffer.allocUnsafe(OUT_BYTES);
  private outUsed = 0;
  /** Row number of the last record consumed (blank or not). */
  private row = 0;
  /** The header's width; 0 until the header is found. */
  private width = 0;
  /** `quotedRecord`'s scratch: start, end and flags of each field. */
  private readonly bounds: number[] = [];
  /** The decimal digits of row number `digitsRow`, kept up to date by increments. */
  private readonly digits = Buffer.from('0'.padEnd(24, '0'));
  private digitsLength = 1;
  private digitsRow = 0;

  constructor(private readonly options: ResolvedStageOptions, private readonly checkUtf8: boolean) {}

  async run(source: Utf8Source, output: FileHandle): Promise<void> {
    // The output is written while the next part is scanned into the spare buffer.
    let writing: Promise<void> = Promise.resolve();
    let pos = 0;
    let eof = false;
    try {
      for (;;) {
        if (!eof) {
          if (pos > 0) {
            this.assertUtf8(0, pos);
            this.buf.copyWithin(0, pos, this.len);
            this.len -= pos;
            pos = 0;
          }
          if (this.buf.length - this.len < MIN_READ) this.growInput();
          const read = await source.read(this.buf, this.len, this.buf.length - this.len);
          if (read === 0) eof = true;
          this.len += read;
        }
        pos = this.scan(pos, eof);
        if (this.outUsed > 0) {
          await writing;
          writing = this.startWrite(output);
        }
        if (eof && pos >= this.len) break;
      }
    } finally {
      // Settle the last write before the caller closes the file, whatever happened.
      await writing.catch(() => undefined);
    }
    await writing;
    this.assertUtf8(0, this.len);
    if (this.width === 0) {
      throw new FileFault(FILE_FAULT_CODES.empty, 'The file has no header row: it is empty or holds only blank lines');
    }
  }

  private assertUtf8(from: number, to: number): void {
    if (this.checkUtf8 && to > from && !isUtf8(this.buf.subarray(from, to))) throw new NotUtf8();
  }

  /** Called when one unfinished record fills the whole input buffer. */
  private growInput(): void {
    if (this.len >= this.options.maxRecordBytes) {
      throw tooLarge(`A record is longer than ${this.options.maxRecordBytes} bytes`, { row: this.row + 1 });
    }
    const bigger = Buffer.allocUnsafe(Math.min(this.buf.length * 2, this.options.maxRecordBytes + MIN_READ));
    this.buf.copy(bigger, 0, 0, this.len);
    this.buf = bigger;
  }

  /** Starts writing the output gathered so far and swaps in the spare buffer. */
  private async startWrite(output: FileHandle): Promise<void> {
    const data = this.out;
    const used = this.outUsed;
    this.out = this.spare;
    this.spare = data;
    this.outUsed = 0;
    let offset = 0;
    while (offset < used) {
      const { bytesWritten } = await output.write(data, offset, used - offset);
      offset += bytesWritten;
    }
  }

  /**
   * Consumes whole records from `pos`; returns where the first unconsumed record starts
   * (unfinished at the end of the buffer, or no room left in the output).
   *
   * Each record is copied to the output while it is scanned, behind its row number, on
   * the bet that it is an ordinary data record; a blank, quoted, header or over-long
   * record rewinds the output and takes the slow path instead.
   */
  private scan(pos: number, eof: boolean): number {
    const buf = this.buf;
    const len = this.len;
    const out = this.out;
    const maxFieldLength = this.options.maxFieldLength;
    const digits = this.digits;
    let digitsLength = this.digitsLength;
    let digitsRow = this.digitsRow;
    let width = this.width;
    let o = this.outUsed;
    let row = this.row;
    let i = pos;
    while (i < len) {
      const start = i;
      if (digitsRow !== row + 1) {
        digitsLength = digitsRow === row ? incrementDigits(digits, digitsLength) : digits.write(String(row + 1), 0, 'latin1');
        digitsRow = row + 1;
      }
      const lineStart = o;
      // Room for the prefix, the record, its padding and the line end, or stop to flush.
      const limit = Math.min(len, start + (out.length - o - digitsLength - width - 8));
      if (limit <= start) {
        if (o === 0) this.out = Buffer.allocUnsafe(out.length * 2);
        break;
      }
      for (let k = 0; k < digitsLength; k++) out[o++] = digits[k];
      out[o++] = COMMA;
      const flagAt = o;
      out[o++] = 0x30;
      out[o++] = COMMA;
      let fields = 1;
      let cut = -1;
      let content = false;
      let b = 0;
      // The hot loop: letters, digits and most punctuation sort above the comma.
      for (; i < limit; i++) {
        b = buf[i];
        if (b > COMMA) {
          content = true;
          out[o++] = b;
          continue;
        }
        if (b === COMMA) {
          if (fields === width) cut = o;
          fields++;
          out[o++] = b;
          continue;
        }
        if (b === LF || b === CR || b === QUOTE || b === NUL) break;
        if (b !== SPACE && b !== TAB) content = true;
        out[o++] = b;
      }
      const ended = i < limit;
      if (!ended && limit < len) {
        // The output is full: flush it (or, when it holds nothing, grow it) and come back.
        if (lineStart === 0) this.out = Buffer.allocUnsafe(out.length * 2);
        o = lineStart;
        i = start;
        break;
      }
      if ((ended && (b === QUOTE || b === NUL)) || (content && (width === 0 || i - start > maxFieldLength))) {
        this.outUsed = lineStart;
        this.row = row;
        let next = width > 0 && b === QUOTE ? this.quotedRecord(start, eof) : USE_SLOW_PATH;
        if (next === USE_SLOW_PATH) next = this.slowRecord(start, eof);
        o = this.outUsed;
        if (next < 0) {
          i = start;
          break;
        }
        row = this.row;
        width = this.width;
        i = next;
        continue;
      }
      let next: number;
      if (!ended) {
        if (!eof) {
          o = lineStart;
          i = start;
          break;
        }
        next = len;
      } else if (b === CR) {
        if (i + 1 < len) next = buf[i + 1] === LF ? i + 2 : i + 1;
        else if (eof) next = len;
        else {
          o = lineStart;
          i = start;
          break;
        }
      } else {
        next = i + 1;
      }
      row++;
      i = next;
      if (!content) {
        o = lineStart;
        continue;
      }
      if (fields > width) {
        let overlong = false;
        for (let k = cut + 1; k < o; k++) {
          const x = out[k];
          if (x !== COMMA && x !== SPACE && x !== TAB) {
            overlong = true;
            break;
          }
        }
        o = cut;
        if (overlong) {
          out[flagAt] = 0x31;
          this.noteOverlong(row);
        }
      } else {
        for (let k = fields; k < width; k++) out[o++] = COMMA;
      }
      if (o - lineStart > this.maxLineBytes) this.maxLineBytes = o - lineStart;
      out[o++] = LF;
      if (++this.rows > this.options.maxRows) throw this.tooManyRows(row);
    }
    this.outUsed = o;
    this.row = row;
    this.digitsLength = digitsLength;
    this.digitsRow = digitsRow;
    return i;
  }

  private noteOverlong(row: number): void {
    this.overlongCount++;
    if (this.overlongSample.length < OVERLONG_SAMPLE) this.overlongSample.push(row);
  }

  private tooManyRows(row: number): FileFault {
    return tooLarge(`The file has more than ${this.options.maxRows} data rows`, { row });
  }

  /**
   * A data record with well-formed quoted fields, copied as bytes: a quoted field that
   * needs its quotes keeps them as sent (inner quotes are already doubled), one that does
   * not loses them. Anything unusual (stray quotes, over-long fields, NUL) is left to
   * the slow path. Returns where the next record starts, or a NEED_* / USE_SLOW_PATH code.
   */
  private quotedRecord(start: number, eof: boolean): number {
    const buf = this.buf;
    const len = this.len;
    const bounds = this.bounds;
    bounds.length = 0;
    let i = start;
    let fieldStart = start;
    let flags = 0;
    let any = false;
    // 0: at a field's start, 1: unquoted text, 2: inside quotes, 3: just after a closing quote.
    let state = 0;
    for (; i < len; i++) {
      const b = buf[i];
      if (state === 2) {
        if (b === QUOTE) {
          if (i + 1 >= len) {
            if (!eof) return NEED_MORE_INPUT;
            state = 3;
          } else if (buf[i + 1] === QUOTE) {
            flags |= FIELD_NEEDS_QUOTES | FIELD_CONTENT;
            i++;
          } else {
            state = 3;
          }
        } else if (b === COMMA || b === LF || b === CR) {
          flags |= FIELD_NEEDS_QUOTES;
        } else if (b === NUL) {
          return USE_SLOW_PATH;
        } else if (b !== SPACE && b !== TAB) {
          flags |= FIELD_CONTENT;
        }
        continue;
      }
      if (b === COMMA || b === LF || b === CR) {
        bounds.push(fieldStart, i, flags);
        if (flags & FIELD_CONTENT) any = true;
        if (b !== COMMA) break;
        fieldStart = i + 1;
        flags = 0;
        state = 0;
        continue;
      }
      if (state === 3 || b === NUL || (b === QUOTE && state === 1)) return USE_SLOW_PATH;
      if (state === 0 && b === QUOTE) {
        state = 2;
        flags = FIELD_QUOTED;
        continue;
      }
      state = 1;
      if (b !== SPACE && b !== TAB) flags |= FIELD_CONTENT;
    }
    let next: number;
    if (i >= len) {
      if (!eof) return NEED_MORE_INPUT;
      if (state === 2) return USE_SLOW_PATH;
      bounds.push(fieldStart, len, flags);
      if (flags & FIELD_CONTENT) any = true;
      next = len;
    } else if (buf[i] === CR) {
      if (i + 1 < len) next = buf[i + 1] === LF ? i + 2 : i + 1;
      else if (eof) next = len;
      else return NEED_MORE_INPUT;
    } else {
      next = i + 1;
    }
    const row = this.row + 1;
    if (!any) {
      this.row = row;
      return next;
    }
    const width = this.width;
    const fields = bounds.length / 3;
    let overlong = false;
    for (let f = 0; f < fields; f++) {
      if (bounds[f * 3 + 1] - bounds[f * 3] > this.options.maxFieldLength) return USE_SLOW_PATH;
      if (f >= width && bounds[f * 3 + 2] & FIELD_CONTENT) overlong = true;
    }
    const rowText = String(row);
    if (!this.reserve(i - start + rowText.length + width + 8)) return NEED_FLUSH;
    const out = this.out;
    let o = this.outUsed;
    const lineStart = o;
    o += out.write(rowText, o, 'latin1');
    out[o++] = COMMA;
    out[o++] = overlong ? 0x31 : 0x30;
    for (let f = 0; f < width; f++) {
      out[o++] = COMMA;
      if (f >= fields) continue;
      let from = bounds[f * 3];
      let to = bounds[f * 3 + 1];
      const fieldFlags = bounds[f * 3 + 2];
      if (fieldFlags & FIELD_QUOTED && !(fieldFlags & FIELD_NEEDS_QUOTES)) {
        from++;
        to--;
      }
      o += buf.copy(out, o, from, to);
    }
    if (o - lineStart > this.maxLineBytes) this.maxLineBytes = o - lineStart;
    out[o++] = LF;
    this.outUsed = o;
    if (overlong) this.noteOverlong(row);
    if (++this.rows > this.options.maxRows) throw this.tooManyRows(row);
    this.row = row;
    return next;
  }

  /**
   * One record parsed field by field: quoted fields, the header, records long enough to
   * hold an over-long field. Returns where the next record starts, or a NEED_* code.
   */
  private slowRecord(start: number, eof: boolean): number {
    const parsed = this.parseRecord(start, eof);
    if (parsed === undefined) return NEED_MORE_INPUT;
    const { fields, next } = parsed;
    const row = this.row + 1;
    if (fields.every(isBlankField)) {
      this.row = row;
      return next;
    }
    for (const field of fields) {
      if (field.length > this.options.maxFieldLength) {
        throw tooLarge(`A field is longer than ${this.options.maxFieldLength} characters`, { row });
      }
    }
    let line: string;
    let overlong = false;
    if (this.width === 0) {
      const headers = fields.map((field) => field.trim());
      while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();
      if (headers.length === 0) {
        this.row = row;
        return next;
      }
      if (headers.length > this.options.maxColumns) {
        throw tooLarge(`The header has ${headers.length} columns, more than the limit of ${this.options.maxColumns}`, { row });
      }
      line = stagedHeaderLine(headers.length);
      if (!this.reserve(Buffer.byteLength(line) + 1)) return NEED_FLUSH;
      this.headers = headers;
      this.headerRow = row;
      this.width = headers.length;
    } else {
      for (let k = this.width; k < fields.length && !overlong; k++) overlong = !isBlankField(fields[k]);
      line = stagedRecordLine(row, overlong, fields, this.width);
      if (!this.reserve(Buffer.byteLength(line) + 1)) return NEED_FLUSH;
      if (overlong) this.noteOverlong(row);
      if (++this.rows > this.options.maxRows) throw this.tooManyRows(row);
    }
    const written = this.out.write(line, this.outUsed);
    if (written > this.maxLineBytes) this.maxLineBytes = written;
    this.outUsed += written;
    this.out[this.outUsed++] = LF;
    this.row = row;
    return next;
  }

  /** Makes room for `bytes` in the output; false when what is there must be flushed first. */
  private reserve(bytes: number): boolean {
    if (this.outUsed + bytes <= this.out.length) return true;
    if (this.outUsed > 0) return false;
    this.out = Buffer.allocUnsafe(bytes * 2);
    return true;
  }

  /**
   * Splits the record at `start` into fields (RFC 4180, leniently: a quote inside an
   * unquoted field, or text after a closing quote, is kept as text). Undefined when the
   * record runs past the buffer and more input may follow.
   */
  private parseRecord(start: number, eof: boolean): { fields: string[]; next: number } | undefined {
    const buf = this.buf;
    const len = this.len;
    const fields: string[] = [];
    let field = '';
    let from = start;
    // 0: at a field's start, 1: unquoted text, 2: inside quotes, 3: just after a quote inside quotes.
    let state = 0;
    let i = start;
    for (; i < len; i++) {
      const b = buf[i];
      if (b === NUL) throw unreadable('The file is binary, not text: it holds NUL bytes', { row: this.row + 1 });
      if (state === 2) {
        if (b === QUOTE) {
          field += buf.toString('utf8', from, i);
          state = 3;
        }
        continue;
      }
      if (b === LF || b === CR) break;
      if (state === 0) {
        if (b === QUOTE) {
          state = 2;
          from = i + 1;
        } else if (b === COMMA) {
          fields.push('');
        } else {
          state = 1;
          from = i;
        }
      } else if (state === 1) {
        if (b === COMMA) {
          fields.push(field + buf.toString('utf8', from, i));
          field = '';
          state = 0;
        }
      } else if (b === QUOTE) {
        field += '"';
        from = i + 1;
        state = 2;
      } else if (b === COMMA) {
        fields.push(field);
        field = '';
        state = 0;
      } else {
        state = 1;
        from = i;
      }
    }
    let next: number;
    if (i === len) {
      if (!eof) return undefined;
      if (state === 2) {
        throw unreadable('A quoted field is never closed: the quote opens in this row and runs to the end of the file', {
          row: this.row + 1,
        });
      }
      next = len;
    } else if (buf[i] === CR) {
      if (i + 1 < len) next = buf[i + 1] === LF ? i + 2 : i + 1;
      else if (eof) next = len;
      else return undefined;
    } else {
      next = i + 1;
    }
    fields.push(state === 1 ? field + buf.toString('utf8', from, i) : state === 3 ? field : '');
    return { fields, next };
  }
}
