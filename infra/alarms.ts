/**
 * Alarms to one KMS-encrypted SNS topic: messages in a dead-letter queue, errors of each
 * function, a rejected file, a monthly run that failed.
 *
 * Rejected files are counted by a metric filter on the ingest function's logs: the
 * ingest handler must log, for every receipt it writes, one JSON line (Powertools
 * Logger does this) carrying the field `receipt_status` with the receipt's status,
 * e.g. `logger.info('receipt written', { receipt_status: receipt.status, dataset, partner })`.
 * Lines with `receipt_status = "REJECTED"` become the metric `RejectedFiles` in the
 * namespace `Outturn`, with the dimension `Service` = the function's
 * `POWERTOOLS_SERVICE_NAME` (`outturn-<stage>-ingest`).
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { OutturnConfig } from './config';
import type { HandlerFunction } from './handler-function';

/** The metric the rejected-file alarm watches. */
export const REJECTED_FILES_METRIC = { namespace: 'Outturn', metricName: 'RejectedFiles', logField: 'receipt_status' } as const;

export interface AlarmsProps {
  readonly config: OutturnConfig;
  readonly key: kms.IKey;
  /** Dead-letter queues, by a short name used in the alarm's id. */
  readonly deadLetterQueues: Readonly<Record<string, sqs.IQueue>>;
  /** Functions whose errors raise an alarm, by a short name. */
  readonly functions: Readonly<Record<string, HandlerFunction>>;
  /** The function whose logs carry `receipt_status`. */
  readonly ingest: HandlerFunction;
  readonly ingestServiceName: string;
  readonly monthlyRun: sfn.IStateMachine;
}

export class Alarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: `Outturn ${props.config.name} ${props.config.stage} alarms`,
      masterKey: props.key,
      enforceSSL: true,
    });
    if (props.config.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.config.alarmEmail));
    const notify = new actions.SnsAction(this.topic);
    const alarm = (alarmId: string, description: string, metric: cloudwatch.IMetric) => {
      const a = new cloudwatch.Alarm(this, alarmId, {
        alarmDescription: description,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(notify);
      this.alarms.push(a);
      return a;
    };

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      alarm(`DeadLetters-${name}`, `Messages are waiting in the ${name} dead-letter queue: they failed every retry.`,
        queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }));
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`Errors-${name}`, `The ${name} function failed.`, fn.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }));
    }

    new logs.MetricFilter(this, 'RejectedFilesFilter', {
      logGroup: props.ingest.logGroup,
      filterPattern: logs.FilterPattern.stringValue(`$.${REJECTED_FILES_METRIC.logField}`, '=', 'REJECTED'),
      metricNamespace: REJECTED_FILES_METRIC.namespace,
      metricName: REJECTED_FILES_METRIC.metricName,
      metricValue: '1',
      dimensions: { Service: '$.service' },
      unit: cloudwatch.Unit.COUNT,
    });
    alarm('RejectedFile', 'A partner file was rejected (receipt status REJECTED): the partner should read its receipt.',
      new cloudwatch.Metric({
        namespace: REJECTED_FILES_METRIC.namespace,
        metricName: REJECTED_FILES_METRIC.metricName,
        dimensionsMap: { Service: props.ingestServiceName },
        period: Duration.minutes(5),
        statistic: 'Sum',
      }));

    const run = props.monthlyRun;
    alarm('MonthlyRunFailed', 'The monthly indicators and scorecard run failed, timed out or was aborted.',
      new cloudwatch.MathExpression({
        expression: 'FILL(failed, 0) + FILL(timedOut, 0) + FILL(aborted, 0)',
        usingMetrics: {
          failed: run.metricFailed({ statistic: 'Sum' }),
          timedOut: run.metricTimedOut({ statistic: 'Sum' }),
          aborted: run.metricAborted({ statistic: 'Sum' }),
        },
        period: Duration.minutes(5),
        label: 'Failed monthly runs',
      }));
  }
}
