/**
 * The indicator SQL files (sql/indicators/*.sql): one query per indicator or per small
 * family sharing a definition, each returning one row per indicator with the columns
 * of {@link SQL_OUTPUT_COLUMNS}. The same text runs on DuckDB and Athena (Trino).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IndicatorError } from './errors';

/** Where the files live in the repository (a Lambda bundle copies the folder beside it). */
export const DEFAULT_SQL_DIR = fileURLToPath(new URL('../../sql/indicators/', import.meta.url));

/** The columns every indicator query returns, in order. */
export const SQL_OUTPUT_COLUMNS = [
  'indicator_id', 'period', 'numerator', 'denominator', 'value', 'ytd_numerator', 'ytd_denominator', 'ytd_value',
] as const;

export interface IndicatorSqlFile {
  /** The file name, e.g. `csc-07-08-re-referrals.sql`. */
  readonly name: string;
  /** The text with `:name` placeholders (functions/indicators/parameters.ts). */
  readonly sql: string;
}

const cache = new Map<string, Promise<readonly IndicatorSqlFile[]>>();

/** Every `.sql` file of a folder, in name order (read once per folder). */
export function loadIndicatorSql(dir: string = DEFAULT_SQL_DIR): Promise<readonly IndicatorSqlFile[]> {
  let files = cache.get(dir);
  if (!files) {
    files = (async () => {
      let names: string[];
      try {
        names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
      } catch (cause) {
        throw new IndicatorError(`Cannot read the indicator SQL folder ${dir}; set sqlDir to the folder holding sql/indicators`, { cause });
      }
      if (names.length === 0) throw new IndicatorError(`No .sql files in ${dir}`);
      return Promise.all(names.map(async (name) => ({ name, sql: await readFile(join(dir, name), 'utf8') })));
    })();
    cache.set(dir, files);
    files.catch(() => cache.delete(dir));
  }
  return files;
}
