/**
 * Embedded DuckDB over the local store: the tables of ./engine.ts as views over the
 * curated Parquet that counts, and `uploads` built from the receipts by the same rule
 * the ingest uses (functions/ingest/ledger.ts), so there is one definition of "current".
 */
import { DuckDBInstance, StatementType, type DuckDBConnection, type DuckDBResultReader } from '@duckdb/node-api';
import { DATASETS, partitionColumn, type DatasetContract, type Receipt } from '../../schemas';
import { registerCalendar } from '../indicators/calendar';
import { sharedViewStatements } from '../indicators/shared-views';
import { COUNTING, current, readReceipt } from '../ingest/ledger';
import { SQL_TYPES } from '../ingest/sql-types';
import { curatedKey } from '../store/layout';
import type { LocalStore } from '../store/local-store';
import type { QueryEngine, Row } from './engine';

export interface DuckDbEngineOptions {
  readonly store: LocalStore;
  /** @default '2GB' */
  readonly memoryLimit?: string;
  /** @default DuckDB's own (every core) */
  readonly threads?: number;
}

export class QueryRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryRefusedError';
  }
}

export class DuckDbEngine implements QueryEngine {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    private readonly store: LocalStore,
  ) {}

  static async open(options: DuckDbEngineOptions): Promise<DuckDbEngine> {
    const instance = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      memory_limit: options.memoryLimit ?? '2GB',
      ...(options.threads ? { threads: String(options.threads) } : {}),
    });
    const engine = new DuckDbEngine(instance, await instance.connect(), options.store);
    await registerCalendar(engine.connection);
    await engine.refresh();
    return engine;
  }

  /** Re-reads the receipts and re-points every view (after uploads or indicator runs). */
  async refresh(): Promise<void> {
    const receipts = await this.readReceipts();
    await this.registerUploads(receipts);
    for (const contract of DATASETS) await this.registerDataset(contract, receipts);
    for (const statement of sharedViewStatements()) await this.connection.run(statement);
    await this.registerIndicatorValues();
  }

  async query(sql: string): Promise<Row[]> {
    return toRows(await this.connection.runAndReadAll(sql));
  }

  /**
   * Runs an analyst's SQL read-only: one SELECT, file access only to curated/ and
   * indicators/, no writes anywhere (the sandbox is locked for the rest of this engine's life).
   */
  async queryReadOnly(sql: string): Promise<{ columns: string[]; rows: Row[] }> {
    await this.lockDown();
    const statements = await this.connection.extractStatements(sql);
    if (statements.count !== 1) throw new QueryRefusedError(`Give exactly one SQL statement (got ${statements.count}).`);
    const prepared = await statements.prepare(0);
    if (prepared.statementType !== StatementType.SELECT) {
      throw new QueryRefusedError('Only SELECT queries are allowed: the warehouse is read-only from `outturn query`.');
    }
    const reader = await prepared.runAndReadAll();
    return { columns: reader.columnNames(), rows: toRows(reader) };
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  private locked = false;
  private async lockDown(): Promise<void> {
    if (this.locked) return;
    // Only what analysts may read (operations.md §2): never raw/, landing/, quarantine/,
    // receipts/ or the key under .outturn/.
    const root = this.store.root.replace(/'/g, "''");
    await this.connection.run(`SET allowed_directories = ['${root}/curated/', '${root}/indicators/']`);
    await this.connection.run('SET enable_external_access = false');
    await this.connection.run('SET lock_configuration = true');
    this.locked = true;
  }

  private async readReceipts(): Promise<Receipt[]> {
    const out: Receipt[] = [];
    for await (const object of this.store.list('receipts/')) {
      if (object.key.endsWith('.json')) out.push(await readReceipt(this.store, object.key));
    }
    return out;
  }

  private async registerUploads(receipts: readonly Receipt[]): Promise<void> {
    const currentIds = new Set<string>();
    for (const contract of DATASETS) {
      for (const id of currentUploads(contract, receipts)) currentIds.add(id.upload_id);
    }
    await this.connection.run(`CREATE OR REPLACE TABLE uploads (
      dataset VARCHAR, partner VARCHAR, period VARCHAR, upload_id VARCHAR, status VARCHAR,
      rows_read BIGINT, rows_accepted BIGINT, rows_rejected BIGINT, received_at TIMESTAMP, is_current BOOLEAN, key VARCHAR)`);
    const appender = await this.connection.createAppender('uploads');
    for (const r of receipts) {
      const values = [r.dataset, r.partner, r.period, r.upload_id, r.status];
      for (const v of values) (v === null ? appender.appendNull() : appender.appendVarchar(v));
      appender.appendBigInt(BigInt(r.rows_read));
      appender.appendBigInt(BigInt(r.rows_accepted));
      appender.appendBigInt(BigInt(r.rows_rejected));
      appender.appendVarchar(r.received_at.replace('T', ' ').replace('Z', ''));
      appender.appendBoolean(currentIds.has(r.upload_id));
      appender.appendVarchar(r.key);
      appender.endRow();
    }
    appender.closeSync();
  }

  private async registerDataset(contract: DatasetContract, receipts: readonly Receipt[]): Promise<void> {
    const counting = receipts.filter((r) => r.dataset === contract.name && COUNTING.has(r.status));
    const paths = async (list: readonly Receipt[]) => {
      const out: string[] = [];
      for (const r of list) {
        const key = curatedKey(contract, r.period!, r.upload_id);
        if (await this.store.head(key)) out.push(this.store.localPath(key));
      }
      return out;
    };
    await this.connection.run(`CREATE OR REPLACE VIEW "${contract.name}" AS ${scan(contract, await paths(currentUploads(contract, counting)))}`);
    await this.connection.run(`CREATE OR REPLACE VIEW "${contract.name}_all" AS ${scan(contract, await paths(counting))}`);
  }

  private async registerIndicatorValues(): Promise<void> {
    const files: string[] = [];
    for await (const o of this.store.list('indicators/indicator_values/')) {
      if (o.key.endsWith('.parquet')) files.push(this.store.localPath(o.key));
    }
    const empty = `SELECT CAST(NULL AS VARCHAR) AS indicator_id, CAST(NULL AS VARCHAR) AS period,
      CAST(NULL AS DOUBLE) AS numerator, CAST(NULL AS DOUBLE) AS denominator, CAST(NULL AS DOUBLE) AS value,
      CAST(NULL AS DOUBLE) AS ytd_numerator, CAST(NULL AS DOUBLE) AS ytd_denominator, CAST(NULL AS DOUBLE) AS ytd_value,
      CAST(NULL AS VARCHAR) AS status, CAST(NULL AS TIMESTAMP) AS computed_at, CAST(NULL AS VARCHAR) AS inputs WHERE false`;
    const body = files.length
      ? `SELECT * EXCLUDE (period), period FROM read_parquet([${files.map(sqlString).join(', ')}], hive_partitioning = true, hive_types = {'period': VARCHAR}, union_by_name = true)`
      : empty;
    await this.connection.run(`CREATE OR REPLACE VIEW indicator_values AS ${body}`);
  }
}

/** The uploads whose rows count: the latest snapshot, or the latest upload of each period. */
export function currentUploads(contract: DatasetContract, receipts: readonly Receipt[]): Receipt[] {
  const mine = receipts.filter((r) => r.dataset === contract.name && COUNTING.has(r.status));
  if (contract.cadence === 'snapshot') {
    const latest = current(contract, mine);
    return latest ? [latest] : [];
  }
  const byPeriod = new Map<string, Receipt[]>();
  for (const r of mine) byPeriod.set(r.period!, [...(byPeriod.get(r.period!) ?? []), r]);
  return [...byPeriod.values()].map((list) => current(contract, list)!).sort((a, b) => (a.period! < b.period! ? -1 : 1));
}

/** A SELECT over a dataset's Parquet files, or an empty one with the same columns. */
function scan(contract: DatasetContract, files: readonly string[]): string {
  const part = partitionColumn(contract);
  const partType = part === 'snapshot_date' ? 'DATE' : 'VARCHAR';
  if (!files.length) {
    const columns = contract.columns.flatMap((c) => [
      `CAST(NULL AS ${SQL_TYPES[c.type]}) AS "${c.name}"`,
      ...(c.type === 'datetime' ? [`CAST(NULL AS DATE) AS "${c.name}_local_date"`] : []),
    ]);
    return `SELECT ${columns.join(', ')}, CAST(NULL AS VARCHAR) AS upload_id, CAST(NULL AS BIGINT) AS source_row, CAST(NULL AS ${partType}) AS ${part} WHERE false`;
  }
  return `SELECT * FROM read_parquet([${files.map(sqlString).join(', ')}], hive_partitioning = true, hive_types = {'${part}': ${partType}}, union_by_name = true)`;
}

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Result rows as plain JS: BIGINT as number, DATE as YYYY-MM-DD, TIMESTAMP as ISO with Z. */
function toRows(reader: DuckDBResultReader): Row[] {
  const names = reader.columnNames();
  const types = reader.columnTypes().map((t) => t.toString());
  return reader.getRowsJS().map((values) => {
    const row: Row = {};
    values.forEach((v, i) => {
      row[names[i]] = convert(v, types[i]);
    });
    return row;
  });
}

function convert(v: unknown, type: string): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Date) return type === 'DATE' ? v.toISOString().slice(0, 10) : v.toISOString();
  if (Array.isArray(v)) return v.map((x) => convert(x, ''));
  return v;
}
