import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AthenaEngine, AthenaEngineError, AthenaQueryTimeoutError, convert } from '../../functions/engine/athena-engine';

const athena = mockClient(AthenaClient);

const column = (Name: string, Type: string) => ({ Name, Type });
const row = (...values: (string | undefined)[]) => ({ Data: values.map((v) => (v === undefined ? {} : { VarCharValue: v })) });

function engine(overrides: { timeoutMs?: number; sleeps?: number[]; clock?: { t: number } } = {}) {
  const clock = overrides.clock ?? { t: 0 };
  return new AthenaEngine({
    workGroup: 'outturn', database: 'outturn_db', outputLocation: 's3://results/',
    client: new AthenaClient({ region: 'eu-west-2' }),
    pollMs: 100, maxPollMs: 400, timeoutMs: overrides.timeoutMs ?? 10_000,
    // Waiting advances a fake clock instead of real time.
    sleep: async (ms) => { overrides.sleeps?.push(ms); clock.t += ms; },
    now: () => clock.t,
  });
}

describe('AthenaEngine', () => {
  beforeEach(() => athena.reset());

  it('starts the query in the workgroup and database, polls with backoff until SUCCEEDED, and converts the values', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q1' });
    athena.on(GetQueryExecutionCommand)
      .resolvesOnce({ QueryExecution: { Status: { State: 'QUEUED' } } })
      .resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } })
      .resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } })
      .resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } })
      .resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    const columns = [
      column('indicator_id', 'varchar'), column('value', 'double'), column('n', 'bigint'), column('ok', 'boolean'),
      column('day', 'date'), column('at', 'timestamp'), column('missing', 'double'),
    ];
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: {
        ResultSetMetadata: { ColumnInfo: columns },
        Rows: [
          row('indicator_id', 'value', 'n', 'ok', 'day', 'at', 'missing'),
          row('CSC-02', '79.8', '182', 'true', '2017-04-30', '2017-05-05 08:00:00.000', undefined),
        ],
      },
    });
    const sleeps: number[] = [];
    const rows = await engine({ sleeps }).query('select 1');
    expect(rows).toEqual([{ indicator_id: 'CSC-02', value: 79.8, n: 182, ok: true, day: '2017-04-30', at: '2017-05-05T08:00:00.000Z', missing: null }]);
    expect(sleeps).toEqual([100, 200, 400, 400]);
    expect(athena.commandCalls(StartQueryExecutionCommand)[0].args[0].input).toEqual({
      QueryString: 'select 1', WorkGroup: 'outturn',
      QueryExecutionContext: { Database: 'outturn_db', Catalog: 'AwsDataCatalog' },
      ResultConfiguration: { OutputLocation: 's3://results/' },
    });
  });

  it('follows NextToken across pages and skips the header only on the first page', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q2' });
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    const meta = { ColumnInfo: [column('n', 'integer')] };
    athena.on(GetQueryResultsCommand, { QueryExecutionId: 'q2', NextToken: undefined })
      .resolves({ ResultSet: { ResultSetMetadata: meta, Rows: [row('n'), row('1'), row('2')] }, NextToken: 'page2' });
    athena.on(GetQueryResultsCommand, { QueryExecutionId: 'q2', NextToken: 'page2' })
      .resolves({ ResultSet: { ResultSetMetadata: meta, Rows: [row('3')] }, NextToken: 'page3' });
    athena.on(GetQueryResultsCommand, { QueryExecutionId: 'q2', NextToken: 'page3' })
      .resolves({ ResultSet: { ResultSetMetadata: meta, Rows: [row('4')] } });
    const rows = await engine().query('select n from t');
    expect(rows.map((r) => r.n)).toEqual([1, 2, 3, 4]);
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(3);
  });

  it('throws with the state and reason when the query fails or is cancelled', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q3' });
    athena.on(GetQueryExecutionCommand).resolves({
      QueryExecution: { Status: { State: 'FAILED', StateChangeReason: "SYNTAX_ERROR: line 1:8: Column 'x' cannot be resolved" } },
    });
    const failure = await engine().query('select x').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AthenaEngineError);
    expect(failure).toMatchObject({ queryExecutionId: 'q3', state: 'FAILED' });
    expect((failure as Error).message).toContain('cannot be resolved');
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0);

    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'CANCELLED' } } });
    await expect(engine().query('select 1')).rejects.toMatchObject({ state: 'CANCELLED' });
  });

  it('stops the query and throws when it runs past the timeout', async () => {
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q4' });
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'RUNNING' } } });
    athena.on(StopQueryExecutionCommand).resolves({});
    const failure = await engine({ timeoutMs: 1000 }).query('select 1').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AthenaQueryTimeoutError);
    expect(athena.commandCalls(StopQueryExecutionCommand)[0].args[0].input).toEqual({ QueryExecutionId: 'q4' });
  });

  it('refuses to start without a workgroup or database', () => {
    expect(() => new AthenaEngine({ workGroup: '', database: 'db' })).toThrow(/workGroup/);
  });
});

describe('convert', () => {
  it('maps Athena text to the engine contract by type', () => {
    expect(convert('12', 'integer')).toBe(12);
    expect(convert('9007199254740993', 'bigint')).toBe('9007199254740993');
    expect(convert('1.5', 'decimal(10,2)')).toBe(1.5);
    expect(convert('NaN', 'double')).toBeNaN();
    expect(convert('false', 'boolean')).toBe(false);
    expect(convert('2017-03-26 01:30:00.000 UTC', 'timestamp with time zone')).toBe('2017-03-26T01:30:00.000Z');
    expect(convert('', 'varchar')).toBe('');
    expect(convert(undefined, 'varchar')).toBeNull();
  });
});
