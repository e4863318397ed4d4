/**
 * The query engine in AWS: Athena (engine version 3, Trino) over the Glue tables of
 * the curated data, running the same sql/ files as DuckDB does locally.
 */
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type ColumnInfo,
  type GetQueryResultsCommandOutput,
} from '@aws-sdk/client-athena';
import type { QueryEngine, Row } from './engine';

export interface AthenaEngineOptions {
  /** The workgroup (its enforced configuration sets encryption and the scan limit). */
  readonly workGroup: string;
  /** The Glue database holding the dataset tables. */
  readonly database: string;
  /** Where Athena writes results; omit when the workgroup enforces one. @default the workgroup's */
  readonly outputLocation?: string;
  /** @default 'AwsDataCatalog' */
  readonly catalog?: string;
  /** @default a new AthenaClient with the default credential chain */
  readonly client?: AthenaClient;
  /** First wait between status polls, doubled each time up to `maxPollMs`. @default 200 */
  readonly pollMs?: number;
  /** @default 5000 */
  readonly maxPollMs?: number;
  /** Give up (and stop the query) after this long. @default 600000 (10 minutes) */
  readonly timeoutMs?: number;
  /** Page size for GetQueryResults (Athena allows at most 1000). @default 1000 */
  readonly pageSize?: number;
  /** How to wait; tests pass an instant one. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The clock for the timeout. @default Date.now */
  readonly now?: () => number;
}

/** The Athena engine's base error: a query that failed, was cancelled or timed out. */
export class AthenaEngineError extends Error {
  constructor(
    message: string,
    readonly queryExecutionId?: string,
    readonly state?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'AthenaEngineError';
  }
}

/** The query ran longer than `timeoutMs` and was stopped. */
export class AthenaQueryTimeoutError extends AthenaEngineError {
  constructor(queryExecutionId: string, timeoutMs: number) {
    super(`Athena query ${queryExecutionId} did not finish within ${timeoutMs} ms and was stopped; raise timeoutMs or narrow the query`, queryExecutionId, 'TIMEOUT');
    this.name = 'AthenaQueryTimeoutError';
  }
}

const FINAL_STATES = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

export class AthenaEngine implements QueryEngine {
  private readonly client: AthenaClient;
  private readonly ownsClient: boolean;
  private readonly pollMs: number;
  private readonly maxPollMs: number;
  private readonly timeoutMs: number;
  private readonly pageSize: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly options: AthenaEngineOptions) {
    if (!options.workGroup || !options.database) {
      throw new AthenaEngineError(`AthenaEngine needs a workGroup and a database; received workGroup ${JSON.stringify(options.workGroup)}, database ${JSON.stringify(options.database)}`);
    }
    this.ownsClient = options.client === undefined;
    this.client = options.client ?? new AthenaClient({});
    this.pollMs = options.pollMs ?? 200;
    this.maxPollMs = options.maxPollMs ?? 5000;
    this.timeoutMs = options.timeoutMs ?? 600_000;
    this.pageSize = options.pageSize ?? 1000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
  }

  async query(sql: string): Promise<Row[]> {
    const id = await this.start(sql);
    await this.waitFor(id);
    return this.results(id);
  }

  async close(): Promise<void> {
    if (this.ownsClient) this.client.destroy();
  }

  private async start(sql: string): Promise<string> {
    const started = await this.client.send(new StartQueryExecutionCommand({
      QueryString: sql,
      WorkGroup: this.options.workGroup,
      QueryExecutionContext: { Database: this.options.database, Catalog: this.options.catalog ?? 'AwsDataCatalog' },
      ...(this.options.outputLocation ? { ResultConfiguration: { OutputLocation: this.options.outputLocation } } : {}),
    }));
    if (!started.QueryExecutionId) throw new AthenaEngineError('Athena returned no query execution id');
    return started.QueryExecutionId;
  }

  private async waitFor(id: string): Promise<void> {
    const deadline = this.now() + this.timeoutMs;
    let wait = this.pollMs;
    for (;;) {
      const { QueryExecution } = await this.client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
      const state = QueryExecution?.Status?.State ?? 'UNKNOWN';
      if (state === 'SUCCEEDED') return;
      if (FINAL_STATES.has(state)) {
        const reason = QueryExecution?.Status?.StateChangeReason ?? QueryExecution?.Status?.AthenaError?.ErrorMessage ?? 'no reason given';
        throw new AthenaEngineError(`Athena query ${id} ${state}: ${reason}`, id, state);
      }
      if (this.now() >= deadline) {
        await this.client.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
        throw new AthenaQueryTimeoutError(id, this.timeoutMs);
      }
      await this.sleep(Math.min(wait, Math.max(0, deadline - this.now())));
      wait = Math.min(wait * 2, this.maxPollMs);
    }
  }

  private async results(id: string): Promise<Row[]> {
    const rows: Row[] = [];
    let columns: ColumnInfo[] | undefined;
    let nextToken: string | undefined;
    let first = true;
    do {
      const page: GetQueryResultsCommandOutput = await this.client.send(new GetQueryResultsCommand({
        QueryExecutionId: id, MaxResults: this.pageSize, NextToken: nextToken,
      }));
      columns ??= page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      const data = page.ResultSet?.Rows ?? [];
      // A SELECT's first row on the first page repeats the column names.
      const start = first && isHeader(data[0]?.Data?.map((d) => d.VarCharValue), columns) ? 1 : 0;
      for (const raw of data.slice(start)) {
        const row: Row = {};
        columns.forEach((column, i) => {
          row[column.Name ?? `_col${i}`] = convert(raw.Data?.[i]?.VarCharValue, column.Type ?? 'varchar');
        });
        rows.push(row);
      }
      nextToken = page.NextToken;
      first = false;
    } while (nextToken);
    return rows;
  }
}

function isHeader(values: (string | undefined)[] | undefined, columns: ColumnInfo[]): boolean {
  return values !== undefined && values.length === columns.length && columns.every((c, i) => values[i] === c.Name);
}

/**
 * Athena returns every value as text; this turns it into the engine contract's JS
 * value by the column's Trino type. An absent VarCharValue is SQL NULL.
 */
export function convert(text: string | undefined, type: string): unknown {
  if (text === undefined || text === null) return null;
  const base = type.toLowerCase().replace(/\(.*$/, '').trim();
  switch (base) {
    case 'boolean':
      return text === 'true';
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'int':
    case 'bigint': {
      const n = Number(text);
      return Number.isSafeInteger(n) ? n : text;
    }
    case 'double':
    case 'float':
    case 'real':
    case 'decimal': {
      if (text === 'NaN') return Number.NaN;
      if (text === 'Infinity') return Number.POSITIVE_INFINITY;
      if (text === '-Infinity') return Number.NEGATIVE_INFINITY;
      return Number(text);
    }
    case 'date':
      return text;
    case 'timestamp':
    case 'timestamp with time zone':
      return toIsoTimestamp(text);
    default:
      return text;
  }
}

/** `2024-03-31 23:30:00.000` (UTC, as our tables store it) or with a ` UTC` zone → ISO with Z. */
function toIsoTimestamp(text: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?:\s*(UTC|Z))?$/.exec(text.trim());
  if (!match) return text;
  const date = new Date(`${match[1]}T${match[2]}Z`);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}
