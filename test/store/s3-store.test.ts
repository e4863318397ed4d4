import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Store } from '../../functions/store/s3-store';
import { ObjectNotFoundError, UnsafeKeyError, type StoredObject } from '../../functions/store/store';
import { startS3rver, type S3rverHandle } from '../helpers/s3rver';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function all(iterable: AsyncIterable<StoredObject>): Promise<StoredObject[]> {
  const out: StoredObject[] = [];
  for await (const o of iterable) out.push(o);
  return out;
}

describe('S3Store against a real S3 API (s3rver)', () => {
  let s3: S3rverHandle;
  let client: S3Client;
  let work: string;

  beforeAll(async () => {
    s3 = await startS3rver({ buckets: ['data', 'landing', 'other'] });
    client = s3.client();
    work = await mkdtemp(join(tmpdir(), 'outturn-s3-store-'));
  });
  afterAll(async () => {
    await s3?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('writes, reads, heads and deletes an object', async () => {
    const store = new S3Store({ bucket: 'data', client });
    expect(store.location).toBe('s3://data/');
    expect(store.localPath()).toBeUndefined();
    await store.put('receipts/council/u1.json', '{"status":"ACCEPTED"}');
    expect((await store.get('receipts/council/u1.json')).toString()).toBe('{"status":"ACCEPTED"}');
    const head = await store.head('receipts/council/u1.json');
    expect(head).toMatchObject({ key: 'receipts/council/u1.json', size: 21 });
    expect(head!.lastModified).toBeInstanceOf(Date);
    await store.put('receipts/council/u1.json', Buffer.from('replaced'));
    expect((await store.get('receipts/council/u1.json')).toString()).toBe('replaced');
    await store.delete('receipts/council/u1.json');
    expect(await store.head('receipts/council/u1.json')).toBeUndefined();
    await expect(store.delete('receipts/council/u1.json')).resolves.toBeUndefined();
  });

  it('throws ObjectNotFoundError for a missing object from get, stream and getToFile', async () => {
    const store = new S3Store({ bucket: 'data', client });
    await expect(store.get('raw/nothing/here.csv')).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(store.stream('raw/nothing/here.csv')).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(store.getToFile('raw/nothing/here.csv', join(work, 'none'))).rejects.toBeInstanceOf(ObjectNotFoundError);
    expect(await store.head('raw/nothing/here.csv')).toBeUndefined();
  });

  it('uploads a file with one PUT and downloads it to a file and as a stream, byte for byte', async () => {
    const store = new S3Store({ bucket: 'data', client });
    const bytes = randomBytes(300_000);
    const source = join(work, 'small.bin');
    await writeFile(source, bytes);
    await store.putFile('raw/council/children/2024-03-31/u2/children.csv', source);
    const target = join(work, 'deep', 'folder', 'small.out');
    await store.getToFile('raw/council/children/2024-03-31/u2/children.csv', target);
    expect(sha256(await readFile(target))).toBe(sha256(bytes));
    const chunks: Buffer[] = [];
    for await (const chunk of await store.stream('raw/council/children/2024-03-31/u2/children.csv')) chunks.push(Buffer.from(chunk));
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(bytes));
  });

  it('uploads a file above the threshold in parts, byte for byte', async () => {
    const MiB = 1024 * 1024;
    const recording = s3.client();
    const commands: string[] = [];
    recording.middlewareStack.add((next, context) => async (args) => {
      commands.push(context.commandName as string);
      return next(args);
    }, { step: 'initialize', name: 'recordCommands' });
    const store = new S3Store({ bucket: 'data', client: recording, multipartThreshold: 6 * MiB, partSize: 5 * MiB, partConcurrency: 2 });
    const bytes = randomBytes(12 * MiB + 12_345);
    const source = join(work, 'big.bin');
    await writeFile(source, bytes);
    await store.putFile('curated/attendance/period=2024-03/u3.parquet', source);
    expect((await store.head('curated/attendance/period=2024-03/u3.parquet'))?.size).toBe(bytes.length);
    expect(sha256(await store.get('curated/attendance/period=2024-03/u3.parquet'))).toBe(sha256(bytes));
    expect(commands.filter((c) => c === 'UploadPartCommand')).toHaveLength(3);
    expect(commands).toContain('CompleteMultipartUploadCommand');
    expect(commands).not.toContain('PutObjectCommand');
  });

  it('lists every object under a prefix in key order, across pages', async () => {
    const counting = s3.client();
    let listCalls = 0;
    counting.middlewareStack.add((next, context) => async (args) => {
      if (context.commandName === 'ListObjectsV2Command') listCalls += 1;
      return next(args);
    }, { step: 'initialize', name: 'countLists' });
    const store = new S3Store({ bucket: 'other', client: counting, listPageSize: 7 });
    const keys = Array.from({ length: 23 }, (_, i) => `receipts/health/lac_health.2024-03.${String(i).padStart(3, '0')}.json`);
    for (const k of [...keys].reverse()) await store.put(k, k);
    await store.put('receipts/health/camhs_referrals.2024-03.000.json', 'x');
    await store.put('receipts/healthy/not-this.json', 'x');
    const listed = await all(store.list('receipts/health/lac_health.2024-03.'));
    expect(listed.map((o) => o.key)).toEqual(keys);
    expect(listed.every((o) => o.size === keys[0].length)).toBe(true);
    expect(listCalls).toBe(4);
    expect((await all(store.list('receipts/health/'))).length).toBe(24);
    expect(await all(store.list('receipts/police/'))).toEqual([]);
  });

  it('keeps keys under a key prefix and lists them without it', async () => {
    const store = new S3Store({ bucket: 'other', client, prefix: 'tenant-a/' });
    await store.put('reports/2024-03/public/scorecard.csv', 'a,b');
    const raw = await client.send(new GetObjectCommand({ Bucket: 'other', Key: 'tenant-a/reports/2024-03/public/scorecard.csv' }));
    expect(await raw.Body!.transformToString()).toBe('a,b');
    expect((await all(store.list('reports/'))).map((o) => o.key)).toEqual(['reports/2024-03/public/scorecard.csv']);
    expect(store.location).toBe('s3://other/tenant-a/');
  });

  it('routes landing/ to the landing bucket and merges both buckets in one listing', async () => {
    const store = new S3Store({ bucket: 'data', client, routes: { 'landing/': 'landing' } });
    await store.put('landing/council/children/2024-03-31/children.csv', 'child_id\n');
    await store.put('published/2024-03/values.json', '[]');
    const inLanding = await client.send(new ListObjectsV2Command({ Bucket: 'landing' }));
    expect(inLanding.Contents?.map((o) => o.Key)).toEqual(['landing/council/children/2024-03-31/children.csv']);
    expect((await store.get('landing/council/children/2024-03-31/children.csv')).toString()).toBe('child_id\n');
    expect((await all(store.list('landing/'))).map((o) => o.key)).toEqual(['landing/council/children/2024-03-31/children.csv']);
    const everything = (await all(store.list(''))).map((o) => o.key);
    expect(everything).toContain('landing/council/children/2024-03-31/children.csv');
    expect(everything).toContain('published/2024-03/values.json');
    expect(everything).toEqual([...everything].sort());
  });

  it('copies an object between buckets inside S3, byte for byte, only while it is the object the head saw', async () => {
    const recording = s3.client();
    const headers: Record<string, string>[] = [];
    recording.middlewareStack.add((next) => async (args) => {
      headers.push({ ...(args.request as { headers: Record<string, string> }).headers });
      return next(args);
    }, { step: 'finalizeRequest', name: 'recordHeaders' });
    const store = new S3Store({ bucket: 'data', client: recording, routes: { 'landing/': 'landing' } });
    const bytes = randomBytes(200_000);
    await store.put('landing/council/children/2024-03-31/Children March.csv', bytes);
    const head = (await store.head('landing/council/children/2024-03-31/Children March.csv'))!;
    expect(head.etag).toMatch(/^"[0-9a-f]{32}"$/);
    await store.copy(head, 'raw/council/children/2024-03-31/u1/Children March.csv');
    expect(sha256(await store.get('raw/council/children/2024-03-31/u1/Children March.csv'))).toBe(sha256(bytes));
    expect(headers.at(-2)).toMatchObject({
      'x-amz-copy-source': 'landing/landing/council/children/2024-03-31/Children%20March.csv',
      'x-amz-copy-source-if-match': head.etag,
    });
    await expect(store.copy({ ...head, key: 'landing/council/none.csv' }, 'raw/x.csv')).rejects.toThrow(/CopyObject failed/);
  });

  it('asks for SSE-KMS with the configured key on every write', async () => {
    const store = new S3Store({ bucket: 'data', client: s3.client(), kmsKeyId: 'arn:aws:kms:eu-west-2:123456789012:key/abc', multipartThreshold: 6 * 1024 * 1024 });
    const seen: Record<string, string>[] = [];
    store.client.middlewareStack.add((next) => async (args) => {
      seen.push({ ...(args.request as { headers: Record<string, string> }).headers });
      return next(args);
    }, { step: 'finalizeRequest', name: 'recordHeaders' });
    await store.put('indicators/indicator_values/period=2024-03/indicator_values.parquet', 'x');
    const kms = {
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': 'arn:aws:kms:eu-west-2:123456789012:key/abc',
    };
    expect(seen.at(-1)).toMatchObject(kms);
    await store.put('landing/council/children/2024-03-31/children.csv', 'x');
    await store.copy((await store.head('landing/council/children/2024-03-31/children.csv'))!, 'raw/council/children/2024-03-31/u2/children.csv');
    expect(seen.at(-1)).toMatchObject(kms);
  });

  it.each(['../etc/passwd', '/absolute', 'a//b', 'a/./b', 'back\\slash', ''])('refuses the unsafe key %j before calling S3', async (key) => {
    const store = new S3Store({ bucket: 'data', client });
    await expect(store.put(key, 'x')).rejects.toBeInstanceOf(UnsafeKeyError);
    await expect(store.head(key)).rejects.toBeInstanceOf(UnsafeKeyError);
    await expect(store.delete(key)).rejects.toBeInstanceOf(UnsafeKeyError);
  });

  it('rejects misconfiguration with the value and the fix', () => {
    expect(() => new S3Store({ bucket: 'data', client, prefix: 'no-slash' })).toThrow(/must be relative and end with '\/'/);
    expect(() => new S3Store({ bucket: 'data', client, routes: { landing: 'x' } })).toThrow(/route "landing" must end with '\/'/);
    expect(() => new S3Store({ bucket: 'data', client, partSize: 1024 })).toThrow(/below S3's minimum/);
  });
});
