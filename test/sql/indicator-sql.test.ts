import { TrinoSQL } from 'dt-sql-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindParameters, PARAMETER_NAMES } from '../../functions/indicators/parameters';
import { loadIndicatorSql, SQL_OUTPUT_COLUMNS, type IndicatorSqlFile } from '../../functions/indicators/sql-files';
import { CATALOGUE } from '../../functions/indicators/catalogue';
import { createFixtureDb, type FixtureDb } from '../indicators/fixtures';

const files: readonly IndicatorSqlFile[] = await loadIndicatorSql();
const trino = new TrinoSQL();

// Constructs that one engine accepts and the other rejects or reads differently
// (measured); the portable subset is documented in functions/indicators/parameters.ts.
const NOT_PORTABLE: readonly [RegExp, string][] = [
  [/::/, 'the :: cast'],
  [/\bqualify\b/i, 'QUALIFY'],
  [/group\s+by\s+all\b/i, 'GROUP BY ALL'],
  [/\bexclude\s*\(/i, 'EXCLUDE'],
  [/\bilike\b/i, 'ILIKE'],
  [/\bconcat\s*\(/i, 'concat()'],
  [/date_diff\s*\(\s*'(?!day')/i, "date_diff other than 'day'"],
  [/\bdatediff\b/i, 'datediff'],
  [/\[/, 'list literals'],
];

const withoutComments = (sql: string) => sql.replace(/--[^\n]*/g, '');

describe('indicator SQL files', () => {
  let db: FixtureDb;
  beforeAll(async () => { db = await createFixtureDb(); });
  afterAll(async () => { await db.close(); });

  it('together return every catalogue indicator exactly once', async () => {
    const ids: string[] = [];
    for (const f of files) {
      const rows = await db.engine.query(bindParameters(f.sql, '2024-09', f.name));
      ids.push(...rows.map((r) => String(r.indicator_id)));
    }
    expect(ids.sort()).toEqual(CATALOGUE.map((d) => d.id).sort());
  });

  it.each(files.map((f) => [f.name, f] as const))('%s is valid Trino SQL once its parameters are bound', (_name, f) => {
    const errors = trino.validate(bindParameters(f.sql, '2024-09', f.name));
    expect(errors).toEqual([]);
  });

  it.each(files.map((f) => [f.name, f] as const))('%s runs on DuckDB with the output columns and types of indicators.md §3', async (_name, f) => {
    const reader = await db.connection.runAndReadAll(bindParameters(f.sql, '2024-09', f.name));
    expect(reader.columnNames()).toEqual([...SQL_OUTPUT_COLUMNS]);
    expect(reader.columnTypes().map(String)).toEqual(['VARCHAR', 'VARCHAR', ...Array(6).fill('DOUBLE')]);
  });

  it.each(files.map((f) => [f.name, f] as const))('%s keeps to the portable subset and the documented parameters', (_name, f) => {
    const body = withoutComments(f.sql);
    for (const [pattern, what] of NOT_PORTABLE) expect(pattern.test(body), `${f.name} uses ${what}`).toBe(false);
    const used = [...body.matchAll(/(?<![:\w]):([a-z_][a-z0-9_]*)/g)].map((m) => m[1]);
    for (const name of used) expect(PARAMETER_NAMES).toContain(name);
    expect(f.sql.startsWith('-- '), 'header comment').toBe(true);
    expect(f.sql).toMatch(/-- Grain: one row per indicator/);
    expect(body.trim()).toMatch(/select \* from final$/);
  });
});
