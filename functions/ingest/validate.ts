/**
 * Validation, pseudonymisation and the Parquet write, vectorised in DuckDB.
 *
 * The staged file (see ./read) is loaded once; each contract column is checked over its
 * DISTINCT values (a dictionary per column), so a check letter, a time zone or an HMAC
 * runs once per distinct value however many rows repeat it. Row rules (R005, R008) and
 * cross-row rules (R007, R010) then run as set operations, accepted rows go to Parquet
 * and rejected ones to quarantine, each with its codes and the partner's row numbers.
 */
import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnSpec, DatasetContract, RowCode } from '../../schemas';
import { dictionarySql, columnSql, MACROS, type DateContext } from './sql-types';
import type { HeaderMatch } from './headers';
import type { StagedFile } from './read';

export interface IssueSummary {
  readonly code: string;
  readonly column: string;
  readonly count: number;
  /** The partner's row numbers, the first 100. */
  readonly rows: number[];
}

export interface ValidationResult {
  readonly rowsRead: number;
  readonly rowsRejected: number;
  readonly errors: IssueSummary[];
  readonly warnings: IssueSummary[];
}

export interface ValidateOptions {
  readonly connection: DuckDBConnection;
  readonly contract: DatasetContract;
  readonly staged: StagedFile;
  readonly match: HeaderMatch;
  readonly dates: DateContext;
  readonly pseudonymKey: Buffer;
}

/** Runs every row and cross-row check; leaves the tables the writers below read. */
export async function validate(options: ValidateOptions): Promise<ValidationResult> {
  const { connection: db, contract, staged, match, dates } = options;
  await db.run(MACROS);
  const mapped = mappedColumns(contract, match);

  // Two passes over the staged file and nothing as wide as the file is kept: the first
  // gathers each column's distinct values (its dictionary, checked once per value), the
  // second keeps per row only its number and one small dictionary id per column.
  const positional = ['__row', '__overlong', ...staged.headers.map((_, i) => `c${i + 1}`)];
  const columnsArg = `{${positional.map((c) => `'${c}': '${c === '__row' ? 'BIGINT' : 'VARCHAR'}'`).join(', ')}}`;
  // DuckDB refuses lines over 2 MB unless told; the reader reports the longest it wrote.
  const lineLimit = staged.maxLineBytes > 2_000_000 ? `, max_line_size = ${staged.maxLineBytes + 1}` : '';
  const staging = `read_csv(${lit(staged.path)}, header = true, auto_detect = false, columns = ${columnsArg},
                  delim = ',', quote = '"', escape = '"', new_line = '\\n', strict_mode = false${lineLimit})`;
  const cell = (position: number) => `coalesce(c${position + 1}, '')`;
  if (mapped.length) {
    await db.run(`
      CREATE OR REPLACE TEMP TABLE distinct_values AS
      SELECT grouping_id(${mapped.map(({ position }) => `raw_${position}`).join(', ')}) AS g
             ${mapped.map(({ position }) => `, raw_${position}`).join('')}
      FROM (SELECT ${mapped.map(({ position }) => `${cell(position)} AS raw_${position}`).join(', ')} FROM ${staging})
      GROUP BY GROUPING SETS (${mapped.map(({ position }) => `(raw_${position})`).join(', ')})`);
  }
  for (const [i, { column, position }] of mapped.entries()) {
    // grouping_id sets a bit for each column not grouped: all but this one.
    const only = (2 ** mapped.length - 1) - 2 ** (mapped.length - 1 - i);
    const distinctRaw = `SELECT raw_${position} AS raw FROM distinct_values WHERE g = ${only}`;
    // `k` numbers the distinct parsed values (for R007); it is joined on rather than
    // ranked over `v`, as sorting would turn a -0 into 0.
    await db.run(`
      CREATE OR REPLACE TEMP TABLE "d_${column.name}" AS
      WITH dictionary AS MATERIALIZED (
        SELECT CAST(row_number() OVER () AS INTEGER) AS id, * FROM (${dictionarySql(column, distinctRaw, dates)})),
      numbered AS (SELECT v, CAST(row_number() OVER () AS INTEGER) AS k FROM (SELECT DISTINCT v FROM dictionary WHERE v IS NOT NULL))
      SELECT dictionary.*, numbered.k FROM dictionary LEFT JOIN numbered ON dictionary.v = numbered.v`);
    if (column.pseudonym) await buildPseudonyms(db, column, options.pseudonymKey);
  }
  await db.run('DROP TABLE IF EXISTS distinct_values');
  await db.run(`
    CREATE OR REPLACE TEMP TABLE ids AS
    SELECT s.__row, s.__overlong = '1' AS __overlong ${mapped.map(({ column: c }) => `, "d_${c.name}".id AS "i_${c.name}"${contract.key.includes(c.name) ? `, "d_${c.name}".k AS "k_${c.name}"` : ''}`).join('')}
    FROM ${staging} AS s
    ${mapped.map(({ column: c, position }) => `LEFT JOIN "d_${c.name}" ON coalesce(s.c${position + 1}, '') = "d_${c.name}".raw`).join('\n')}`);
  const joined = (table: string) => mapped.map(({ column: c }) => `LEFT JOIN "d_${c.name}" ON ${table}."i_${c.name}" = "d_${c.name}".id`).join('\n');
  // The values as sent (trimmed), for the quarantine of rejected rows.
  await db.run(`
    CREATE OR REPLACE TEMP VIEW src AS
    SELECT ids.__row ${mapped.map(({ column: c }) => `, "d_${c.name}".r AS "r_${c.name}"`).join('')}
    FROM ids ${joined('ids')}`);

  // One row per data row: parsed values, one error code per column, the row rules.
  const present = new Set(mapped.map((m) => m.column.name));
  const valueOf = (name: string) => (present.has(name) ? `"d_${name}".v` : 'NULL');
  const errorOf = (name: string) => (present.has(name) ? `"d_${name}".e` : 'NULL');
  const absent = (name: string) => `(${valueOf(name)} IS NULL AND ${errorOf(name)} IS NULL)`;
  const ruleColumns = contract.rules.map((rule, i) => {
    switch (rule.kind) {
      case 'order':
        return `CASE WHEN ${errorOf(rule.earlier)} IS NULL AND ${errorOf(rule.later)} IS NULL AND ${valueOf(rule.later)} < ${valueOf(rule.earlier)} THEN '${rule.later}' END AS "rule_${i}"`;
      case 'requires':
        return `CASE WHEN ${valueOf(rule.when)} IS NOT NULL AND ${absent(rule.column)} THEN '${rule.column}' END AS "rule_${i}"`;
      case 'together':
        return `CASE WHEN ${absent(rule.columns[0])} AND NOT ${absent(rule.columns[1])} AND ${errorOf(rule.columns[1])} IS NULL THEN '${rule.columns[0]}'
                     WHEN ${absent(rule.columns[1])} AND NOT ${absent(rule.columns[0])} AND ${errorOf(rule.columns[0])} IS NULL THEN '${rule.columns[1]}' END AS "rule_${i}"`;
      case 'requiredWhenEquals':
        return `CASE WHEN ${valueOf(rule.when)} = ${lit(rule.equals)} AND ${absent(rule.column)} THEN '${rule.column}' END AS "rule_${i}"`;
    }
  });
  // A view: each reader joins only what it reads, by integer id.
  await db.run(`
    CREATE OR REPLACE TEMP VIEW checked AS
    SELECT ids.__row, ids.__overlong
      ${mapped.map(({ column: c }) => `, ids."i_${c.name}", "d_${c.name}".v AS "v_${c.name}", "d_${c.name}".e AS "e_${c.name}"${c.weekdayExpected ? `, "d_${c.name}".w AS "w_${c.name}"` : ''}${c.type === 'datetime' ? `, "d_${c.name}".ld AS "ld_${c.name}"` : ''}`).join('')}
      ${ruleColumns.map((r) => `, ${r}`).join('')}
    FROM ids ${joined('ids')}`);

  // Row-level issues, one row per (row, code, column).
  const v = (name: string) => (present.has(name) ? `"v_${name}"` : 'NULL');
  const e = (name: string) => (present.has(name) ? `"e_${name}"` : 'NULL');
  const issueSelects = [
    `SELECT __row, 'R002' AS code, '(row)' AS col FROM ids WHERE __overlong`,
    ...mapped.map(({ column: c }) => `SELECT ids.__row, d.e AS code, '${c.name}' AS col FROM ids JOIN (SELECT id, e FROM "d_${c.name}" WHERE e IS NOT NULL) AS d ON ids."i_${c.name}" = d.id`),
    ...contract.rules.map((rule, i) => `SELECT __row, '${rule.code}' AS code, "rule_${i}" AS col FROM checked WHERE "rule_${i}" IS NOT NULL`),
  ];
  await db.run(`CREATE OR REPLACE TEMP TABLE issues AS ${issueSelects.join('\nUNION ALL\n')}`);

  // R007: the second and later rows with the same normalised key. Each dictionary gives
  // equal parsed values one number `k`, so keys compare as integers; grouping by one hash
  // of them is cheaper still, and only rows whose hash repeats are compared in full.
  // (A JSON nil return has no columns at all, and so no keys to compare.)
  if (contract.key.every((k) => present.has(k))) {
    const keyNumbers = contract.key.map((k) => `"k_${k}"`);
    await db.run(`
      INSERT INTO issues
      WITH keyed AS (
        SELECT __row, ${keyNumbers.map((k, i) => `${k} AS k${i}`).join(', ')}
        FROM ids WHERE ${keyNumbers.map((k) => `${k} IS NOT NULL`).join(' AND ')}),
      hashed AS (SELECT __row, hash(${contract.key.map((_, i) => `k${i}`).join(', ')}) AS h FROM keyed),
      repeated AS (SELECT h FROM hashed GROUP BY h HAVING count(*) > 1),
      candidates AS (SELECT keyed.* FROM keyed SEMI JOIN (SELECT __row FROM hashed SEMI JOIN repeated USING (h)) AS r USING (__row)),
      ranked AS (SELECT __row, min(__row) OVER (PARTITION BY ${contract.key.map((_, i) => `k${i}`).join(', ')}) AS first_row FROM candidates)
      SELECT __row, 'R007', '${contract.key.join(',')}' FROM ranked WHERE __row > first_row`);
  }

  // R010: overlapping [start, end) intervals of one child, among rows otherwise valid.
  for (const rule of contract.crossRowRules) {
    if (!present.has(rule.by) || !present.has(rule.start)) continue;
    const end = (t: string) => (present.has(rule.end) ? `coalesce(${t}.${v(rule.end)}, DATE '9999-12-31')` : `DATE '9999-12-31'`);
    await db.run(`
      INSERT INTO issues
      WITH ok AS (SELECT * FROM checked WHERE __row NOT IN (SELECT __row FROM issues))
      SELECT DISTINCT a.__row, 'R010', '${rule.by}'
      FROM ok AS a JOIN ok AS b
        ON a.${v(rule.by)} = b.${v(rule.by)} AND a.__row <> b.__row
       AND a.${v(rule.start)} < ${end('b')} AND b.${v(rule.start)} < ${end('a')}`);
  }

  await db.run(`CREATE OR REPLACE TEMP TABLE rejected AS SELECT DISTINCT __row FROM issues`);
  const warningSelects = mapped
    .filter(({ column: c }) => c.weekdayExpected)
    .map(({ column: c }) => `SELECT ids.__row, 'R011' AS code, '${c.name}' AS col FROM ids JOIN (SELECT id FROM "d_${c.name}" WHERE w) AS d ON ids."i_${c.name}" = d.id`);
  await db.run(`CREATE OR REPLACE TEMP TABLE notes AS ${warningSelects.length ? warningSelects.join(' UNION ALL ') : 'SELECT CAST(NULL AS BIGINT) AS __row, CAST(NULL AS VARCHAR) AS code, CAST(NULL AS VARCHAR) AS col WHERE false'}`);

  const [counts] = await rows(db, `SELECT (SELECT count(*) FROM ids) AS n_read, (SELECT count(*) FROM rejected) AS n_rejected`);
  return {
    rowsRead: Number(counts.n_read),
    rowsRejected: Number(counts.n_rejected),
    errors: await summarise(db, 'issues'),
    warnings: await summarise(db, 'notes'),
  };
}

/** The SELECT of accepted rows in curated/ shape: contract columns in order, then lineage. */
export function curatedSelect(contract: DatasetContract, match: HeaderMatch, uploadId: string, dates: DateContext): string {
  const present = new Set(mappedColumns(contract, match).map((m) => m.column.name));
  const columns = contract.columns.flatMap((c) => {
    const type = columnSql(c, dates).sqlType;
    const value = !present.has(c.name) ? `CAST(NULL AS ${type})` : c.pseudonym ? `"p_${c.name}".ps` : `checked."v_${c.name}"`;
    const out = [`${value} AS "${c.name}"`];
    if (c.type === 'datetime') out.push(`${present.has(c.name) ? `checked."ld_${c.name}"` : 'CAST(NULL AS DATE)'} AS "${c.name}_local_date"`);
    return out;
  });
  const joins = contract.columns
    .filter((c) => c.pseudonym && present.has(c.name))
    .map((c) => `LEFT JOIN "p_${c.name}" ON checked."i_${c.name}" = "p_${c.name}".id`);
  return `
    SELECT ${columns.join(', ')}, ${lit(uploadId)} AS upload_id, checked.__row AS source_row
    FROM checked ${joins.join(' ')}
    WHERE NOT EXISTS (SELECT 1 FROM rejected WHERE rejected.__row = checked.__row)
    ORDER BY checked.__row`;
}

/**
 * The SELECT of rejected rows for quarantine: the row number, its codes, and the values
 * as sent, except identifiers and personal details (withheld), with text that a
 * spreadsheet would run as a formula escaped.
 */
export function quarantineSelect(contract: DatasetContract, match: HeaderMatch): string {
  const personal = new Set<ColumnSpec['type']>(['upn', 'nhs', 'dob', 'postcode']);
  const values = mappedColumns(contract, match).map(({ column: c }) => {
    const raw = `src."r_${c.name}"`;
    const shown = c.pseudonym || personal.has(c.type)
      ? `CASE WHEN ${raw} IS NOT NULL THEN '(withheld)' END`
      : `CASE WHEN regexp_matches(${raw}, '^[=+\\-@\\t\\r]') THEN '''' || ${raw} ELSE ${raw} END`;
    return `${shown} AS "${c.name}"`;
  });
  return `
    SELECT src.__row AS "row", i.codes AS "codes" ${values.map((x) => `, ${x}`).join('')}
    FROM src JOIN (SELECT __row, string_agg(DISTINCT code || ' ' || col, '; ' ORDER BY code || ' ' || col) AS codes FROM issues GROUP BY __row) AS i
      ON i.__row = src.__row
    ORDER BY src.__row`;
}

interface Mapped { column: ColumnSpec; position: number }

function mappedColumns(contract: DatasetContract, match: HeaderMatch): Mapped[] {
  const out: Mapped[] = [];
  match.columns.forEach((column, position) => {
    if (column && !out.some((m) => m.column.name === column.name)) out.push({ column, position });
  });
  // Contract order, so that generated SQL reads like the contract.
  return out.sort((a, b) => contract.columns.indexOf(a.column) - contract.columns.indexOf(b.column));
}

/**
 * `p_<column>`: the pseudonym of each dictionary entry's parsed value, by entry `id` (two
 * spellings of one id, `c-1` and `C1`, get the same one). It is the HMAC-SHA256 of
 * ./pseudonymise.ts (`pseudonym()`), RFC 2104 spelt out over DuckDB's `sha256`: vectorised
 * over every core instead of one call per value in JS. The key enters as bound
 * parameters, never in the SQL text.
 */
async function buildPseudonyms(db: DuckDBConnection, column: ColumnSpec, key: Buffer): Promise<void> {
  const block = Buffer.alloc(HMAC_BLOCK_BYTES);
  (key.length > HMAC_BLOCK_BYTES ? createHash('sha256').update(key).digest() : key).copy(block);
  const statement = await db.prepare(`
    CREATE OR REPLACE TEMP TABLE "p_${column.name}" AS
    SELECT id, v, left(sha256($2 || unhex(sha256($1 || encode(${lit(`${column.pseudonym!}:`)} || v)))), 32) AS ps
    FROM "d_${column.name}" WHERE v IS NOT NULL`);
  statement.bindBlob(1, block.map((b) => b ^ 0x36));
  statement.bindBlob(2, block.map((b) => b ^ 0x5c));
  await statement.run();
}

/** SHA-256's block size: HMAC pads (or first hashes) the key to it. */
const HMAC_BLOCK_BYTES = 64;

async function summarise(db: DuckDBConnection, table: string): Promise<IssueSummary[]> {
  const result = await rows(db, `
    SELECT code, col, count(*) AS n, list(__row ORDER BY __row)[1:100] AS sample
    FROM ${table} GROUP BY code, col ORDER BY code, col`);
  return result.map((r) => ({
    code: String(r.code) as RowCode,
    column: String(r.col),
    count: Number(r.n),
    rows: (r.sample as (bigint | number)[]).map(Number),
  }));
}

async function rows(db: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await db.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

/** A SQL string literal. */
export function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
