/**
 * R007's search for repeated keys (functions/ingest/repeats.ts), in real DuckDB, against
 * a count of keys in JavaScript: every row whose key repeats is found, and a file with no
 * repeat says so, on each of the search's three ways (the whole key as bits, bits and
 * groups, the hash of the whole key), chosen by how many values each key column has, over
 * the keys as sent and over parsed keys (where `v0` stands for a value that did not parse).
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repeatedKeys, splitKey, type KeyColumn } from '../../functions/ingest/repeats';

const RUNS = Number(process.env.OUTTURN_FUZZ_RUNS ?? 15) * 4;
const NAMES = ['a', 'b', 'c'] as const;

let instance: DuckDBInstance;
let db: DuckDBConnection;
beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false' });
  db = await instance.connect();
});
afterAll(() => {
  db.closeSync();
  instance.closeSync();
});

type Row = readonly [string, string, string];

/**
 * Loads `rows` as `staged_rows` (`raw_0`…) and `checked` (`"raw_a"`…, parsed `"v_a"`…,
 * with `__row`), with a dictionary per column, as the validation leaves them, and returns
 * the row numbers that the search's predicate selects, searching the keys as sent or the
 * parsed keys.
 */
async function search(rows: readonly Row[], keys: 'sent' | 'parsed' = 'sent'): Promise<{ selected: number[]; predicate: string }> {
  const values = rows.map((r, i) => `(${i}, ${r.map((v) => `'${v}'`).join(', ')})`).join(', ');
  await db.run(`CREATE OR REPLACE TABLE t (__row INTEGER, raw_0 VARCHAR, raw_1 VARCHAR, raw_2 VARCHAR)`);
  if (rows.length) await db.run(`INSERT INTO t VALUES ${values}`);
  await db.run(`CREATE OR REPLACE VIEW staged_rows AS SELECT * FROM t`);
  await db.run(`CREATE OR REPLACE VIEW checked AS SELECT __row,
    ${NAMES.map((name, i) => `raw_${i} AS "raw_${name}", nullif(raw_${i}, 'v0') AS "v_${name}"`).join(', ')} FROM t`);
  const key: KeyColumn[] = [];
  for (const [i, name] of NAMES.entries()) {
    if (keys === 'sent') {
      await db.run(`CREATE OR REPLACE TABLE "d_${name}" AS SELECT DISTINCT raw_${i} AS raw FROM t`);
      key.push({ value: `raw_${i}`, checked: `"raw_${name}"`, dictionary: `"d_${name}"`, distinct: new Set(rows.map((r) => r[i])).size });
    } else {
      const dictionary = `(SELECT DISTINCT "v_${name}" AS raw FROM checked WHERE "v_${name}" IS NOT NULL)`;
      key.push({ value: `"v_${name}"`, checked: `"v_${name}"`, dictionary, distinct: new Set(rows.map((r) => r[i]).filter((v) => v !== 'v0')).size });
    }
  }
  const predicate = (await repeatedKeys(db, keys === 'sent' ? 'staged_rows' : 'checked', key))((k) => k.checked);
  const selected = (await db.runAndReadAll(`SELECT __row FROM checked WHERE ${predicate} ORDER BY __row`)).getRowsJS().map(([r]) => Number(r));
  return { selected, predicate };
}

/** The rows whose whole key another row shares; with parsed keys, none missing a part (`v0`). */
function repeating(rows: readonly Row[], keys: 'sent' | 'parsed' = 'sent'): number[] {
  const count = new Map<string, number>();
  for (const r of rows) count.set(r.join('|'), (count.get(r.join('|')) ?? 0) + 1);
  return rows.flatMap((r, i) => (count.get(r.join('|'))! > 1 && (keys === 'sent' || !r.includes('v0')) ? [i] : []));
}

/** Rows over columns with `sizes[i]` possible values each (`v0`, `v1`, …). */
const rowsOver = (sizes: readonly [number, number, number], maxLength: number) =>
  fc.array(fc.tuple(...sizes.map((n) => fc.nat(n - 1).map((v) => `v${v}`)) as [fc.Arbitrary<string>, fc.Arbitrary<string>, fc.Arbitrary<string>]), { maxLength });

describe('the search for repeated keys', () => {
  it('splits the key: the columns with fewest values as bits while they fit in 63 positions, the rest as groups', () => {
    const col = (name: string, distinct: number) => ({ name, distinct });
    const split = (...key: { name: string; distinct: number }[]) => {
      const { bits, rest } = splitKey(key);
      return [bits.map((k) => k.name), rest.map((k) => k.name)];
    };
    // A month of attendance: one school and many pupils, 21 school days, AM and PM.
    expect(split(col('school', 140), col('upn', 119_000), col('date', 21), col('session', 2))).toEqual([['session', 'date'], ['school', 'upn']]);
    expect(split(col('a', 7), col('b', 9))).toEqual([['a', 'b'], []]);
    expect(split(col('a', 64), col('b', 70))).toEqual([[], ['a', 'b']]);
    expect(split(col('a', 0), col('b', 63))).toEqual([['a', 'b'], []]);
  });

  it('finds every repeated key, and no repeat in a file with none, whichever way it searches', async () => {
    // Value counts that make each way: all bits (2×3×5), bits and groups (3 and 5 as bits,
    // 80 as groups), and the hash (70 and 80 and 90: none fits).
    const sizes = fc.constantFrom<[number, number, number]>([2, 3, 5], [80, 3, 5], [70, 80, 90], [1, 1, 64]);
    const keys = fc.constantFrom<'sent' | 'parsed'>('sent', 'parsed');
    await fc.assert(fc.asyncProperty(sizes.chain((s) => rowsOver(s, 400)), keys, async (rows, way) => {
      const { selected, predicate } = await search(rows, way);
      const expected = repeating(rows, way);
      for (const row of expected) expect(selected).toContain(row);
      if (expected.length === 0) expect(predicate).toBe('false');
    }), { numRuns: RUNS });
  });

  it('takes no key missing a part for a repeat, on each way', async () => {
    for (const sizes of [[80, 3, 5], [2, 3, 5], [70, 80, 90]] as const) {
      const widest = Math.max(...sizes);
      const rows: Row[] = Array.from({ length: widest }, (_, i) => [`v${1 + (i % sizes[0])}`, `v${1 + (i % sizes[1])}`, `v${1 + (i % sizes[2])}`]);
      rows.push(['v0', 'v1', 'v1'], ['v0', 'v1', 'v1'], ['v1', 'v0', 'v1'], ['v1', 'v0', 'v1']);
      expect((await search(rows, 'parsed')).predicate).toBe('false');
      expect((await search(rows, 'sent')).selected).toEqual(expect.arrayContaining([widest, widest + 1, widest + 2, widest + 3]));
    }
  });

  it.each([
    ['bits and groups', [80, 3, 5] as const, /^hash\("raw_a"\) IN/],
    ['the whole key as bits', [2, 3, 5] as const, /^true$/],
    ['the hash of the whole key', [70, 80, 90] as const, /^hash\("raw_a", "raw_b", "raw_c"\) IN/],
  ])('selects only the rows of a group holding a repeat, by %s', async (_, sizes, way) => {
    // Every value of every column once (so each column has exactly its size), then row 0 again.
    const widest = Math.max(...sizes);
    const rows: Row[] = Array.from({ length: widest }, (_, i) => [`v${i % sizes[0]}`, `v${i % sizes[1]}`, `v${i % sizes[2]}`]);
    rows.push(rows[0]);
    const { selected, predicate } = await search(rows);
    expect(predicate).toMatch(way);
    expect(selected).toEqual(expect.arrayContaining([0, rows.length - 1]));
    if (way.source !== '^true$') expect(selected.length).toBeLessThan(rows.length / 2);
  });
});
