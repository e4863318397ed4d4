/**
 * Generated attendance files for the benchmark: one month of school days, AM and PM
 * marks for every pupil, valid 6-digit URNs, UPNs with a valid DfE check letter (in the
 * fictitious LA 999, as the demo's) and a realistic mix of codes. Written by DuckDB (COPY … TO csv) from arithmetic on the row
 * number only, so the same size always gives the same bytes; a file already present is
 * reused. The faulty variant is the same file with the faults partners send: a wrong UPN
 * check letter in 1 row in 100 (R004) and 1 row in 1,000 repeating the key of the row
 * before it (R007), all within the rejection threshold.
 */
import { mkdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { sqlString } from './duckdb';

/** The month every generated file covers; its landing key uses it as the period. */
export const BENCH_PERIOD = '2024-09';

const DEFAULT_SCHOOLS = 100;

/** The UPN check letters, A=0 … Z=22 (no I, O or S). */
const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

export interface AttendanceFileOptions {
  /** Data rows (pupil × school day × session). */
  readonly rows: number;
  /** Folder the file is kept in. */
  readonly dir: string;
  /** Schools the pupils are spread over. @default 100 */
  readonly schools?: number;
  /** The faulty variant (see above). @default false */
  readonly faulty?: boolean;
}

export interface AttendanceFile {
  readonly path: string;
  readonly rows: number;
  readonly bytes: number;
  readonly pupils: number;
  readonly schools: number;
  readonly schoolDays: number;
  /** The rows a correct ingest rejects: none, or those of the faulty variant. */
  readonly faultyRows: number;
}

/**
 * Returns the attendance file of `rows` rows, generating it when it is not there yet.
 * The pupils are as many as the rows need (rows ÷ (2 × school days)), so that no key
 * repeats: a real month holds each (school, pupil, day, session) once.
 */
export async function attendanceFile(options: AttendanceFileOptions): Promise<AttendanceFile> {
  const schools = options.schools ?? DEFAULT_SCHOOLS;
  const schoolDays = weekdaysOf(BENCH_PERIOD);
  const sessions = 2 * schoolDays;
  const pupils = Math.ceil(options.rows / sessions);
  const faulty = options.faulty ?? false;
  const path = join(options.dir, `attendance-${options.rows}${schools === DEFAULT_SCHOOLS ? '' : `-${schools}-schools`}${faulty ? '-faulty' : ''}.csv`);
  // Rows n ≡ 50 (mod 100) and n ≡ 999 (mod 1000): never the same row.
  const faultyRows = faulty ? Math.floor((options.rows + 49) / 100) + Math.floor(options.rows / 1000) : 0;
  const facts = { path, rows: options.rows, pupils, schools, schoolDays, faultyRows };
  const existing = await stat(path).catch(() => undefined);
  if (existing) return { ...facts, bytes: existing.size };

  await mkdir(options.dir, { recursive: true });
  const partial = `${path}.partial`;
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    preserve_insertion_order: 'true',
    memory_limit: '2GB',
  });
  const db = await instance.connect();
  try {
    const perSchool = Math.ceil(pupils / schools);
    // Row n: pupil n ÷ sessions, school day (n ÷ 2) mod days, AM when n is even.
    await db.run(`
      COPY (
        WITH days AS (
          SELECT row_number() OVER (ORDER BY d) - 1 AS day_index, strftime(d, '%Y-%m-%d') AS date
          FROM range(DATE '${BENCH_PERIOD}-01', DATE '${BENCH_PERIOD}-01' + INTERVAL 1 MONTH, INTERVAL 1 DAY) AS t(d)
          WHERE isodow(d) < 6
        ),
        marks AS (
          SELECT n, n // ${sessions} AS pupil, (n // 2) % ${schoolDays} AS day_index, n % 2 = 0 AS am,
                 -- a multiplicative hash of the row number: uniform in [0, 1000)
                 ((n * 2654435761) % 4294967296) * 1000 // 4294967296 AS roll
          FROM range(${options.rows}) AS r(n)
        ),
        pupils AS (
          SELECT p AS pupil, p // ${perSchool} AS school,
                 '999' || lpad(CAST(2000 + p // ${perSchool} AS VARCHAR), 4, '0') || lpad(CAST(p % ${perSchool} AS VARCHAR), 5, '0') AS digits
          FROM range(${pupils}) AS r(p)
        ),
        upns AS (
          SELECT pupil, school,
                 substr('${UPN_LETTERS}', CAST(1 + list_sum(list_transform(range(12), i -> (i + 2) * CAST(substr(digits, i + 1, 1) AS INTEGER))) % 23 AS BIGINT), 1) || digits AS upn
          FROM pupils
        )
        SELECT CAST(100000 + 7919 * upns.school % 900000 AS VARCHAR) AS school_urn,
               -- Faulty: another check letter; the PM of a day marked AM again (n odd).
               CASE WHEN ${faulty} AND n % 100 = 50 THEN CASE WHEN upns.upn LIKE 'A%' THEN 'B' ELSE 'A' END || substr(upns.upn, 2)
                    ELSE upns.upn END AS upn,
               days.date,
               CASE WHEN am OR (${faulty} AND n % 1000 = 999) THEN 'AM' ELSE 'PM' END AS session,
               CASE
                 WHEN roll < 925 THEN CASE WHEN am THEN '/' ELSE '\\' END
                 WHEN roll < 945 THEN 'I'  WHEN roll < 957 THEN 'O' WHEN roll < 965 THEN 'L'
                 WHEN roll < 972 THEN 'M'  WHEN roll < 978 THEN 'C' WHEN roll < 983 THEN 'G'
                 WHEN roll < 987 THEN 'E'  WHEN roll < 990 THEN 'B' WHEN roll < 992 THEN 'U'
                 WHEN roll < 994 THEN 'N'  WHEN roll < 995 THEN 'H' WHEN roll < 996 THEN 'R'
                 WHEN roll < 997 THEN 'V'  WHEN roll < 998 THEN 'P' WHEN roll < 999 THEN 'S'
                 ELSE 'T'
               END AS code
        FROM marks JOIN upns USING (pupil) JOIN days USING (day_index)
        ORDER BY n
      ) TO ${sqlString(partial)} (FORMAT CSV, HEADER, QUOTE '"')`);
  } finally {
    db.closeSync();
    instance.closeSync();
  }
  await rename(partial, path);
  return { ...facts, bytes: (await stat(path)).size };
}

/** Monday to Friday days of a `YYYY-MM` month (bank holidays aside: none in September 2024). */
function weekdaysOf(period: string): number {
  const [y, m] = period.split('-').map(Number);
  let count = 0;
  for (let d = 1; d <= new Date(Date.UTC(y, m, 0)).getUTCDate(); d++) {
    const dow = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
    if (dow !== 0 && dow !== 6) count++;
  }
  return count;
}
