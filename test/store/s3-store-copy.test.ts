/**
 * S3Store.copy of an object too large for one CopyObject (over 5 GiB: an upload of up
 * to 10 GiB is accepted). s3rver has no UploadPartCopy, so the S3 client is mocked and
 * the test checks the requests: parts that cover the object exactly, each asking for the
 * bytes the head saw, and an aborted upload when a part fails.
 */
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CopyObjectCommand, CreateMultipartUploadCommand,
  S3Client, UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { S3Store, S3StoreError } from '../../functions/store/s3-store';

const s3 = mockClient(S3Client);
const GiB = 1024 ** 3;
const big = { key: 'landing/schools/attendance/2024-09/All Marks.csv', size: 7 * GiB + 12_345, lastModified: new Date(), etag: '"e1"' };
const store = () => new S3Store({ bucket: 'data', client: new S3Client({ region: 'eu-west-2' }), routes: { 'landing/': 'landing' }, partConcurrency: 3 });

describe('S3Store.copy of an object over 5 GiB', () => {
  beforeEach(() => {
    s3.reset();
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'up-1' });
    s3.on(UploadPartCopyCommand).callsFake((input: { PartNumber: number }) => ({ CopyPartResult: { ETag: `"p${input.PartNumber}"` } }));
    s3.on(CompleteMultipartUploadCommand).resolves({});
    s3.on(AbortMultipartUploadCommand).resolves({});
  });

  it('copies it in parts inside S3 that cover every byte once, each part only from the object the head saw', async () => {
    await store().copy(big, 'raw/schools/attendance/2024-09/u1/All Marks.csv');
    expect(s3.commandCalls(CopyObjectCommand)).toHaveLength(0);
    const parts = s3.commandCalls(UploadPartCopyCommand).map((c) => c.args[0].input).sort((a, b) => a.PartNumber! - b.PartNumber!);
    let next = 0;
    for (const [i, part] of parts.entries()) {
      expect(part).toMatchObject({
        Bucket: 'data', Key: 'raw/schools/attendance/2024-09/u1/All Marks.csv', UploadId: 'up-1', PartNumber: i + 1,
        CopySource: 'landing/landing/schools/attendance/2024-09/All%20Marks.csv', CopySourceIfMatch: '"e1"',
      });
      const [, from, to] = /^bytes=(\d+)-(\d+)$/.exec(part.CopySourceRange!)!.map(Number);
      expect(from).toBe(next);
      expect(to - from + 1).toBeLessThanOrEqual(5 * GiB);
      next = to + 1;
    }
    expect(next).toBe(big.size);
    const complete = s3.commandCalls(CompleteMultipartUploadCommand)[0].args[0].input;
    expect(complete.MultipartUpload?.Parts).toEqual(parts.map((p) => ({ PartNumber: p.PartNumber, ETag: `"p${p.PartNumber}"` })));
  });

  it('aborts the upload and says which copy failed when a part fails (the object changed since the head)', async () => {
    s3.on(UploadPartCopyCommand, { PartNumber: 2 }).rejects(Object.assign(new Error('At least one of the pre-conditions you specified did not hold'), { name: 'PreconditionFailed' }));
    const error = await store().copy(big, 'raw/x.csv').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(S3StoreError);
    expect((error as Error).message).toBe('S3 UploadPartCopy failed for s3://data/raw/x.csv');
    expect(s3.commandCalls(AbortMultipartUploadCommand).map((c) => c.args[0].input)).toEqual([{ Bucket: 'data', Key: 'raw/x.csv', UploadId: 'up-1' }]);
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
  });
});
