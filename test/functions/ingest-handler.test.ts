import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestHandler } from '../../functions/ingest-handler';
import { processLandingObject } from '../../functions/ingest/process';
import { StaticKeyProvider } from '../../functions/ingest/pseudonymise';
import { LocalStore } from '../../functions/store/local-store';
import { S3Store } from '../../functions/store/s3-store';
import { startS3rver, type S3rverHandle } from '../helpers/s3rver';

const KEY = Buffer.alloc(32, 7);
const FILES: Record<string, string> = {
  'landing/council/contacts/2024-09-30/contacts.csv':
    'contact_id,child_id,contact_at,source,decision_at,outcome\n'
    + Array.from({ length: 9 }, (_, i) => `K${i},C-00${i},2024-09-0${i + 1}T09:00,POLICE,2024-09-0${i + 1}T15:00,REFERRAL\n`).join('')
    + 'K9,C-009,2024-09-04T10:00,ALIENS,,\n',
  'landing/schools/exclusions/2024-09/my file.csv':
    'exclusion_ref,school_urn,upn,start_date,category,sessions\nX1,100001,B801200005001,05/09/2024,SUSPENSION,2\n',
  'landing/police/nonsense/2024-09/x.csv': 'a,b\n1,2\n',
};

const context = { functionName: 'ingest', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 300_000 } as unknown as Context;

function s3Event(bucket: string, key: string, messageId: string): SQSRecord {
  return {
    messageId,
    receiptHandle: messageId,
    body: JSON.stringify({
      Records: [{
        eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', eventTime: new Date().toISOString(),
        s3: { bucket: { name: bucket }, object: { key: encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+'), sequencer: '00' + messageId } },
      }],
    }),
    attributes: {}, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:eu-west-2:0:q', awsRegion: 'eu-west-2',
  } as unknown as SQSRecord;
}

async function bucketKeys(client: S3Client, bucket: string): Promise<string[]> {
  const out = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (out.Contents ?? []).map((o) => o.Key!).sort();
}

async function parquetRows(path: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false' });
  const c = await db.connect();
  const rows = (await c.runAndReadAll(`SELECT * EXCLUDE (upload_id) FROM read_parquet('${path}', hive_partitioning = false) ORDER BY source_row`)).getRowObjectsJson();
  c.closeSync();
  db.closeSync();
  return rows;
}

describe('the ingest Lambda handler over S3 (s3rver)', () => {
  let s3: S3rverHandle;
  let client: S3Client;
  let work: string;

  beforeAll(async () => {
    s3 = await startS3rver({ buckets: ['landing', 'data'] });
    client = s3.client();
    work = await mkdtemp(join(tmpdir(), 'outturn-handler-'));
  });
  afterAll(async () => {
    await s3?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('turns S3 events into the same receipts, raw copies and curated Parquet as the local store', async () => {
    for (const [key, body] of Object.entries(FILES)) {
      await client.send(new PutObjectCommand({ Bucket: 'landing', Key: key, Body: body }));
    }
    const store = new S3Store({ bucket: 'data', routes: { 'landing/': 'landing' }, client });
    const handler = createIngestHandler({
      store, keys: new StaticKeyProvider(KEY), logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }), workDir: work,
    });
    const event: SQSEvent = { Records: Object.keys(FILES).map((k, i) => s3Event('landing', k, `m${i}`)) };
    const response = await handler(event, context);
    expect(response.batchItemFailures).toEqual([]);

    const keys = await bucketKeys(client, 'data');
    const receipts = keys.filter((k) => k.startsWith('receipts/'));
    expect(receipts).toHaveLength(3);
    expect(keys.filter((k) => k.startsWith('raw/') && !k.endsWith('.sha256'))).toHaveLength(3);
    expect(keys.filter((k) => k.startsWith('curated/') && k.endsWith('.parquet'))).toHaveLength(2);
    expect(keys.filter((k) => k.startsWith('curated/upload_ledger/'))).toHaveLength(2);
    expect(keys.filter((k) => k.startsWith('quarantine/'))).toHaveLength(1);

    // The same files through a local store, with the same received times.
    const local = new LocalStore(join(work, 'local'));
    for (const [key, body] of Object.entries(FILES)) {
      const head = await store.head(key);
      await local.put(key, body);
      await utimes(local.localPath(key), head!.lastModified, head!.lastModified);
      await processLandingObject(key, { store: local, keys: new StaticKeyProvider(KEY), workDir: work });
    }
    for (const key of receipts) {
      const remote = JSON.parse((await store.get(key)).toString('utf8'));
      const mine = JSON.parse((await local.get(key)).toString('utf8'));
      expect({ ...remote, processed_at: '' }).toEqual({ ...mine, processed_at: '' });
    }
    for (const key of keys.filter((k) => k.startsWith('curated/') && k.endsWith('.parquet'))) {
      const path = join(work, 'remote.parquet');
      await writeFile(path, await store.get(key));
      expect(await parquetRows(path)).toEqual(await parquetRows(local.localPath(key)));
    }
    const statuses = await Promise.all(receipts.map(async (k) => JSON.parse((await store.get(k)).toString('utf8')).status));
    expect(statuses.sort()).toEqual(['ACCEPTED', 'ACCEPTED_WITH_ERRORS', 'REJECTED']);

    // Redelivery of the same events writes nothing new.
    const again = await handler(event, context);
    expect(again.batchItemFailures).toEqual([]);
    expect(await bucketKeys(client, 'data')).toEqual(keys);
  });

  it('fails only the message that cannot be processed, so that it is retried and then dead-lettered', async () => {
    const store = new S3Store({ bucket: 'data', routes: { 'landing/': 'landing' }, client });
    const handler = createIngestHandler({
      store, keys: new StaticKeyProvider(KEY), logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }), workDir: work,
    });
    await client.send(new PutObjectCommand({ Bucket: 'landing', Key: 'landing/health/lac_health/2024-09/ok.csv', Body: 'assessment_ref,child_id,type,completed_date\nA1,C1,IHA,2024-09-10\n' }));
    const good = s3Event('landing', 'landing/health/lac_health/2024-09/ok.csv', 'good');
    const missing = s3Event('landing', 'landing/health/lac_health/2024-09/gone.csv', 'missing');
    const garbage = { ...good, messageId: 'garbage', body: 'not json' };
    const response = await handler({ Records: [good, missing, garbage] }, context);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['garbage', 'missing']);
    const body = await client.send(new GetObjectCommand({ Bucket: 'data', Key: (await bucketKeys(client, 'data')).find((k) => k.startsWith('receipts/health/'))! }));
    expect(JSON.parse(await body.Body!.transformToString()).status).toBe('ACCEPTED');
  });

  it('refuses to run without the pseudonymisation key, writing nothing', async () => {
    const store = new S3Store({ bucket: 'data', routes: { 'landing/': 'landing' }, client });
    const before = await bucketKeys(client, 'data');
    const handler = createIngestHandler({
      store, keys: { getKey: async () => { throw new Error('no key'); } }, logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }), workDir: work,
    });
    await client.send(new PutObjectCommand({ Bucket: 'landing', Key: 'landing/health/lac_health/2024-08/new.csv', Body: 'assessment_ref,child_id,type,completed_date\nA9,C9,IHA,2024-08-10\n' }));
    // Every record failed: the whole invocation fails, and SQS retries it.
    await expect(handler({ Records: [s3Event('landing', 'landing/health/lac_health/2024-08/new.csv', 'nokey')] }, context))
      .rejects.toThrow(/All records failed/);
    expect(await bucketKeys(client, 'data')).toEqual(before);
  });
});
