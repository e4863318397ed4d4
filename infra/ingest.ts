/**
 * Ingest: a landing object's ObjectCreated event goes to an SQS queue (dead-letter queue
 * after repeated failures) and from there to the ingest Lambda, which validates,
 * pseudonymises and writes raw/, curated/, quarantine/ and receipts/. Idempotency
 * records live in DynamoDB; the pseudonymisation key in Secrets Manager.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambdaEvents from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PREFIX } from '../functions/store/layout';
import { ingestServiceName, type OutturnConfig } from './config';
import { grantList, grantObjects } from './grants';
import { HandlerFunction } from './handler-function';
import type { Storage } from './storage';
import { acknowledge } from './nag';

/** Environment variables the ingest handler reads. */
export const INGEST_ENV = {
  landingBucket: 'LANDING_BUCKET',
  dataBucket: 'DATA_BUCKET',
  idempotencyTable: 'IDEMPOTENCY_TABLE',
  pseudonymSecretArn: 'PSEUDONYM_SECRET_ARN',
} as const;

export interface IngestProps {
  readonly config: OutturnConfig;
  readonly storage: Storage;
}

/** Receives before a message goes to the dead-letter queue. */
export const MAX_RECEIVE_COUNT = 5;
/** The ingest function's timeout: the Lambda maximum, for the largest files. */
export const INGEST_TIMEOUT = Duration.minutes(15);

export class Ingest extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly idempotencyTable: dynamodb.Table;
  readonly pseudonymKey: secretsmanager.Secret;
  readonly handler: HandlerFunction;

  constructor(scope: Construct, id: string, props: IngestProps) {
    super(scope, id);
    const { config, storage } = props;

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: storage.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: storage.key,
      enforceSSL: true,
      // AWS's advice for Lambda event sources: six times the function timeout, so a
      // message is never visible again while an invocation (with retries) still holds it.
      visibilityTimeout: Duration.seconds(INGEST_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(14),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });

    this.idempotencyTable = new dynamodb.Table(this, 'Idempotency', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: 'expiration',
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: storage.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.pseudonymKey = new secretsmanager.Secret(this, 'PseudonymKey', {
      description: `Outturn ${config.name} ${config.stage}: HMAC key that pseudonymises child identifiers`,
      encryptionKey: storage.key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      // Losing or changing the key breaks the link between months of pseudonymised data.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.pseudonymKey, 'AwsSolutions-SMG4',
      'The pseudonymisation key must stay the same: rotating it would give every child new pseudonyms and break every indicator that links months.');

    this.handler = new HandlerFunction(this, 'Handler', {
      config,
      key: storage.key,
      entry: 'functions/ingest-handler.ts',
      description: 'Outturn ingest: validates and pseudonymises a landing file into raw/, curated/, quarantine/, receipts/',
      serviceName: ingestServiceName(config),
      memoryMb: config.ingestMemoryMb,
      timeout: INGEST_TIMEOUT,
      ephemeralStorageMb: 10240,
      usesDuckDb: true,
      reservedConcurrency: config.ingestReservedConcurrency,
      environment: {
        [INGEST_ENV.landingBucket]: storage.landing.bucketName,
        [INGEST_ENV.dataBucket]: storage.data.bucketName,
        [INGEST_ENV.idempotencyTable]: this.idempotencyTable.tableName,
        [INGEST_ENV.pseudonymSecretArn]: this.pseudonymKey.secretArn,
      },
    });
    const role = this.handler.role;

    this.handler.fn.addEventSource(new lambdaEvents.SqsEventSource(this.queue, {
      batchSize: 1,
      reportBatchItemFailures: true,
      ...(config.ingestReservedConcurrency >= 2 ? { maxConcurrency: Math.min(config.ingestReservedConcurrency, 1000) } : {}),
    }));
    storage.landing.addEventNotification(s3.EventType.OBJECT_CREATED, new LandingQueueDestination(this.queue, storage), { prefix: PREFIX.landing });

    // Least privilege: read the inbox; write only the areas ingest owns; read back what
    // duplicate detection and crash recovery need.
    grantObjects(role, storage.landing, ['s3:GetObject'], [PREFIX.landing]);
    grantList(role, storage.landing, [PREFIX.landing]);
    grantObjects(role, storage.data, ['s3:PutObject', 's3:AbortMultipartUpload'], [PREFIX.raw, PREFIX.curated, PREFIX.quarantine, PREFIX.receipts]);
    grantObjects(role, storage.data, ['s3:GetObject'], [PREFIX.raw, PREFIX.curated, PREFIX.receipts]);
    // Leftovers of a crashed upload (curated files without a receipt) are cleaned.
    grantObjects(role, storage.data, ['s3:DeleteObject'], [PREFIX.curated]);
    grantList(role, storage.data, [PREFIX.raw, PREFIX.curated, PREFIX.receipts]);
    storage.key.grantEncryptDecrypt(role);
    this.idempotencyTable.grantReadWriteData(role);
    this.pseudonymKey.grantRead(role);

    // Nobody but the ingest function may read the key, whatever their IAM policies say.
    this.pseudonymKey.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'OnlyIngestReadsTheKey',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['secretsmanager:GetSecretValue'],
      resources: ['*'],
      conditions: { ArnNotEquals: { 'aws:PrincipalArn': role.roleArn } },
    }));

    acknowledge(role, /AwsSolutions-IAM5\[Resource::<.*(Landing|Data)[0-9A-F]{8}\.Arn>\/(landing|raw|curated|quarantine|receipts)\/\*\]/,
      'Object keys under each prefix are made at run time (upload ids); every wildcard is limited to one prefix of one bucket.');
    acknowledge(role, /AwsSolutions-IAM5\[Action::kms:(ReEncrypt|GenerateDataKey)\*\]/,
      'The KMS data-key operations S3, SQS, DynamoDB and Secrets Manager need, on the one stack key only.');
  }
}

/**
 * Sends landing events to the queue. CDK's own SqsDestination grants S3 the key with a
 * condition naming the bucket, which makes the key policy depend on a bucket that
 * depends on the key (a cycle); here the key policy names the account instead, and
 * the queue policy, which may name the bucket, limits S3 to the landing bucket.
 */
class LandingQueueDestination implements s3.IBucketNotificationDestination {
  constructor(private readonly queue: sqs.Queue, private readonly storage: Storage) {}

  bind(_scope: Construct, bucket: s3.IBucket): s3.BucketNotificationDestinationConfig {
    const s3Service = new iam.ServicePrincipal('s3.amazonaws.com');
    const added = this.queue.addToResourcePolicy(new iam.PolicyStatement({
      principals: [s3Service],
      actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
      resources: [this.queue.queueArn],
      conditions: { ArnLike: { 'aws:SourceArn': bucket.bucketArn } },
    }));
    const stack = Stack.of(bucket);
    this.storage.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'S3EventsToEncryptedQueue',
      principals: [s3Service],
      actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    }));
    return {
      arn: this.queue.queueArn,
      type: s3.BucketNotificationDestinationType.QUEUE,
      dependencies: added.policyDependable ? [added.policyDependable] : [],
    };
  }
}
