/**
 * What a reader is asked to do and what it reports back: the contract between the
 * readers and the SQL validation that reads the staged file.
 */

/** The partner file formats of datasets.md §1, by file-name extension. */
export const FILE_FORMATS = Object.freeze(['csv', 'xlsx', 'json', 'ndjson'] as const);
export type FileFormat = (typeof FILE_FORMATS)[number];

/** Options of `stageFile`. */
export interface StageOptions {
  format: FileFormat;
  /** Prefer the worksheet named after this dataset (case-insensitive); else the first worksheet. */
  dataset: string;
  /**
   * F006 above this many data rows.
   * @default 50_000_000
   */
  maxRows?: number;
  /**
   * F006 when the header has more than this many columns.
   * @default 1_000
   */
  maxColumns?: number;
  /**
   * F006 for a single field longer than this many characters. Excel itself stores at
   * most 32,767 characters in a cell, so nothing a partner exports is longer.
   * @default 32_767
   */
  maxFieldLength?: number;
  /**
   * F006 for a single record (CSV record, JSON object, NDJSON line) longer than this
   * many bytes; bounds the memory one record can take.
   * @default 16 MiB
   */
  maxRecordBytes?: number;
  /**
   * XLSX only: F006 when the workbook's parts add up to more than this many bytes
   * once unzipped (a zip bomb is refused before it is inflated).
   * @default 1 GiB
   */
  maxUnzippedBytes?: number;
}

/** `StageOptions` with every default applied. */
export type ResolvedStageOptions = Required<StageOptions>;

/** Resolves the defaults of `StageOptions` once; readers only see resolved options. */
export function resolveStageOptions(options: StageOptions): ResolvedStageOptions {
  const resolved: ResolvedStageOptions = {
    format: options.format,
    dataset: options.dataset,
    maxRows: options.maxRows ?? 50_000_000,
    maxColumns: options.maxColumns ?? 1_000,
    maxFieldLength: options.maxFieldLength ?? 32_767,
    maxRecordBytes: options.maxRecordBytes ?? 16 * 1024 * 1024,
    maxUnzippedBytes: options.maxUnzippedBytes ?? 1024 * 1024 * 1024,
  };
  if (!FILE_FORMATS.includes(resolved.format)) {
    throw new TypeError(`Unknown file format '${String(resolved.format)}': use one of ${FILE_FORMATS.join(', ')}`);
  }
  for (const name of ['maxRows', 'maxColumns', 'maxFieldLength', 'maxRecordBytes', 'maxUnzippedBytes'] as const) {
    const value = resolved[name];
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`StageOptions.${name} must be a positive integer, got ${value}: omit it for the default`);
    }
  }
  return resolved;
}

/** The text encodings a reader recognises; `binary-xlsx` for workbooks. */
export type SourceEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be' | 'binary-xlsx';

/** What `stageFile` wrote. */
export interface StagedFile {
  /** Path of the staged file written. */
  path: string;
  /**
   * The header cells as sent (trimmed; not otherwise changed), in file order; trailing
   * empty header cells are left out. JSON/NDJSON: union of keys in first-seen order.
   */
  headers: string[];
  /** Partner row number of the header (CSV/XLSX); 0 for JSON/NDJSON, which have none. */
  headerRow: number;
  /** Data records written (blank rows are skipped, not written). */
  rows: number;
  encoding: SourceEncoding;
  /** Row numbers (first 100) and total count of rows that had non-empty fields beyond the header's width. */
  overlongRows: { count: number; rows: number[] };
  /**
   * Bytes of the longest line written, header included: pass at least this (plus one)
   * as read_csv's `max_line_size` when it exceeds DuckDB's 2 MB default.
   */
  maxLineBytes: number;
  /** XLSX: the worksheet read. */
  sheet?: string;
  /**
   * The rows are Parquet (./direct-csv.ts) rather than staged CSV: columns c1..cN only,
   * in file order, every row a data row, data row k (from 0) being row headerRow + 1 + k.
   */
  columnar?: boolean;
}

/** How many overlong row numbers a `StagedFile` lists. */
export const OVERLONG_SAMPLE = 100;
