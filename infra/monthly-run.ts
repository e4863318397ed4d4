/**
 * The monthly run: EventBridge Scheduler starts a Step Functions state machine that
 * invokes the indicators Lambda (Athena, the same `sql/` files), then the report
 * Lambda (`reports/<P>/`). Each step is visible in the execution history; a failed
 * run raises an alarm (see `alarms.ts`); a start the scheduler could not make goes to
 * a dead-letter queue.
 *
 * Contract with the handlers:
 * - indicators receives `{ "scheduledTime": "<ISO 8601>" }` (the scheduler's time; the
 *   period computed is the calendar month before it in Europe/London) or
 *   `{ "period": "YYYY-MM" }` for a manual run, and returns `{ "period": "YYYY-MM", ... }`;
 * - report receives the indicators function's result and writes `reports/<period>/`.
 *
 * The indicators function (re)creates the Athena views at the start of each run
 * (functions/engine/athena-views.ts), so it may create, replace and drop views in the
 * Glue database, and is explicitly denied doing so to the data tables themselves.
 */
import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { PREFIX } from '../functions/store/layout';
import { CALENDAR_PREFIX, REFERENCE_PREFIX, type Catalogue } from './catalogue';
import type { OutturnConfig } from './config';
import { acknowledgeQueryWildcards, grantAthenaQuery, grantKeyViaStorage, grantList, grantObjects } from './grants';
import { HandlerFunction, LAMBDA_TASK_ROOT, retentionDays } from './handler-function';
import type { Query } from './query';
import type { Storage } from './storage';
import { acknowledge } from './nag';

/** Environment variables the indicators and report handlers read. */
export const RUN_ENV = {
  dataBucket: 'DATA_BUCKET',
  athenaWorkGroup: 'ATHENA_WORKGROUP',
  glueDatabase: 'GLUE_DATABASE',
  athenaResultsBucket: 'ATHENA_RESULTS_BUCKET',
  /** The indicators function only: where its bundle holds sql/indicators. */
  sqlDir: 'OUTTURN_SQL_DIR',
} as const;

/** The folder of indicator SQL copied into the indicators function's bundle. */
export const INDICATOR_SQL_FOLDER = 'sql/indicators';

/** Glue actions Athena's `CREATE OR REPLACE VIEW` (and `DROP VIEW`) makes with the caller's credentials. */
export const GLUE_VIEW_ACTIONS = ['glue:CreateTable', 'glue:UpdateTable', 'glue:DeleteTable'] as const;

export interface MonthlyRunProps {
  readonly config: OutturnConfig;
  readonly storage: Storage;
  readonly catalogue: Catalogue;
  readonly query: Query;
}

export class MonthlyRun extends Construct {
  readonly indicators: HandlerFunction;
  readonly report: HandlerFunction;
  readonly stateMachine: sfn.StateMachine;
  readonly schedule: scheduler.Schedule;
  /** Scheduled starts that failed after every retry. */
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: MonthlyRunProps) {
    super(scope, id);
    const { config, storage, catalogue, query } = props;
    const stack = Stack.of(this);
    const environment = {
      [RUN_ENV.dataBucket]: storage.data.bucketName,
      [RUN_ENV.athenaWorkGroup]: query.workGroupName,
      [RUN_ENV.glueDatabase]: catalogue.databaseName,
      [RUN_ENV.athenaResultsBucket]: storage.athenaResults.bucketName,
    };
    const athena = { workGroupArn: query.arn(), glueArns: catalogue.arns(), results: storage.athenaResults, key: storage.key };
    const keyActions = ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:Encrypt'];

    this.indicators = new HandlerFunction(this, 'Indicators', {
      config,
      key: storage.key,
      entry: 'functions/indicators-handler.ts',
      description: 'Outturn indicators: computes the catalogue for a period into indicators/indicator_values',
      serviceName: `outturn-${config.stage}-indicators`,
      memoryMb: 2048,
      timeout: Duration.minutes(15),
      ephemeralStorageMb: 2048,
      // Writes indicator_values and the calendar as Parquet with DuckDB, like the local engine.
      usesDuckDb: true,
      bundledFolders: [INDICATOR_SQL_FOLDER],
      environment: { ...environment, [RUN_ENV.sqlDir]: `${LAMBDA_TASK_ROOT}/${INDICATOR_SQL_FOLDER}` },
    });
    const indicatorsRole = this.indicators.role;
    grantAthenaQuery(indicatorsRole, athena);
    // Athena reads with the caller's credentials: curated/ (with the upload ledger),
    // the calendar and earlier indicator values.
    grantObjects(indicatorsRole, storage.data, ['s3:GetObject'], [PREFIX.curated, REFERENCE_PREFIX, PREFIX.indicators]);
    grantObjects(indicatorsRole, storage.data, ['s3:PutObject', 's3:AbortMultipartUpload'], [PREFIX.indicators]);
    grantObjects(indicatorsRole, storage.data, ['s3:PutObject', 's3:AbortMultipartUpload'], [CALENDAR_PREFIX]);
    grantList(indicatorsRole, storage.data, [PREFIX.curated, REFERENCE_PREFIX, PREFIX.indicators]);
    grantKeyViaStorage(indicatorsRole, storage.key, stack.region, keyActions);
    // Views are Glue tables: allowed on the database's tables, then denied on the ones
    // that hold data (a short policy that also covers the views of future datasets).
    indicatorsRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ReplaceTheViews',
      actions: [...GLUE_VIEW_ACTIONS],
      resources: catalogue.arns(),
    }));
    indicatorsRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'NeverTheDataTables',
      effect: iam.Effect.DENY,
      actions: [...GLUE_VIEW_ACTIONS],
      resources: catalogue.tableArns(catalogue.tableNames),
    }));

    this.report = new HandlerFunction(this, 'Report', {
      config,
      key: storage.key,
      entry: 'functions/report-handler.ts',
      description: 'Outturn report: writes both editions of the scorecard to reports/<period>/',
      serviceName: `outturn-${config.stage}-report`,
      memoryMb: 1024,
      timeout: Duration.minutes(10),
      environment,
    });
    const reportRole = this.report.role;
    grantAthenaQuery(reportRole, athena);
    grantObjects(reportRole, storage.data, ['s3:GetObject'], [PREFIX.curated, PREFIX.indicators, PREFIX.published]);
    grantObjects(reportRole, storage.data, ['s3:PutObject', 's3:AbortMultipartUpload'], [PREFIX.reports, PREFIX.published]);
    grantList(reportRole, storage.data, [PREFIX.curated, PREFIX.indicators, PREFIX.reports, PREFIX.published]);
    grantKeyViaStorage(reportRole, storage.key, stack.region, keyActions);

    for (const role of [indicatorsRole, reportRole]) {
      acknowledge(role, /AwsSolutions-IAM5\[Resource::<.*Data[0-9A-F]{8}\.Arn>\/(curated|reference|reference\/calendar|indicators|reports|published)\/\*\]/,
        'Partition and file keys are made at run time; each wildcard is limited to one prefix of the data bucket.');
      acknowledgeQueryWildcards(role);
    }

    // A failing step is retried twice (Athena throttling, a transient S3 error) before
    // the run fails and its alarm fires.
    const step = (id: string, fn: HandlerFunction, timeout: Duration) => new tasks.LambdaInvoke(this, id, {
      lambdaFunction: fn.fn,
      payloadResponseOnly: true,
      retryOnServiceExceptions: true,
      taskTimeout: sfn.Timeout.duration(timeout),
    }).addRetry({ errors: ['States.TaskFailed'], maxAttempts: 2, interval: Duration.minutes(1), backoffRate: 2 });
    const definition = step('ComputeIndicators', this.indicators, Duration.minutes(15))
      .next(step('WriteReport', this.report, Duration.minutes(10)))
      .next(new sfn.Succeed(this, 'Done'));

    const runLogs = new logs.LogGroup(this, 'StateMachineLogs', {
      encryptionKey: storage.key,
      retention: retentionDays(config.logRetentionDays),
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      comment: 'Monthly: indicators for the month before, then the scorecard.',
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      stateMachineType: sfn.StateMachineType.STANDARD,
      timeout: Duration.hours(1),
      tracingEnabled: true,
      logs: { destination: runLogs, level: sfn.LogLevel.ALL, includeExecutionData: true },
    });
    acknowledge(this.stateMachine, 'AwsSolutions-IAM5[Resource::*]',
      'X-Ray tracing and log delivery actions take no resource (the policy CDK generates for tracing and logging).');
    acknowledge(this.stateMachine, /AwsSolutions-IAM5\[Resource::<.*(Indicators|Report)Function[0-9A-F]{8}\.Arn>:\*\]/,
      'LambdaInvoke may invoke any version of the two functions (`<arn>:*`); nothing else.');

    this.deadLetterQueue = new sqs.Queue(this, 'ScheduleDeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: storage.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.deadLetterQueue, 'AwsSolutions-SQS3', 'This queue is itself the dead-letter queue of the monthly schedule.');

    const schedulerRole = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: `Outturn ${config.stage}: starts the monthly run`,
    });
    storage.key.grant(schedulerRole, 'kms:GenerateDataKey', 'kms:Decrypt');

    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: 'Outturn monthly indicators and scorecard',
      schedule: scheduler.ScheduleExpression.expression(config.scheduleExpression, TimeZone.of(config.scheduleTimezone)),
      timeWindow: scheduler.TimeWindow.off(),
      target: new schedulerTargets.StepFunctionsStartExecution(this.stateMachine, {
        role: schedulerRole,
        input: scheduler.ScheduleTargetInput.fromObject({ scheduledTime: scheduler.ContextAttribute.scheduledTime }),
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: 3,
        maxEventAge: Duration.hours(6),
      }),
    });
  }
}
