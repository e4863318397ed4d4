import { describe, expect, it } from 'vitest';
import { athenaViewNames } from '../../functions/engine/athena-views';
import { CALENDAR_KEY } from '../../functions/store/layout';
import { GLUE_VIEW_ACTIONS, RUN_ENV } from '../../infra/monthly-run';
import { ATHENA_ENGINE_VERSION } from '../../infra/query';
import { allows, roleStatements } from './iam-eval';
import { logicalId, resourcesOfType, synth } from './synth';

describe('query workgroup and monthly run', () => {
  const { template, stack } = synth({
    'outturn:stage': 'test',
    'outturn:athenaBytesScannedCutoff': 2_000_000_000,
    'outturn:scheduleExpression': 'cron(30 7 6 * ? *)',
  });
  const keyId = logicalId(stack, stack.storage.key);
  const data = `arn:aws:s3:::${logicalId(stack, stack.storage.data)}`;
  const glueTable = 'arn:aws:glue:eu-west-2:123456789012:table/outturn_test/';

  it('enforces the workgroup settings: encrypted results in the results bucket, the bytes limit, engine 3', () => {
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'outturn-test',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 2_000_000_000,
        EngineVersion: { SelectedEngineVersion: ATHENA_ENGINE_VERSION },
        ResultConfiguration: {
          OutputLocation: { 'Fn::Join': ['', ['s3://', { Ref: logicalId(stack, stack.storage.athenaResults) }, '/athena/']] },
          EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: { 'Fn::GetAtt': [keyId, 'Arn'] } },
        },
      },
    });
  });

  it('schedules the run monthly in Europe/London, with retries and a dead-letter queue', () => {
    const schedules = Object.values(resourcesOfType(template, 'AWS::Scheduler::Schedule'));
    expect(schedules).toHaveLength(1);
    const s = schedules[0].Properties!;
    expect(s.ScheduleExpression).toBe('cron(30 7 6 * ? *)');
    expect(s.ScheduleExpressionTimezone).toBe('Europe/London');
    expect(s.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
    expect(s.Target).toMatchObject({
      Arn: { Ref: logicalId(stack, stack.monthlyRun.stateMachine) },
      DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(stack, stack.monthlyRun.deadLetterQueue), 'Arn'] } },
      RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 6 * 3600 },
    });
    expect(JSON.parse(s.Target.Input)).toEqual({ scheduledTime: '<aws.scheduler.scheduled-time>' });
  });

  it('uses the default schedule of cdk.json otherwise', () => {
    const { template: defaults } = synth();
    const s = Object.values(resourcesOfType(defaults, 'AWS::Scheduler::Schedule'))[0].Properties!;
    expect(s.ScheduleExpression).toBe('cron(0 8 5 * ? *)');
    expect(s.ScheduleExpressionTimezone).toBe('Europe/London');
  });

  it('runs indicators, then the report, in a logged and traced state machine', () => {
    const sm = Object.values(resourcesOfType(template, 'AWS::StepFunctions::StateMachine'))[0].Properties!;
    expect(sm.TracingConfiguration).toEqual({ Enabled: true });
    expect(sm.LoggingConfiguration.Level).toBe('ALL');
    const definition = JSON.stringify(sm.DefinitionString);
    const indicators = logicalId(stack, stack.monthlyRun.indicators.fn);
    const report = logicalId(stack, stack.monthlyRun.report.fn);
    expect(definition).toContain('"StartAt\\":\\"ComputeIndicators');
    expect(definition).toContain('\\"ComputeIndicators\\":{\\"Next\\":\\"WriteReport\\"');
    expect(definition.indexOf(indicators)).toBeLessThan(definition.indexOf(report));
    // A step that fails is tried again twice before the run fails (and its alarm fires).
    expect(definition.match(/States\.TaskFailed/g)?.length).toBe(2);
  });

  it('gives the indicators and report functions the workgroup, the catalogue and only their own prefixes', () => {
    const indicators = roleStatements(template, logicalId(stack, stack.monthlyRun.indicators.role));
    const report = roleStatements(template, logicalId(stack, stack.monthlyRun.report.role));
    const workgroup = 'arn:aws:athena:eu-west-2:123456789012:workgroup/outturn-test';
    for (const s of [indicators, report]) {
      expect(allows(s, { action: 'athena:StartQueryExecution', resource: workgroup }, template)).toBe(true);
      expect(allows(s, { action: 'athena:StartQueryExecution', resource: workgroup.replace('outturn-test', 'primary') }, template)).toBe(false);
      for (const table of ['children', 'curated_children', 'upload_ledger', 'calendar', 'indicator_values']) {
        expect(allows(s, { action: 'glue:GetTable', resource: `${glueTable}${table}` }, template), table).toBe(true);
      }
      expect(allows(s, { action: 'glue:GetTable', resource: glueTable.replace('outturn_test', 'other_db') + 'children' }, template)).toBe(false);
      expect(allows(s, { action: 's3:GetObject', resource: `${data}/curated/children/snapshot_date=2024-03-31/u.parquet` }, template)).toBe(true);
      // The uploads view reads the ledger under curated/, never the partners' receipts.
      expect(allows(s, { action: 's3:GetObject', resource: `${data}/curated/upload_ledger/referrals/u.json` }, template)).toBe(true);
      expect(allows(s, { action: 's3:ListBucket', resource: data, context: { 's3:prefix': 'curated/upload_ledger/referrals/' } }, template)).toBe(true);
      expect(allows(s, { action: 's3:GetObject', resource: `${data}/indicators/indicator_values/period=2024-03/indicator_values.parquet` }, template)).toBe(true);
      for (const p of ['raw', 'quarantine', 'receipts']) expect(allows(s, { action: 's3:GetObject', resource: `${data}/${p}/x` }, template), p).toBe(false);
    }
    expect(allows(indicators, { action: 's3:PutObject', resource: `${data}/indicators/indicator_values/period=2024-03/x.parquet` }, template)).toBe(true);
    expect(allows(indicators, { action: 's3:PutObject', resource: `${data}/reports/2024-03/x.html` }, template)).toBe(false);
    expect(allows(indicators, { action: 's3:PutObject', resource: `${data}/curated/children/x.parquet` }, template)).toBe(false);
    expect(allows(report, { action: 's3:PutObject', resource: `${data}/reports/2024-03/internal/scorecard.html` }, template)).toBe(true);
    expect(allows(report, { action: 's3:PutObject', resource: `${data}/published/2024-03/values.json` }, template)).toBe(true);
    expect(allows(report, { action: 's3:GetObject', resource: `${data}/published/2024-02/values.json` }, template)).toBe(true);
    expect(allows(report, { action: 's3:PutObject', resource: `${data}/indicators/indicator_values/period=2024-03/x.parquet` }, template)).toBe(false);
  });

  it('lets the indicators function read the reference data and write only the calendar there', () => {
    const indicators = roleStatements(template, logicalId(stack, stack.monthlyRun.indicators.role));
    const report = roleStatements(template, logicalId(stack, stack.monthlyRun.report.role));
    const calendar = `${data}/${CALENDAR_KEY}`;
    expect(allows(indicators, { action: 's3:GetObject', resource: calendar }, template)).toBe(true);
    expect(allows(indicators, { action: 's3:PutObject', resource: calendar }, template)).toBe(true);
    expect(allows(indicators, { action: 's3:ListBucket', resource: data, context: { 's3:prefix': 'reference/calendar/' } }, template)).toBe(true);
    expect(allows(indicators, { action: 's3:PutObject', resource: `${data}/reference/other/x.parquet` }, template)).toBe(false);
    expect(allows(report, { action: 's3:PutObject', resource: calendar }, template)).toBe(false);
  });

  it('lets the indicators function replace the views, but never a Glue table that holds data; the report function creates nothing', () => {
    const indicators = roleStatements(template, logicalId(stack, stack.monthlyRun.indicators.role));
    const report = roleStatements(template, logicalId(stack, stack.monthlyRun.report.role));
    const glue = 'arn:aws:glue:eu-west-2:123456789012';
    const views = athenaViewNames();
    expect(views).toEqual(expect.arrayContaining(['uploads', 'children', 'children_all', 'referrals']));
    for (const action of GLUE_VIEW_ACTIONS) {
      for (const view of views) expect(allows(indicators, { action, resource: `${glueTable}${view}` }, template), `${action} ${view}`).toBe(true);
      expect(allows(indicators, { action, resource: `${glue}:database/outturn_test` }, template), action).toBe(true);
      expect(allows(indicators, { action, resource: `${glue}:catalog` }, template), action).toBe(true);
      for (const table of stack.catalogue.tableNames) {
        expect(allows(indicators, { action, resource: `${glueTable}${table}` }, template), `${action} ${table}`).toBe(false);
      }
      expect(allows(indicators, { action, resource: `${glue}:table/other_db/children` }, template), action).toBe(false);
      expect(allows(report, { action, resource: `${glueTable}children` }, template), action).toBe(false);
    }
    expect(allows(indicators, { action: 'glue:DeleteDatabase', resource: `${glue}:database/outturn_test` }, template)).toBe(false);
  });

  it('tells the handlers where everything is, and the indicators function where its bundled SQL is', () => {
    const env = (fn: typeof stack.monthlyRun.indicators) => resourcesOfType(template, 'AWS::Lambda::Function')[logicalId(stack, fn.fn)].Properties!.Environment.Variables;
    for (const fn of [stack.monthlyRun.indicators, stack.monthlyRun.report]) {
      expect(env(fn)).toMatchObject({
        [RUN_ENV.dataBucket]: { Ref: logicalId(stack, stack.storage.data) },
        [RUN_ENV.athenaWorkGroup]: 'outturn-test',
        [RUN_ENV.glueDatabase]: 'outturn_test',
        [RUN_ENV.athenaResultsBucket]: { Ref: logicalId(stack, stack.storage.athenaResults) },
      });
    }
    expect(env(stack.monthlyRun.indicators)[RUN_ENV.sqlDir]).toBe('/var/task/sql/indicators');
    expect(env(stack.monthlyRun.report)[RUN_ENV.sqlDir]).toBeUndefined();
  });
});
