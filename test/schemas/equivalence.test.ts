/**
 * The zod contracts and the production SQL validator agree: random rows of valid and
 * near-miss cell texts are written as a partner's CSV, staged and validated by the real
 * ingest functions in DuckDB, and checked by the zod row schema and cross-row rules; per
 * row, the (rule code, column) pairs must be the same, and per accepted row the stored
 * values (before pseudonymisation) too.
 *
 * OUTTURN_FUZZ_RUNS sets the runs per dataset (default 15).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDataset, type DatasetContract } from '../../schemas';
import { checkRows, rowSchema, type RowContext } from '../../schemas/row-schema';
import { matchHeaders } from '../../functions/ingest/headers';
import { stageFile } from '../../functions/ingest/read';
import { isBlankField } from '../../functions/ingest/read/staged-writer';
import { pseudonym } from '../../functions/ingest/pseudonymise';
import { SQL_TYPES } from '../../functions/ingest/sql-types';
import { curatedSelect, validate } from '../../functions/ingest/validate';
import { rowsArbitrary } from './arbitraries';

const RUNS = Number(process.env.OUTTURN_FUZZ_RUNS ?? 15);
const KEY = Buffer.alloc(32, 7);

const SNAPSHOT: RowContext = { periodStart: '2024-11-15', periodEnd: '2024-11-15', receivedDate: '2024-11-16', xlsx: false };
const CASES: readonly { dataset: string; context: RowContext }[] = [
  { dataset: 'contacts', context: SNAPSHOT },
  { dataset: 'children', context: SNAPSHOT },
  { dataset: 'lac_episodes', context: SNAPSHOT },
  { dataset: 'cp_plans', context: SNAPSHOT },
  { dataset: 'early_help', context: SNAPSHOT },
  { dataset: 'attendance', context: { periodStart: '2024-10-01', periodEnd: '2024-10-31', receivedDate: '2024-11-04', xlsx: false } },
  { dataset: 'missing_episodes', context: { periodStart: '2024-10-01', periodEnd: '2024-10-31', receivedDate: '2024-11-04', xlsx: false } },
  { dataset: 'lac_health', context: { periodStart: '2024-03-01', periodEnd: '2024-03-31', receivedDate: '2024-04-02', xlsx: false } },
  { dataset: 'targets', context: { periodStart: '2024-01-01', periodEnd: '2024-12-31', receivedDate: '2024-03-20', xlsx: false } },
  { dataset: 'population', context: { periodStart: '2023-01-01', periodEnd: '2023-12-31', receivedDate: '2024-06-20', xlsx: false } },
];

const csvField = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Per row number: the sorted `code column` pairs, and the stored values of accepted rows. */
interface Outcome {
  codes: Map<number, string[]>;
  values: Map<number, Record<string, unknown>>;
}

async function sqlOutcome(
  db: DuckDBConnection, contract: DatasetContract, context: RowContext, rows: Record<string, string>[], work: string, lookup: 'map' | 'join',
): Promise<Outcome> {
  const names = contract.columns.map((c) => c.name);
  const csv = [names.join(','), ...rows.map((r) => names.map((n) => csvField(r[n])).join(','))].join('\n') + '\n';
  const file = join(work, 'upload.csv');
  await writeFile(file, csv);
  const staged = await stageFile(file, join(work, 'staged.csv'), { format: 'csv', dataset: contract.name });
  const match = matchHeaders(staged.headers, contract);
  const { mapLookups } = await validate({ connection: db, contract, staged, match, dates: context, pseudonymKey: KEY, lookup });

  const read = async (sql: string) => (await db.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  const codes = new Map<number, string[]>();
  for (const r of await read(`SELECT __row AS row_number FROM checked`)) codes.set(Number(r.row_number), []);
  for (const r of await read(`SELECT __row AS row_number, code, col FROM issues`)) codes.get(Number(r.row_number))!.push(`${r.code} ${r.col}`);
  for (const list of codes.values()) list.sort();

  // The accepted rows as the curated write stores them (pseudonyms, ENUM-typed text),
  // with stored values joined or looked up in maps.
  const shown = contract.columns.map((c) => {
    const v = `"${c.name}"`;
    const expr = c.type === 'datetime' ? `strftime(${v}, '%Y-%m-%dT%H:%M:%S.%gZ')` : ['date', 'dob'].includes(c.type) || SQL_TYPES[c.type] === 'VARCHAR' ? `CAST(${v} AS VARCHAR)` : v;
    return `${expr} AS "${c.name}"`;
  });
  const values = new Map<number, Record<string, unknown>>();
  for (const r of await read(`SELECT source_row AS row_number, ${shown.join(', ')} FROM (${curatedSelect(contract, match, 'equivalence', context, mapLookups)})`)) {
    const { row_number, ...rest } = r;
    values.set(Number(row_number), Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
  }
  return { codes, values };
}

function zodOutcome(contract: DatasetContract, context: RowContext, rows: Record<string, string>[]): Outcome {
  const checked = checkRows(rowSchema(contract, context), contract, rows);
  // An identifier is stored as the pseudonym of its normalised value.
  const stored = (values: Record<string, unknown>) => Object.fromEntries(Object.entries(values).map(([name, v]) => {
    const kind = contract.columns.find((c) => c.name === name)?.pseudonym;
    return [name, kind && typeof v === 'string' ? pseudonym(KEY, kind, v) : v];
  }));
  return {
    codes: new Map(checked.map((r) => [r.row, r.issues.map((i) => `${i.rule} ${i.column}`).sort()])),
    values: new Map(checked.filter((r) => r.issues.length === 0).map((r) => [r.row, stored(r.values)])),
  };
}

describe('the zod contracts and the SQL validator', () => {
  let instance: DuckDBInstance;
  let db: DuckDBConnection;
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'outturn-equivalence-'));
    instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', threads: '1' });
    db = await instance.connect();
  });
  afterAll(async () => {
    db?.closeSync();
    instance?.closeSync();
    await rm(work, { recursive: true, force: true });
  });

  for (const { dataset, context } of CASES) {
    it(`give every ${dataset} row the same codes and accepted rows the same values`, async () => {
      const contract = getDataset(dataset);
      await fc.assert(
        fc.asyncProperty(rowsArbitrary(contract, context), fc.constantFrom('map' as const, 'join' as const), async (rows, lookup) => {
          const sql = await sqlOutcome(db, contract, context, rows, work, lookup);
          const zod = zodOutcome(contract, context, rows);
          // A row of nothing but blanks is a blank line to the reader: it is no row at all.
          rows.forEach((r, i) => {
            if (!sql.codes.has(i + 2)) expect(Object.values(r).every(isBlankField), `row ${i + 2} is missing from the SQL side`).toBe(true);
          });
          for (const row of sql.codes.keys()) expect({ row, codes: zod.codes.get(row) }).toEqual({ row, codes: sql.codes.get(row) });
          const accepted = (o: Outcome) => [...o.values.keys()].filter((r) => sql.codes.has(r));
          expect(accepted(zod)).toEqual(accepted(sql));
          for (const row of accepted(sql)) expect({ row, values: zod.values.get(row) }).toEqual({ row, values: sql.values.get(row) });
        }),
        { numRuns: RUNS },
      );
    });
  }
});
