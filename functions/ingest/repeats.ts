/**
 * R007's search for repeated keys (as sent, or parsed when two spellings of a value mean
 * the same): which rows may share their key with another row. Grouping every row by its
 * whole key builds a hash table as large as the file (5 million entries for a month of
 * attendance marks: 0.3–0.5 s). Most keys instead have a few columns with few values (a
 * session, a date in the month): those become a bit position, and the rows are grouped
 * by the rest of the key only (a pupil at a school: 119,000 groups), each group counting
 * and OR-ing its rows' bits. Distinct positions set as many bits as there are rows; a
 * repeated position sets one bit for two rows, so the count and the bits set differ
 * exactly when a key repeats in the group (0.06 s on the same file).
 */
import type { DuckDBConnection } from '@duckdb/node-api';

/** One key column, named as the validation's views name it: as sent, or parsed. */
export interface KeyColumn {
  /** Its value in the rows searched. */
  readonly value: string;
  /** The same value in `checked`. */
  readonly checked: string;
  /** Its dictionary: a table or subquery with one row per distinct value, in column `raw`. */
  readonly dictionary: string;
  /** How many distinct values (rows of the dictionary) it has in the file. */
  readonly distinct: number;
}

/** A predicate over rows that name each key column as `column` gives. */
export type RepeatPredicate = (column: (k: KeyColumn) => string) => string;

/** Bit positions 0–62: a BIGINT's bits short of its sign; the sums are HUGEINTs. */
const POSITIONS = 63;

/**
 * Finds the groups of rows in `rows` (`staged_rows` for the keys as sent, `checked` for
 * the parsed keys) whose key repeats, and returns a predicate that is true for every row
 * of those groups (and for rows of another group only when the hashes of the two
 * collide), and is `'false'` when no key repeats: over `checked` with `k => k.checked`,
 * over `rows` with `k => k.value`. A row can share its key with another only if it is in
 * such a group; the caller then compares the parsed keys of those rows. A row missing a
 * part of its key (a NULL parsed value) repeats none.
 */
export async function repeatedKeys(db: DuckDBConnection, rows: string, key: readonly KeyColumn[]): Promise<RepeatPredicate> {
  const { bits, rest } = splitKey(key);
  if (bits.length === 0) {
    // Every key column has many values: the whole key's hash, grouped.
    await db.run(`
      CREATE OR REPLACE TEMP TABLE repeated_keys AS
      SELECT hash(${key.map((k) => k.value).join(', ')}) AS h FROM ${rows}
      WHERE ${key.map((k) => `${k.value} IS NOT NULL`).join(' AND ')}
      GROUP BY h HAVING count(*) > 1`);
    return (await hasRows(db)) ? (column) => `hash(${key.map(column).join(', ')}) IN (SELECT h FROM repeated_keys)` : () => 'false';
  }
  // Each bit column's values numbered 0…n−1; a row's position is its key's bit columns in
  // mixed radix. The first column's map gives each value its bit at that column's place
  // (1 << n·stride), each other column's map the shift its value adds (n·stride): one
  // lookup per column in a map held in a query variable, which DuckDB works out once per
  // value of the staged file's dictionary pages rather than once per row (0.06 s against
  // 0.09 s for list positions and 0.15 s for joins, 5 million attendance rows). A NULL
  // or a value missing from a map gives no bit.
  const shifts: string[] = [];
  let stride = 1;
  for (const [i, k] of [...bits.entries()].reverse()) {
    const step = i === 0 ? `CAST(1 AS BIGINT) << CAST(n * ${stride} AS INTEGER)` : `CAST(n * ${stride} AS INTEGER)`;
    await db.run(`
      SET VARIABLE r007_bits_${i} = (
        SELECT map(list(raw), list(${step})) FROM (SELECT raw, row_number() OVER () - 1 AS n FROM ${k.dictionary} WHERE raw IS NOT NULL))`);
    shifts.unshift(`map_extract_value(getvariable('r007_bits_${i}'), s.${k.value})`);
    stride *= Math.max(k.distinct, 1);
  }
  const [first, ...more] = shifts;
  const bit = more.length ? `${first} << (${more.join(' + ')})` : first;
  // A group is named by the hash of its columns: rows of another group with the same
  // hash become candidates too, which costs time, never a result. Its keys are distinct
  // exactly when its rows' bits are: when it has as many bits set as rows with a bit.
  await db.run(`
    CREATE OR REPLACE TEMP TABLE repeated_keys AS
    SELECT ${rest.length ? 'h' : '1 AS one'} FROM (
      SELECT ${rest.length ? `hash(${rest.map((k) => `s.${k.value}`).join(', ')}) AS h, ` : ''}${bit} AS bit
      FROM ${rows} AS s
      ${rest.length ? `WHERE ${rest.map((k) => `s.${k.value} IS NOT NULL`).join(' AND ')}` : ''})
    ${rest.length ? 'GROUP BY h' : ''}
    HAVING count(bit) <> bit_count(bit_or(bit))`);
  if (!(await hasRows(db))) return () => 'false';
  if (rest.length === 0) return () => 'true';
  return (column) => `hash(${rest.map(column).join(', ')}) IN (SELECT h FROM repeated_keys)`;
}

/**
 * The key columns that make the bit position (the fewest values first, as many as fit in
 * 63 positions) and the rest, which make the groups.
 */
export function splitKey<K extends Pick<KeyColumn, 'distinct'>>(key: readonly K[]): { bits: K[]; rest: K[] } {
  const bits: K[] = [];
  let width = 1;
  for (const k of [...key].sort((a, b) => a.distinct - b.distinct)) {
    if (width * Math.max(k.distinct, 1) > POSITIONS) break;
    width *= Math.max(k.distinct, 1);
    bits.push(k);
  }
  return { bits, rest: key.filter((k) => !bits.includes(k)) };
}

async function hasRows(db: DuckDBConnection): Promise<boolean> {
  const [[n]] = (await db.runAndReadAll(`SELECT count(*) FROM repeated_keys`)).getRowsJS();
  return Number(n) > 0;
}
