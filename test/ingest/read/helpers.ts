/**
 * Shared pieces of the reader tests: a scratch folder per test file, fixture files, and
 * the read-back of a staged file through DuckDB exactly as the validation reads it.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll } from 'vitest';
import { stageFile, type StageOptions, type StagedFile } from '../../../functions/ingest/read';

/** The folder of the reader fixtures. */
export const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'read');

/** Creates a scratch folder for the test file, removed afterwards; returns a getter. */
export function scratchFolder(): () => string {
  let folder = '';
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'outturn-read-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });
  return () => folder;
}

let counter = 0;

/** Writes `content` to a new scratch file and stages it; returns the result and the staged text. */
export async function stageContent(
  folder: string,
  content: string | Buffer,
  options: Partial<StageOptions> & Pick<StageOptions, 'format'>,
): Promise<{ staged: StagedFile; text: string }> {
  const input = join(folder, `input-${++counter}.${options.format}`);
  await writeFile(input, content);
  return stagePath(folder, input, options);
}

/** Stages an existing file into the scratch folder. */
export async function stagePath(
  folder: string,
  input: string,
  options: Partial<StageOptions> & Pick<StageOptions, 'format'>,
): Promise<{ staged: StagedFile; text: string }> {
  const output = join(folder, `staged-${++counter}.csv`);
  const staged = await stageFile(input, output, { dataset: 'attendance', ...options });
  return { staged, text: await readFile(output, 'utf8') };
}

/**
 * Reads a staged file back with DuckDB the way the validation does; every value is text
 * (an empty field comes back as null).
 */
export async function readBack(path: string): Promise<Record<string, string | null>[]> {
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', threads: '1' });
  try {
    const connection = await instance.connect();
    try {
      const literal = `'${path.replaceAll("'", "''")}'`;
      const reader = await connection.runAndReadAll(
        `select * from read_csv(${literal}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`,
      );
      const names = reader.columnNames();
      return reader.getRowsJS().map((values) => Object.fromEntries(names.map((name, i) => [name, values[i] as string | null])));
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

/** Catches the error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string; row?: number }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string; row?: number };
  }
  throw new Error('Expected a rejection, but the promise resolved');
}
