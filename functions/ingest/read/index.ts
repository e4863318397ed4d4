/**
 * The ingest's file readers: any accepted partner file (datasets.md §2) in, one
 * normalised "staged" CSV out, which DuckDB reads at full speed with
 * `read_csv(path, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`.
 *
 * The staged file is UTF-8 with `\n` line ends and RFC 4180 quoting. Its first line is
 * `__row,__overlong,c1,...,cN` (N = headers.length); then one line per non-blank data
 * record: the partner's row number, `1` when non-empty fields beyond the header's width
 * were dropped (else `0`), then exactly N values as sent (not trimmed).
 *
 * A plain CSV file (./direct-csv.ts) skips all this: DuckDB's reader writes its rows as
 * Parquet, columns c1..cN in file order, and the row numbers follow from the order.
 *
 * @example
 * const staged = await stageFile('upload.csv', '/tmp/upload.staged.csv', { format: 'csv', dataset: 'attendance' });
 * // staged.headers -> ['school_urn', 'upn', 'date', 'session', 'code']; staged.rows -> 5_000_000
 */
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { stageCsv } from './csv';
import { stageDirectCsv } from './direct-csv';
import { stageJson, stageNdjson } from './json';
import { resolveStageOptions, type StageOptions, type StagedFile } from './stage-options';
import { stageXlsx } from './xlsx';

export { FILE_FAULT_CODES, FileFault, type FileFaultCode, type FileFaultContext } from './file-fault';
export {
  FILE_FORMATS,
  OVERLONG_SAMPLE,
  resolveStageOptions,
  type FileFormat,
  type ResolvedStageOptions,
  type SourceEncoding,
  type StageOptions,
  type StagedFile,
} from './stage-options';

/**
 * Reads the partner file at `inputPath` and writes the staged CSV to `outputPath`
 * (created or replaced). Throws `FileFault` (F003, F005, F006) for a file that cannot be
 * staged; any other error is a fault of the environment (disk, permissions).
 */
export async function stageFile(inputPath: string, outputPath: string, options: StageOptions): Promise<StagedFile> {
  const resolved = resolveStageOptions(options);
  switch (resolved.format) {
    case 'csv':
      return stageCsv(inputPath, outputPath, resolved);
    case 'xlsx':
      return stageXlsx(inputPath, outputPath, resolved);
    case 'json':
      return stageJson(inputPath, outputPath, resolved);
    case 'ndjson':
      return stageNdjson(inputPath, outputPath, resolved);
  }
}

/**
 * What the ingest calls: a plain CSV file straight through DuckDB's reader into
 * `<workDir>/staged.parquet` (./direct-csv.ts), anything else through `stageFile` into
 * `<workDir>/staged.csv`. Either way the validation reads the same rows.
 */
export async function stageUpload(db: DuckDBConnection, inputPath: string, workDir: string, options: StageOptions): Promise<StagedFile> {
  if (options.format === 'csv') {
    const direct = await stageDirectCsv(db, inputPath, join(workDir, 'staged.parquet'), resolveStageOptions(options));
    if (direct) return direct;
  }
  return stageFile(inputPath, join(workDir, 'staged.csv'), options);
}
