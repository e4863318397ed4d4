/**
 * The ingest Lambda: S3 event notifications arrive through SQS; each landing object is
 * processed by the same code as `outturn upload`, over the S3 store. A failed object
 * fails its message (reported per message, so the others are not retried) and, after
 * the queue's retries, lands in the dead-letter queue: never a silent success.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Receipt } from '../schemas';
import { requiredEnv } from './config/env';
import { processLandingObject } from './ingest/process';
import type { PseudonymKeyProvider } from './ingest/pseudonymise';
import { landingEventsOf, type LandingEvent } from './ingest/s3-events';
import { SecretsManagerKeyProvider } from './ingest/secret-key-provider';
import { S3Store } from './store/s3-store';
import type { Store } from './store/store';

export interface IngestHandlerDeps {
  readonly store: Store;
  readonly keys: PseudonymKeyProvider;
  readonly logger: Logger;
  /** Powertools idempotency persistence; without it, the ingest's own idempotency (one receipt per upload id) still holds. */
  readonly persistenceStore?: BasePersistenceLayer;
  /** @default '/tmp' */
  readonly workDir?: string;
}

/** What is logged and returned per object: counts and codes, never the file's name or content. */
export function receiptLog(receipt: Receipt) {
  return {
    upload_id: receipt.upload_id,
    partner: receipt.partner,
    dataset: receipt.dataset,
    period: receipt.period,
    receipt_status: receipt.status,
    rows_read: receipt.rows_read,
    rows_accepted: receipt.rows_accepted,
    rows_rejected: receipt.rows_rejected,
    codes: [...new Set([...receipt.errors, ...receipt.warnings].map((i) => i.code))],
  };
}

export function createIngestHandler(deps: IngestHandlerDeps) {
  const ingest = async (event: LandingEvent) => {
    const receipt = await processLandingObject(event.key, { store: deps.store, keys: deps.keys, workDir: deps.workDir ?? '/tmp' });
    const summary = receiptLog(receipt);
    deps.logger.info('receipt written', summary);
    return summary;
  };
  const config = new IdempotencyConfig({ eventKeyJmesPath: '[bucket, key, sequencer]', expiresAfterSeconds: 7 * 24 * 3600 });
  const ingestOnce = deps.persistenceStore ? makeIdempotent(ingest, { persistenceStore: deps.persistenceStore, config }) : ingest;
  const processor = new BatchProcessor(EventType.SQS);

  const recordHandler = async (record: SQSRecord) => {
    for (const event of landingEventsOf(record)) {
      if (!event.key.startsWith('landing/')) {
        deps.logger.warn('ignored an object outside landing/', { messageId: record.messageId });
        continue;
      }
      await ingestOnce(event);
    }
  };

  return async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    deps.logger.addContext(context);
    config.registerLambdaContext(context);
    // One object at a time: each ingest already uses every core through DuckDB.
    return processPartialResponse(event, recordHandler, processor, { context, processInParallel: false });
  };
}

let cached: ReturnType<typeof createIngestHandler> | undefined;

/** The deployed handler: clients and configuration at module scope, built on first use. */
export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  cached ??= createIngestHandler({
    store: new S3Store({ bucket: requiredEnv('DATA_BUCKET'), routes: { 'landing/': requiredEnv('LANDING_BUCKET') } }),
    keys: new SecretsManagerKeyProvider(requiredEnv('PSEUDONYM_SECRET_ARN')),
    // The service name comes from POWERTOOLS_SERVICE_NAME (the stack sets it; the alarms match on it).
    logger: new Logger(),
    persistenceStore: new DynamoDBPersistenceLayer({ tableName: requiredEnv('IDEMPOTENCY_TABLE') }),
  });
  return cached(event, context);
};
