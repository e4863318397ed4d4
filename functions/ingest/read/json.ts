/**
 * JSON (an array of objects) and NDJSON (one object per line) -> staged CSV, streamed:
 * a 1 GB file never sits in memory. The header is the union of the objects' keys, known
 * only at the end, so data lines go to a body file first; the header line is written
 * last, followed by the body (rows seen before a key appeared are padded on the way).
 */
import { open, rm, type FileHandle } from 'node:fs/promises';
import { FILE_FAULT_CODES, FileFault, tooLarge, unreadable } from './file-fault';
import type { ResolvedStageOptions, StagedFile } from './stage-options';
import { isBlankField, stagedHeaderLine, stagedRecordLine, StagedWriter } from './staged-writer';
import { sniffText } from './text-source';

/** Objects nested deeper than this are refused (F003): no partner record needs it. */
export const MAX_JSON_DEPTH = 64;

const READ_BYTES = 4 * 1024 * 1024;

/** Stages a JSON file holding one array of objects; `[]` is a nil return. */
export async function stageJson(inputPath: string, outputPath: string, options: ResolvedStageOptions): Promise<StagedFile> {
  return withObjects(inputPath, outputPath, options, async (chunks, sink) => {
    const splitter = new ArraySplitter(options);
    for await (const text of chunks) {
      for (const element of splitter.push(text)) await sink.add(element.position, parseObject(element.text, 'Object', element.position));
    }
    splitter.end();
  });
}

/** Stages an NDJSON file: one object per line, blank lines skipped; an empty file is a nil return. */
export async function stageNdjson(inputPath: string, outputPath: string, options: ResolvedStageOptions): Promise<StagedFile> {
  return withObjects(inputPath, outputPath, options, async (chunks, sink) => {
    let line = 0;
    let carry = '';
    const take = async (text: string): Promise<void> => {
      line++;
      const trimmed = text.trim();
      if (trimmed === '') return;
      if (trimmed.length > options.maxRecordBytes) throw tooLarge(`A line is longer than ${options.maxRecordBytes} characters`, { row: line });
      if (trimmed[0] !== '{') throw unreadable('A line is not a JSON object: NDJSON needs one object per line', { row: line });
      if (depthExceeds(trimmed, MAX_JSON_DEPTH)) throw tooDeep('Line', line);
      await sink.add(line, parseObject(trimmed, 'Line', line));
    };
    for await (const text of chunks) {
      let from = 0;
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', from)) {
        const piece = carry + text.slice(from, at);
        carry = '';
        await take(piece);
        from = at + 1;
      }
      carry += text.slice(from);
      if (carry.length > options.maxRecordBytes) throw tooLarge(`A line is longer than ${options.maxRecordBytes} characters`, { row: line + 1 });
    }
    if (carry !== '') await take(carry);
  });
}

type JsonObject = Record<string, unknown>;

function tooDeep(what: 'Object' | 'Line', position: number) {
  return unreadable(`${what} ${position} nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep`, { row: position });
}

function parseObject(text: string, what: 'Object' | 'Line', position: number): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw unreadable(`${what} ${position} is not valid JSON`, { row: position }, { cause: scrub(error) });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw unreadable(`${what} ${position} is not a JSON object`, { row: position });
  }
  return value as JsonObject;
}

/** JSON.parse's messages quote the input, which may be personal data: keep only the error's kind. */
function scrub(error: unknown): Error {
  return new Error(error instanceof Error ? error.name : 'JSON parse error');
}

/** True when `text` (one JSON value) nests objects/arrays deeper than `limit`. */
function depthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** A JSON value as staged text: strings as they are, null as empty, nested values as JSON. */
export function jsonValueText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return String(value);
    case 'boolean':
      return value ? 'TRUE' : 'FALSE';
    case 'object':
      return value === null ? '' : JSON.stringify(value);
    default:
      return '';
  }
}

/** One top-level element of a JSON array, as text. */
interface Element {
  position: number;
  text: string;
}

/**
 * Splits a streamed JSON array into its top-level elements without parsing them: tracks
 * strings, escapes and depth only, so each element is parsed on its own.
 */
class ArraySplitter {
  /** 0: before `[`, 1: expecting an element or `]`, 2: inside an element, 3: after an element, 4: after `]`. */
  private state = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private parts: string[] = [];
  private partsLength = 0;
  private position = 0;
  /** Whether a `,` has been seen since the last element (an element is then required). */
  private needElement = false;

  constructor(private readonly options: ResolvedStageOptions) {}

  *push(text: string): Generator<Element> {
    let start = this.state === 2 ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.state === 2) {
        if (this.inString) {
          if (this.escaped) this.escaped = false;
          else if (c === 0x5c) this.escaped = true;
          else if (c === 0x22) this.inString = false;
          continue;
        }
        if (c === 0x22) this.inString = true;
        else if (c === 0x7b || c === 0x5b) {
          if (++this.depth > MAX_JSON_DEPTH) throw tooDeep('Object', this.position);
        } else if (c === 0x7d || c === 0x5d) {
          if (--this.depth === 0) {
            const element = this.take(text.slice(start, i + 1));
            this.state = 3;
            start = -1;
            yield element;
          }
        }
        continue;
      }
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
      if (this.state === 0) {
        if (c !== 0x5b) throw unreadable('The file is not a JSON array of objects: it must start with [');
        this.state = 1;
      } else if (this.state === 1) {
        if (c === 0x5d && !this.needElement) {
          this.state = 4;
        } else {
          this.position++;
          if (c !== 0x7b) throw unreadable(`Element ${this.position} of the array is not a JSON object`, { row: this.position });
          this.state = 2;
          this.depth = 1;
          this.needElement = false;
          start = i;
        }
      } else if (this.state === 3) {
        if (c === 0x2c) {
          this.state = 1;
          this.needElement = true;
        } else if (c === 0x5d) {
          this.state = 4;
        } else {
          throw unreadable(`The array is not valid JSON after object ${this.position}: expected , or ]`, { row: this.position });
        }
      } else {
        throw unreadable('The file holds more than one JSON value: nothing may follow the array');
      }
    }
    if (this.state === 2) {
      const rest = text.slice(start);
      this.parts.push(rest);
      this.partsLength += rest.length;
      if (this.partsLength > this.options.maxRecordBytes) {
        throw tooLarge(`Object ${this.position} is longer than ${this.options.maxRecordBytes} characters`, { row: this.position });
      }
    }
  }

  end(): void {
    if (this.state === 0) {
      throw new FileFault(FILE_FAULT_CODES.empty, 'The file is empty: a JSON file holds an array ([] when there is nothing to send)');
    }
    if (this.state !== 4) throw unreadable('The JSON array is not closed: the file ends early', { row: this.position || undefined });
  }

  private take(last: string): Element {
    const text = this.parts.length === 0 ? last : this.parts.join('') + last;
    this.parts = [];
    this.partsLength = 0;
    return { position: this.position, text };
  }
}

/** Where the body file's lines change width: lines from `offset` on have `width` fields. */
interface Segment {
  offset: number;
  width: number;
  maxLineBytes: number;
}

/** Collects objects into the body file, growing the column union as keys appear. */
class ObjectSink {
  readonly columns = new Map<string, number>();
  rows = 0;
  readonly segments: Segment[] = [];
  bytes = 0;

  constructor(private readonly body: StagedWriter, private readonly options: ResolvedStageOptions) {}

  async add(position: number, object: JsonObject): Promise<void> {
    const keys = Object.keys(object);
    for (const key of keys) {
      if (!this.columns.has(key)) {
        if (this.columns.size >= this.options.maxColumns) {
          throw tooLarge(`The objects have more than ${this.options.maxColumns} distinct keys`, { row: position });
        }
        this.columns.set(key, this.columns.size);
      }
    }
    const width = this.columns.size;
    const fields: string[] = new Array<string>(width).fill('');
    let blank = true;
    for (const key of keys) {
      const text = jsonValueText(object[key]);
      if (text.length > this.options.maxFieldLength) {
        throw tooLarge(`A value is longer than ${this.options.maxFieldLength} characters`, { row: position });
      }
      if (blank && !isBlankField(text)) blank = false;
      fields[this.columns.get(key) as number] = text;
    }
    if (blank) return;
    if (++this.rows > this.options.maxRows) throw tooLarge(`The file has more than ${this.options.maxRows} objects`, { row: position });
    let segment = this.segments[this.segments.length - 1];
    if (segment === undefined || segment.width !== width) {
      segment = { offset: this.bytes, width, maxLineBytes: 0 };
      this.segments.push(segment);
    }
    const lineBytes = await this.body.line(stagedRecordLine(position, false, fields, width));
    if (lineBytes > segment.maxLineBytes) segment.maxLineBytes = lineBytes;
    this.bytes += lineBytes + 1;
  }
}

async function* decodeChunks(file: FileHandle): AsyncGenerator<string> {
  const sniffed = await sniffText(file);
  // The decoder drops the byte-order mark itself.
  const decoder = new TextDecoder(sniffed.encoding, { fatal: true });
  const raw = Buffer.allocUnsafe(READ_BYTES);
  let position = 0;
  try {
    for (;;) {
      const { bytesRead } = await file.read(raw, 0, raw.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const text = decoder.decode(raw.subarray(0, bytesRead), { stream: true });
      if (text !== '') yield text;
    }
    const rest = decoder.decode();
    if (rest !== '') yield rest;
  } catch (error) {
    if (error instanceof TypeError) {
      throw unreadable(`The file is not valid ${sniffed.encoding.toUpperCase()} text, as JSON must be`, {}, { cause: error });
    }
    throw error;
  }
}

async function withObjects(
  inputPath: string,
  outputPath: string,
  options: ResolvedStageOptions,
  read: (chunks: AsyncIterable<string>, sink: ObjectSink) => Promise<void>,
): Promise<StagedFile> {
  const bodyPath = `${outputPath}.body`;
  const input = await open(inputPath, 'r');
  try {
    const body = await StagedWriter.create(bodyPath);
    const sink = new ObjectSink(body, options);
    try {
      await read(decodeChunks(input), sink);
    } finally {
      await body.close();
    }
    const headers = [...sink.columns.keys()];
    const maxLineBytes = await assemble(outputPath, bodyPath, headers.length, sink);
    return {
      path: outputPath,
      headers,
      headerRow: 0,
      rows: sink.rows,
      encoding: 'utf-8',
      overlongRows: { count: 0, rows: [] },
      maxLineBytes,
    };
  } finally {
    await input.close();
    await rm(bodyPath, { force: true });
  }
}

/** Writes the header line, then the body, padding the lines written before the last key appeared. */
async function assemble(outputPath: string, bodyPath: string, width: number, sink: ObjectSink): Promise<number> {
  const output = await StagedWriter.create(outputPath);
  const body = await open(bodyPath, 'r');
  let maxLineBytes = 0;
  try {
    await output.line(stagedHeaderLine(width));
    maxLineBytes = output.maxLineBytes;
    const chunk = Buffer.allocUnsafe(READ_BYTES);
    const segments = sink.segments;
    for (let s = 0; s < segments.length; s++) {
      const { offset, width: segmentWidth } = segments[s];
      const end = s + 1 < segments.length ? segments[s + 1].offset : sink.bytes;
      const pad = Buffer.from(','.repeat(width - segmentWidth) + '\n');
      maxLineBytes = Math.max(maxLineBytes, segments[s].maxLineBytes + width - segmentWidth);
      let inQuotes = false;
      for (let at = offset; at < end; ) {
        const { bytesRead } = await body.read(chunk, 0, Math.min(chunk.length, end - at), at);
        if (bytesRead === 0) throw new Error(`Body file ended early at byte ${at} of ${end}`);
        at += bytesRead;
        if (segmentWidth === width) {
          await output.raw(chunk.subarray(0, bytesRead));
          continue;
        }
        // Our own RFC 4180 output: a line ends at a \n outside quotes; "" toggles twice.
        let from = 0;
        for (let k = 0; k < bytesRead; k++) {
          const b = chunk[k];
          if (b === 0x22) inQuotes = !inQuotes;
          else if (b === 0x0a && !inQuotes) {
            await output.raw(chunk.subarray(from, k));
            await output.raw(pad);
            from = k + 1;
          }
        }
        await output.raw(chunk.subarray(from, bytesRead));
      }
    }
  } finally {
    await body.close();
    await output.close();
  }
  return maxLineBytes;
}
