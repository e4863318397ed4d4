import { describe, expect, it } from 'vitest';
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
  });

  it('gives the indicators and report functions the workgroup, the catalogue and only their own prefixes', () => {
    const data = `arn:aws:s3:::${logicalId(stack, stack.storage.data)}`;
    const indicators = roleStatements(template, logicalId(stack, stack.monthlyRun.indicators.role));
    const report = roleStatements(template, logicalId(stack, stack.monthlyRun.report.role));
    const workgroup = 'arn:aws:athena:eu-west-2:123456789012:workgroup/outturn-test';
    for (const s of [indicators, report]) {
      expect(allows(s, { action: 'athena:StartQueryExecution', resource: workgroup }, template)).toBe(true);
      expect(allows(s, { action: 'athena:StartQueryExecution', resource: workgroup.replace('outturn-test', 'primary') }, template)).toBe(false);
      expect(allows(s, { action: 'glue:GetTable', resource: 'arn:aws:glue:eu-west-2:123456789012:table/outturn_test/children' }, template)).toBe(true);
      expect(allows(s, { action: 'glue:DeleteTable', resource: 'arn:aws:glue:eu-west-2:123456789012:table/outturn_test/children' }, template)).toBe(false);
      expect(allows(s, { action: 's3:GetObject', resource: `${data}/curated/children/snapshot_date=2024-03-31/u.parquet` }, template)).toBe(true);
      for (const p of ['raw', 'quarantine']) expect(allows(s, { action: 's3:GetObject', resource: `${data}/${p}/x` }, template), p).toBe(false);
    }
    expect(allows(indicators, { action: 's3:PutObject', resource: `${data}/indicators/indicator_values/period=2024-03/x.parquet` }, template)).toBe(true);
    expect(allows(indicators, { action: 's3:PutObject', resource: `${data}/reports/2024-03/x.html` }, template)).toBe(false);
    expect(allows(report, { action: 's3:PutObject', resource: `${data}/reports/2024-03/internal/scorecard.html` }, template)).toBe(true);
    expect(allows(report, { action: 's3:PutObject', resource: `${data}/indicators/indicator_values/period=2024-03/x.parquet` }, template)).toBe(false);
  });
});
