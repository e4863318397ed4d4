/**
 * Builds the tables the indicator SQL reads (functions/engine/engine.ts) in an
 * in-memory DuckDB: every dataset table with the columns of its contract (plus
 * upload_id, source_row, the partition column and `x_local_date` for each datetime),
 * `uploads`, and the real `calendar`. Tests insert the few rows they need and run the
 * real SQL through a QueryEngine wrapper.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { DATASETS, getDataset, partitionColumn, type ColumnType } from '../../schemas';
import type { QueryEngine, Row } from '../../functions/engine/engine';
import { registerCalendar } from '../../functions/indicators/calendar';
import { sharedViewStatements } from '../../functions/indicators/shared-views';
import { bindParameters, periodRange } from '../../functions/indicators/parameters';
import { loadIndicatorSql } from '../../functions/indicators/sql-files';

const SQL_TYPE: Record<ColumnType, string> = {
  id: 'VARCHAR', code: 'VARCHAR', text: 'VARCHAR', upn: 'VARCHAR', nhs: 'VARCHAR', postcode: 'VARCHAR',
  date: 'DATE', dob: 'DATE', datetime: 'TIMESTAMP', int: 'BIGINT', number: 'DOUBLE', bool: 'BOOLEAN',
};

const londonDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** A 32-hex pseudonym made from a short label, like the ingest's HMAC output. */
export function pseudo(label: string): string {
  let h = 0x811c9dc5;
  const out: string[] = [];
  for (let round = 0; round < 4; round++) {
    for (const ch of `${round}:${label}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    out.push(h.toString(16).padStart(8, '0'));
  }
  return out.join('');
}

function literal(value: unknown, type: string): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return String(value);
  const text = `'${String(value).replaceAll("'", "''")}'`;
  return type === 'VARCHAR' ? text : `CAST(${text} AS ${type})`;
}

export interface InsertOptions {
  /** For snapshot datasets: the snapshot date. @default '2030-01-01' */
  readonly snapshotDate?: string;
  /** For month and year datasets: the period; by default the month of the row's period date. */
  readonly period?: string;
  /** @default 'fixture' */
  readonly uploadId?: string;
}

export interface UploadOptions {
  /** @default 'ACCEPTED' */
  readonly status?: 'ACCEPTED' | 'ACCEPTED_WITH_ERRORS' | 'REJECTED' | 'DUPLICATE';
  /** @default `${dataset}.${period}` */
  readonly uploadId?: string;
  /** @default true */
  readonly isCurrent?: boolean;
}

export interface FixtureDb {
  readonly engine: QueryEngine;
  readonly connection: DuckDBConnection;
  /** Inserts rows into a dataset table; datetime values are ISO strings (UTC with Z). */
  insert(dataset: string, rows: readonly Record<string, unknown>[], options?: InsertOptions): Promise<void>;
  /** Adds one receipt to `uploads`. */
  upload(dataset: string, period: string, options?: UploadOptions): Promise<void>;
  /**
   * Marks every dataset covered for the months `from`..`to` (month datasets), the
   * year of `to` (year datasets) and a snapshot dated `snapshotDate` (@default the
   * last day of `to`), so that statuses are OK unless a test removes something.
   */
  coverEverything(from: string, to: string, snapshotDate?: string): Promise<void>;
  close(): Promise<void>;
}

/** Converts DuckDB's JS values to the engine contract's plain values. */
export function toPlain(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return type === 'DATE' ? value.toISOString().slice(0, 10) : value.toISOString();
  return value;
}

/** Wraps a DuckDB connection as a QueryEngine. */
export function duckDbEngine(connection: DuckDBConnection, close: () => void = () => {}): QueryEngine {
  return {
    async query(sql: string): Promise<Row[]> {
      const reader = await connection.runAndReadAll(sql);
      const names = reader.columnNames();
      const types = reader.columnTypes().map(String);
      return reader.getRowsJS().map((values) => {
        const row: Row = {};
        names.forEach((n, i) => { row[n] = toPlain(values[i], types[i]); });
        return row;
      });
    },
    async close() { close(); },
  };
}

export async function createFixtureDb(): Promise<FixtureDb> {
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', threads: '1' });
  const connection = await instance.connect();
  await registerCalendar(connection);
  await connection.run(`CREATE TABLE uploads (dataset VARCHAR, partner VARCHAR, period VARCHAR, upload_id VARCHAR,
    status VARCHAR, rows_accepted BIGINT, received_at TIMESTAMP, is_current BOOLEAN)`);
  const columnTypes = new Map<string, Map<string, string>>();
  for (const contract of DATASETS) {
    const columns = new Map<string, string>();
    for (const c of contract.columns) {
      columns.set(c.name, SQL_TYPE[c.type]);
      if (c.type === 'datetime') columns.set(`${c.name}_local_date`, 'DATE');
    }
    columns.set('upload_id', 'VARCHAR');
    columns.set('source_row', 'BIGINT');
    columns.set(partitionColumn(contract), contract.cadence === 'snapshot' ? 'DATE' : 'VARCHAR');
    columnTypes.set(contract.name, columns);
    const list = [...columns].map(([n, t]) => `"${n}" ${t}`).join(', ');
    await connection.run(`CREATE TABLE ${contract.name} (${list})`);
  }
  // The views the engines share, over the tables above.
  for (const statement of sharedViewStatements()) await connection.run(statement);

  const db: FixtureDb = {
    engine: duckDbEngine(connection),
    connection,
    async insert(dataset, rows, options = {}) {
      if (rows.length === 0) return;
      const contract = getDataset(dataset);
      const columns = columnTypes.get(dataset)!;
      const periodColumn = contract.columns.find((c) => c.periodDate)?.name;
      const values = rows.map((row, index) => {
        const full: Record<string, unknown> = { ...row };
        for (const c of contract.columns) {
          if (c.type === 'datetime' && full[c.name] != null) {
            full[`${c.name}_local_date`] = londonDate.format(new Date(String(full[c.name])));
          }
        }
        full.upload_id = options.uploadId ?? 'fixture';
        full.source_row = index + 2;
        if (contract.cadence === 'snapshot') full.snapshot_date = options.snapshotDate ?? '2030-01-01';
        else {
          const dated = periodColumn ? full[`${periodColumn}_local_date`] ?? full[periodColumn] : undefined;
          full.period = options.period ?? (dated ? String(dated).slice(0, 7) : '2000');
        }
        for (const key of Object.keys(full)) {
          if (!columns.has(key)) throw new Error(`Fixture for ${dataset} has unknown column ${key}`);
        }
        return `(${[...columns].map(([n, t]) => literal(full[n], t)).join(', ')})`;
      });
      await connection.run(`INSERT INTO ${dataset} (${[...columns.keys()].map((n) => `"${n}"`).join(', ')}) VALUES ${values.join(', ')}`);
    },
    async upload(dataset, period, options = {}) {
      const contract = getDataset(dataset);
      await connection.run(`INSERT INTO uploads VALUES (${[
        literal(dataset, 'VARCHAR'), literal(contract.partner, 'VARCHAR'), literal(period, 'VARCHAR'),
        literal(options.uploadId ?? `${dataset}.${period}`, 'VARCHAR'), literal(options.status ?? 'ACCEPTED', 'VARCHAR'),
        '1', "TIMESTAMP '2024-01-01 00:00:00'", literal(options.isCurrent ?? true, 'BOOLEAN'),
      ].join(', ')})`);
    },
    async coverEverything(from, to, snapshotDate) {
      const lastDay = new Date(Date.UTC(Number(to.slice(0, 4)), Number(to.slice(5, 7)), 0)).toISOString().slice(0, 10);
      for (const contract of DATASETS) {
        if (contract.cadence === 'snapshot') await db.upload(contract.name, snapshotDate ?? lastDay);
        else if (contract.cadence === 'year') await db.upload(contract.name, to.slice(0, 4));
        else for (const month of periodRange(from, to)) await db.upload(contract.name, month);
      }
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
  return db;
}


/** Runs every indicator SQL file for a period and returns the rows by indicator id. */
export async function sqlValues(db: FixtureDb, period: string): Promise<Map<string, Row>> {
  const out = new Map<string, Row>();
  for (const file of await loadIndicatorSql()) {
    for (const row of await db.engine.query(bindParameters(file.sql, period, file.name))) out.set(String(row.indicator_id), row);
  }
  return out;
}

/** The figures of one indicator row, for compact assertions. */
export function figures(row: Row | undefined): Record<string, unknown> {
  if (!row) throw new Error('no row');
  const { numerator, denominator, value, ytd_numerator, ytd_denominator, ytd_value } = row;
  return { numerator, denominator, value, ytd_numerator, ytd_denominator, ytd_value };
}

/** Population rows for a year: `perAge` people at each age 0..`maxAge`. */
export async function insertPopulation(db: FixtureDb, year: string, perAge: number, maxAge = 25): Promise<void> {
  const rows = Array.from({ length: maxAge + 1 }, (_, age) => ({ age, count: perAge }));
  await db.insert('population', rows, { period: year });
}

/** A fresh fixture database per test file section, closed afterwards. */
export async function withDb<T>(fn: (db: FixtureDb) => Promise<T>): Promise<T> {
  const db = await createFixtureDb();
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
