/**
 * The landing objects named by one SQS message of S3 event notifications. S3's test
 * event and non-creation events name none; a body that is not an S3 notification is an
 * error (the message is retried, then lands in the dead-letter queue).
 */
import type { S3Event, SQSRecord } from 'aws-lambda';

export interface LandingEvent {
  readonly bucket: string;
  /** The object key, decoded (S3 URL-encodes keys in notifications, with `+` for spaces). */
  readonly key: string;
  /** Orders events of one key; part of the idempotency key. */
  readonly sequencer: string;
}

export class NotAnS3EventError extends Error {
  constructor(messageId: string, options?: ErrorOptions) {
    super(`SQS message ${messageId} is not an S3 event notification`, options);
    this.name = 'NotAnS3EventError';
  }
}

export function landingEventsOf(record: Pick<SQSRecord, 'body' | 'messageId'>): LandingEvent[] {
  let body: Partial<S3Event> & { Event?: string };
  try {
    body = JSON.parse(record.body) as typeof body;
  } catch (e) {
    throw new NotAnS3EventError(record.messageId, { cause: e });
  }
  if (body.Event === 's3:TestEvent') return [];
  if (!Array.isArray(body.Records)) throw new NotAnS3EventError(record.messageId);
  return body.Records
    .filter((r) => r.eventSource === 'aws:s3' && r.eventName.startsWith('ObjectCreated:'))
    .map((r) => ({
      bucket: r.s3.bucket.name,
      key: decodeURIComponent(r.s3.object.key.replace(/\+/g, ' ')),
      sequencer: r.s3.object.sequencer ?? '',
    }));
}
