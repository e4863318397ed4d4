/**
 * The encryption key and the four buckets: landing (partners write), data (everything
 * Outturn writes, laid out as in `functions/store/layout.ts`), Athena results, and the
 * server access logs of the other three.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PREFIX } from '../functions/store/layout';
import type { OutturnConfig } from './config';
import { acknowledge } from './nag';

export interface StorageProps {
  readonly config: OutturnConfig;
}

export class Storage extends Construct {
  /** The customer-managed key of every bucket, queue, topic, table, secret and log group. */
  readonly key: kms.Key;
  readonly accessLogs: s3.Bucket;
  readonly landing: s3.Bucket;
  readonly data: s3.Bucket;
  readonly athenaResults: s3.Bucket;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    const { config } = props;
    const stack = Stack.of(this);

    this.key = new kms.Key(this, 'Key', {
      description: `Outturn ${config.name} ${config.stage}: data, queues, alarms and logs`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Log groups and alarm notifications are encrypted by services, not by our roles.
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'CloudWatchLogs',
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*` },
      },
    }));
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'CloudWatchAlarmsToTopic',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    }));

    const noncurrent = Duration.days(config.noncurrentVersionExpiryDays);
    const common = {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
    } as const;
    const encrypted = {
      ...common,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      // Per-object data keys keep the object ARN in the KMS encryption context, which
      // lets partner roles use the key only for their own prefixes.
      bucketKeyEnabled: false,
    } as const;

    // S3 server access logging can only deliver to an SSE-S3 bucket (not SSE-KMS).
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      ...common,
      encryption: s3.BucketEncryption.S3_MANAGED,
      lifecycleRules: [{
        id: 'expire-logs',
        expiration: Duration.days(config.accessLogExpiryDays),
        noncurrentVersionExpiration: noncurrent,
      }],
    });
    acknowledge(this.accessLogs, 'AwsSolutions-S1', 'This is the server access log bucket; logging it into itself would loop.');

    this.landing = new s3.Bucket(this, 'Landing', {
      ...encrypted,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'landing/',
      lifecycleRules: [
        {
          id: 'expire-processed-landing',
          prefix: PREFIX.landing,
          // raw/ keeps the exact bytes of every upload; landing/ is only the inbox.
          expiration: Duration.days(config.landingExpiryDays),
        },
        { id: 'noncurrent', noncurrentVersionExpiration: noncurrent, abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
    });

    this.data = new s3.Bucket(this, 'Data', {
      ...encrypted,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'data/',
      lifecycleRules: [
        { id: 'expire-quarantine', prefix: PREFIX.quarantine, expiration: Duration.days(config.quarantineExpiryDays) },
        { id: 'retain-raw', prefix: PREFIX.raw, expiration: Duration.days(config.rawRetentionYears * 365 + Math.ceil(config.rawRetentionYears / 4)) },
        { id: 'noncurrent', noncurrentVersionExpiration: noncurrent, abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
    });

    this.athenaResults = new s3.Bucket(this, 'AthenaResults', {
      ...encrypted,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'athena-results/',
      lifecycleRules: [{
        id: 'expire-results',
        expiration: Duration.days(config.athenaResultsExpiryDays),
        noncurrentVersionExpiration: Duration.days(1),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      }],
    });
  }
}
