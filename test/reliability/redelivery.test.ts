/**
 * Issue 8, events delivered twice and Lambdas dying mid-write, through the real ingest
 * handler (SQS batch → S3 event → ingest): the first delivery dies at each write step
 * in turn and is reported as a failed message; the queue's redelivery finishes the job.
 * Messages delivered twice, in one batch or later, leave one receipt. What the handler
 * logs (Powertools, captured) never carries an identifier sent in the file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createIngestHandler } from '../../functions/ingest-handler';
import { StaticKeyProvider } from '../../functions/ingest/pseudonymise';
import { LocalStore } from '../../functions/store/local-store';
import type { Store } from '../../functions/store/store';
import { FaultyStore } from '../helpers/faulty-store';
import { expectConsistent, missingEpisodesCsv, missingEpisodesKey, readState, type Expected } from './warehouse-state';

const KEY = Buffer.from('3d'.repeat(32), 'hex');
const CSV = missingEpisodesCsv({ first: 7000, rows: 15, bad: 1 });
const LANDING = missingEpisodesKey('redelivered.csv');
const EXPECTED = new Map<string, Expected>([[LANDING, { status: 'ACCEPTED_WITH_ERRORS', rows_read: 15, rows_accepted: 14, rows_rejected: 1 }]]);
const context = { functionName: 'ingest', awsRequestId: 'req', getRemainingTimeInMillis: () => 300_000 } as unknown as Context;

function message(messageId: string): SQSRecord {
  return {
    messageId, receiptHandle: messageId,
    body: JSON.stringify({ Records: [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', eventTime: '2024-10-01T09:00:00Z',
      s3: { bucket: { name: 'landing' }, object: { key: LANDING, sequencer: '0A1' } } }] }),
    attributes: {}, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:eu-west-2:0:q', awsRegion: 'eu-west-2',
  } as unknown as SQSRecord;
}

let work: string;
let logs = '';
let stores = 0;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'outturn-redelivery-'));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** Runs one SQS batch through a handler over `store`, capturing what it logs. */
async function deliver(store: Store, records: SQSRecord[]) {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { logs += String(chunk); return true; });
  try {
    const handler = createIngestHandler({
      store, keys: new StaticKeyProvider(KEY), workDir: work,
      logger: new Logger({ serviceName: 'outturn-ingest', logLevel: 'DEBUG' }),
    });
    return await handler({ Records: records } as SQSEvent, context);
  } finally {
    out.mockRestore();
  }
}

async function landed(): Promise<LocalStore> {
  const store = new LocalStore(join(work, `store-${++stores}`));
  await store.put(LANDING, CSV);
  return store;
}

describe('the ingest handler under redelivery', () => {
  it('reports a message whose ingest died at any write step as failed, and its redelivery finishes the job', async () => {
    const probe = new FaultyStore(await landed());
    expect((await deliver(probe, [message('m0')])).batchItemFailures).toEqual([]);
    const steps = probe.writes.length;
    expect(steps).toBeGreaterThanOrEqual(5);
    for (let step = 1; step <= steps; step++) {
      const store = await landed();
      // A batch whose every message failed fails the whole invocation (Powertools), which SQS also retries.
      const failed = await deliver(new FaultyStore(store, { failOnWrite: step }), [message('m1')]).then(
        (r) => r.batchItemFailures.map((f) => f.itemIdentifier),
        (e: Error) => (e.name === 'FullBatchFailureError' ? ['m1'] : Promise.reject(e)),
      );
      expect(failed, `step ${step}`).toEqual(['m1']);
      const again = await deliver(store, [message('m1')]);
      expect(again.batchItemFailures).toEqual([]);
      expectConsistent(await readState(store), EXPECTED);
    }
  });

  it('leaves one receipt for a message delivered twice in one batch and again later', async () => {
    const store = await landed();
    expect((await deliver(store, [message('a'), message('b')])).batchItemFailures).toEqual([]);
    expect((await deliver(store, [message('c')])).batchItemFailures).toEqual([]);
    expectConsistent(await readState(store), EXPECTED);
  });

  it('logs no identifier from the file', () => {
    expect(logs).toContain('receipt written');
    const identifiers = CSV.split('\n').slice(1).flatMap((line) => line.split(',').slice(0, 3)).filter(Boolean);
    expect(identifiers.length).toBeGreaterThan(40);
    for (const id of identifiers) expect(logs.includes(id), 'an identifier in the logs').toBe(false);
  });
});
