/**
 * The whole deployment of operations.md §2 in one stack: storage, ingest, catalogue,
 * query workgroup, monthly run, access roles and alarms.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Access } from './access';
import { Alarms } from './alarms';
import { Catalogue } from './catalogue';
import { ingestServiceName, type OutturnConfig } from './config';
import { Ingest } from './ingest';
import { MonthlyRun } from './monthly-run';
import { Query } from './query';
import { Storage } from './storage';
import { acknowledge, applyAcknowledgements } from './nag';

export interface OutturnStackProps extends StackProps {
  readonly config: OutturnConfig;
}

export class OutturnStack extends Stack {
  readonly storage: Storage;
  readonly ingest: Ingest;
  readonly catalogue: Catalogue;
  readonly query: Query;
  readonly monthlyRun: MonthlyRun;
  readonly access: Access;
  readonly alarms: Alarms;

  constructor(scope: Construct, id: string, props: OutturnStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.storage = new Storage(this, 'Storage', { config });
    this.ingest = new Ingest(this, 'Ingest', { config, storage: this.storage });
    this.catalogue = new Catalogue(this, 'Catalogue', { config, data: this.storage.data });
    this.query = new Query(this, 'Query', { config, results: this.storage.athenaResults, key: this.storage.key });
    this.monthlyRun = new MonthlyRun(this, 'MonthlyRun', { config, storage: this.storage, catalogue: this.catalogue, query: this.query });
    this.access = new Access(this, 'Access', {
      config, storage: this.storage, catalogue: this.catalogue, query: this.query, pseudonymKey: this.ingest.pseudonymKey,
    });
    this.alarms = new Alarms(this, 'Alarms', {
      config,
      key: this.storage.key,
      deadLetterQueues: { ingest: this.ingest.deadLetterQueue, schedule: this.monthlyRun.deadLetterQueue },
      functions: { ingest: this.ingest.handler, indicators: this.monthlyRun.indicators, report: this.monthlyRun.report },
      ingest: this.ingest.handler,
      ingestServiceName: ingestServiceName(config),
      monthlyRun: this.monthlyRun.stateMachine,
    });

    this.suppressLibraryFindings();

    const out = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    out('LandingBucket', this.storage.landing.bucketName, 'Partners upload to s3://<this>/landing/<partner>/<dataset>/<period>/<file>');
    out('DataBucket', this.storage.data.bucketName, 'raw/ curated/ quarantine/ receipts/ indicators/ reports/ published/');
    out('GlueDatabase', this.catalogue.databaseName, 'Athena database of the curated tables');
    out('AthenaWorkGroup', this.query.workGroupName, 'Run every Athena query in this workgroup');
    out('AnalystRoleArn', this.access.analystRole.roleArn, 'Role analysts assume to query in Athena');
    for (const [partner, role] of Object.entries(this.access.partnerRoles)) {
      out(`PartnerRoleArn${partner[0].toUpperCase()}${partner.slice(1)}`, role!.roleArn, `Role partner '${partner}' assumes to upload`);
    }
    out('AlarmTopicArn', this.alarms.topic.topicArn, 'Subscribe operators here');
    out('MonthlyRunStateMachineArn', this.monthlyRun.stateMachine.stateMachineArn, 'Start with {"period":"YYYY-MM"} to rerun a month');

    // Last: the acknowledgement patterns resolve against the finished stack.
    applyAcknowledgements(this);
  }

  /** Findings on resources that CDK itself adds (not ours to change), each with its reason. */
  private suppressLibraryFindings(): void {
    const notifications = this.node.tryFindChild('BucketNotificationsHandler050a0587b7544547bf325f094a3db834');
    if (notifications) {
      acknowledge(notifications, /AwsSolutions-IAM4\[Policy::.*AWSLambdaBasicExecutionRole\]/,
        'CDK\'s own handler that sets the landing bucket\'s event notification during deployment; it only has basic Lambda execution.');
      acknowledge(notifications, 'AwsSolutions-IAM5[Resource::*]',
        'CDK\'s own deployment-time handler calls s3:PutBucketNotification; the policy is CDK\'s, not ours to narrow.');
    }
  }
}
