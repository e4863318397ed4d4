import { describe, expect, it } from 'vitest';
import { REJECTED_FILES_METRIC } from '../../infra/alarms';
import { logicalId, resourcesOfType, synth } from './synth';

describe('alarms', () => {
  const { template, stack } = synth({ 'outturn:alarmEmail': 'ops@example.org' });
  const topicId = logicalId(stack, stack.alarms.topic);
  const alarms = Object.values(resourcesOfType(template, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties!);

  it('notifies a KMS-encrypted topic, and its subscriber, from every alarm', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [logicalId(stack, stack.storage.key), 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.org' });
    expect(alarms.length).toBeGreaterThanOrEqual(7);
    for (const a of alarms) expect(a.AlarmActions).toEqual([{ Ref: topicId }]);
  });

  it('raises an alarm for messages in each dead-letter queue', () => {
    for (const queue of [stack.ingest.deadLetterQueue, stack.monthlyRun.deadLetterQueue]) {
      expect(alarms.some((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible'
        && a.Dimensions?.[0]?.Value?.['Fn::GetAtt']?.[0] === logicalId(stack, queue) && a.Threshold === 1)).toBe(true);
    }
  });

  it('raises an alarm for errors of each function', () => {
    for (const fn of [stack.ingest.handler, stack.monthlyRun.indicators, stack.monthlyRun.report]) {
      expect(alarms.some((a) => a.MetricName === 'Errors' && a.Dimensions?.[0]?.Value?.Ref === logicalId(stack, fn.fn))).toBe(true);
    }
  });

  it('counts rejected files from the ingest logs and raises an alarm on one', () => {
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: logicalId(stack, stack.ingest.handler.logGroup) },
      FilterPattern: `{ $.${REJECTED_FILES_METRIC.logField} = "REJECTED" }`,
      MetricTransformations: [{
        MetricNamespace: 'Outturn', MetricName: 'RejectedFiles', MetricValue: '1', Dimensions: [{ Key: 'Service', Value: '$.service' }], Unit: 'Count',
      }],
    });
    expect(alarms.some((a) => a.Namespace === 'Outturn' && a.MetricName === 'RejectedFiles'
      && a.Dimensions?.[0]?.Value === 'outturn-dev-ingest')).toBe(true);
  });

  it('counts the rejected files of each deployment apart: the service name carries the deployment name', () => {
    const other = synth({ 'outturn:name': 'northshire', 'outturn:stage': 'prod' });
    const otherAlarms = Object.values(resourcesOfType(other.template, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties!);
    expect(otherAlarms.some((a) => a.MetricName === 'RejectedFiles' && a.Dimensions?.[0]?.Value === 'northshire-prod-ingest')).toBe(true);
    other.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'northshire-prod-ingest' } },
    });
  });

  it('raises an alarm when a monthly run fails, times out or is aborted', () => {
    const run = alarms.find((a) => a.Metrics?.some((m: any) => m.Expression?.includes('failed')));
    const metrics = run?.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric.MetricName).sort();
    expect(metrics).toEqual(['ExecutionsAborted', 'ExecutionsFailed', 'ExecutionsTimedOut']);
  });
});
