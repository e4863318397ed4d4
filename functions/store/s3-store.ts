/**
 * The store in AWS: S3 buckets behind the same keys as the local folder. Keys under a
 * routed prefix (typically `landing/`) can live in another bucket than the rest, so the
 * partners' landing bucket and the data bucket look like one store to the ingest.
 *
 * Every write is one atomic S3 operation: a single PUT, or for large files a multipart
 * upload that only becomes visible when completed (and is aborted on failure).
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  UploadPartCopyCommand,
  type CompletedPart,
  type ServerSideEncryption,
} from '@aws-sdk/client-s3';
import { streamToFile } from './local-store';
import { assertSafeKey, ObjectNotFoundError, type Store, type StoredObject } from './store';

export interface S3StoreOptions {
  /** The bucket of every key not under a routed prefix. */
  readonly bucket: string;
  /** @default a client for the environment's region and credentials */
  readonly client?: S3Client;
  /**
   * Prepended to every key in every bucket (e.g. `tenant-a/`), and removed from listed
   * keys. Must end with `/`. @default '' (keys are the bucket keys)
   */
  readonly prefix?: string;
  /**
   * Other buckets for keys under a prefix, e.g. `{ 'landing/': 'outturn-prod-landing' }`.
   * Each routed prefix must end with `/`. @default {} (one bucket)
   */
  readonly routes?: Readonly<Record<string, string>>;
  /**
   * A KMS key to request SSE-KMS with on every write. @default none: the bucket's
   * default encryption applies (KMS for Outturn's buckets)
   */
  readonly kmsKeyId?: string;
  /** Files larger than this go up as a multipart upload. @default 100 MiB */
  readonly multipartThreshold?: number;
  /** Size of each part of a multipart upload (S3's minimum is 5 MiB). @default 64 MiB */
  readonly partSize?: number;
  /** Parts uploaded at the same time (memory use is about this × partSize). @default 4 */
  readonly partConcurrency?: number;
  /** Keys per ListObjectsV2 page (S3's maximum is 1000). @default 1000 */
  readonly listPageSize?: number;
}

/** An S3 call failed for a reason other than a missing object. */
export class S3StoreError extends Error {
  constructor(readonly operation: string, readonly bucket: string, readonly key: string, options?: ErrorOptions) {
    super(`S3 ${operation} failed for s3://${bucket}/${key}`, options);
    this.name = 'S3StoreError';
  }
}

const MiB = 1024 * 1024;
/** S3 allows at most this many parts in one upload. */
const MAX_PARTS = 10_000;
/** The largest object one CopyObject copies; larger ones are copied in parts. */
const MAX_COPY_BYTES = 5 * 1024 * MiB;
/** The part size of a copy in parts (S3 allows up to 5 GiB a part). */
const COPY_PART_BYTES = 1024 * MiB;

export class S3Store implements Store {
  readonly location: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly client: S3Client;
  private readonly routes: readonly (readonly [string, string])[];
  private readonly kmsKeyId: string | undefined;
  private readonly multipartThreshold: number;
  private readonly partSize: number;
  private readonly partConcurrency: number;
  private readonly listPageSize: number;

  constructor(options: S3StoreOptions) {
    this.bucket = options.bucket;
    this.prefix = options.prefix ?? '';
    this.client = options.client ?? new S3Client({});
    this.kmsKeyId = options.kmsKeyId;
    this.multipartThreshold = options.multipartThreshold ?? 100 * MiB;
    this.partSize = options.partSize ?? 64 * MiB;
    this.partConcurrency = options.partConcurrency ?? 4;
    this.listPageSize = options.listPageSize ?? 1000;
    // Longest prefix first, so that a nested route wins over its parent.
    this.routes = Object.entries(options.routes ?? {}).sort((a, b) => b[0].length - a[0].length);

    if (!options.bucket) throw new TypeError('S3Store: bucket is required');
    if (this.prefix && (!this.prefix.endsWith('/') || this.prefix.startsWith('/'))) {
      throw new TypeError(`S3Store: prefix ${JSON.stringify(this.prefix)} must be relative and end with '/' (e.g. 'tenant-a/')`);
    }
    for (const [route] of this.routes) {
      if (!route.endsWith('/')) throw new TypeError(`S3Store: route ${JSON.stringify(route)} must end with '/' (e.g. 'landing/')`);
    }
    if (this.partSize < 5 * MiB) throw new RangeError(`S3Store: partSize ${this.partSize} is below S3's minimum of ${5 * MiB} bytes`);
    if (!(this.partConcurrency >= 1)) throw new RangeError(`S3Store: partConcurrency ${this.partConcurrency} must be at least 1`);
    this.location = `s3://${this.bucket}/${this.prefix}`;
  }

  localPath(): undefined {
    return undefined;
  }

  async put(key: string, body: Buffer | string): Promise<void> {
    const { bucket, objectKey } = this.resolve(key);
    await this.call('PutObject', bucket, key, () => this.client.send(new PutObjectCommand({
      Bucket: bucket, Key: objectKey, Body: body, ...this.encryption(),
    })));
  }

  async putFile(key: string, localPath: string): Promise<void> {
    const { bucket, objectKey } = this.resolve(key);
    const size = (await stat(localPath)).size;
    if (size <= this.multipartThreshold) {
      await this.call('PutObject', bucket, key, () => this.client.send(new PutObjectCommand({
        Bucket: bucket, Key: objectKey, Body: createReadStream(localPath), ContentLength: size, ...this.encryption(),
      })));
      return;
    }
    const file = await open(localPath, 'r');
    try {
      // Grow the part size for very large files rather than exceed S3's part count.
      await this.multipart(bucket, objectKey, key, size, Math.max(this.partSize, Math.ceil(size / MAX_PARTS)), async (uploadId, part, start, length) => {
        const buffer = Buffer.allocUnsafe(length);
        const { bytesRead } = await file.read(buffer, 0, length, start);
        if (bytesRead !== length) throw new S3StoreError('UploadPart', bucket, key, { cause: new Error('file changed size while uploading') });
        const r = await this.call('UploadPart', bucket, key, () => this.client.send(new UploadPartCommand({
          Bucket: bucket, Key: objectKey, UploadId: uploadId, PartNumber: part, Body: buffer, ContentLength: length,
        })));
        return r.ETag;
      });
    } finally {
      await file.close();
    }
  }

  async copy(from: StoredObject, toKey: string): Promise<void> {
    const source = this.resolve(from.key);
    const { bucket, objectKey } = this.resolve(toKey);
    const copySource = `${source.bucket}/${source.objectKey.split('/').map(encodeURIComponent).join('/')}`;
    const ifMatch = from.etag ? { CopySourceIfMatch: from.etag } : {};
    if (from.size <= MAX_COPY_BYTES) {
      // The partner's tags stay behind (copying them would need tagging permissions).
      await this.call('CopyObject', bucket, toKey, () => this.client.send(new CopyObjectCommand({
        Bucket: bucket, Key: objectKey, CopySource: copySource, ...ifMatch, TaggingDirective: 'REPLACE', ...this.encryption(),
      })));
      return;
    }
    await this.multipart(bucket, objectKey, toKey, from.size, Math.max(COPY_PART_BYTES, Math.ceil(from.size / MAX_PARTS)), async (uploadId, part, start, length) => {
      const r = await this.call('UploadPartCopy', bucket, toKey, () => this.client.send(new UploadPartCopyCommand({
        Bucket: bucket, Key: objectKey, UploadId: uploadId, PartNumber: part, CopySource: copySource,
        CopySourceRange: `bytes=${start}-${start + length - 1}`, ...ifMatch,
      })));
      return r.CopyPartResult?.ETag;
    });
  }

  async get(key: string): Promise<Buffer> {
    const body = await this.getBody(key);
    return Buffer.from(await body.transformToByteArray());
  }

  async getToFile(key: string, localPath: string): Promise<void> {
    await streamToFile(await this.stream(key), localPath);
  }

  async stream(key: string): Promise<Readable> {
    return (await this.getBody(key)) as unknown as Readable;
  }

  async head(key: string): Promise<StoredObject | undefined> {
    const { bucket, objectKey } = this.resolve(key);
    try {
      const r = await this.client.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey }));
      return { key, size: r.ContentLength ?? 0, lastModified: r.LastModified ?? new Date(0), ...(r.ETag ? { etag: r.ETag } : {}) };
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw new S3StoreError('HeadObject', bucket, key, { cause: e });
    }
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    if (prefix) assertSafePrefix(prefix);
    const sources: AsyncIterator<StoredObject>[] = [];
    const route = this.routeOf(prefix);
    if (route) {
      sources.push(this.listBucket(route[1], prefix)[Symbol.asyncIterator]());
    } else {
      // Keys under a routed prefix belong to the routed bucket, never to the main one.
      const routed = this.routes.map(([r]) => r);
      sources.push(filter(this.listBucket(this.bucket, prefix), (o) => !routed.some((r) => o.key.startsWith(r)))[Symbol.asyncIterator]());
      for (const [r, bucket] of this.routes) {
        if (r.startsWith(prefix)) sources.push(this.listBucket(bucket, r)[Symbol.asyncIterator]());
      }
    }
    yield* mergeByKey(sources);
  }

  async delete(key: string): Promise<void> {
    const { bucket, objectKey } = this.resolve(key);
    await this.call('DeleteObject', bucket, key, () => this.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey })));
  }

  /** The bucket and the full object key behind a store key. */
  resolve(key: string): { bucket: string; objectKey: string } {
    assertSafeKey(key);
    return { bucket: this.routeOf(key)?.[1] ?? this.bucket, objectKey: `${this.prefix}${key}` };
  }

  private routeOf(key: string): readonly [string, string] | undefined {
    return this.routes.find(([r]) => key.startsWith(r));
  }

  private encryption(): { ServerSideEncryption?: ServerSideEncryption; SSEKMSKeyId?: string } {
    return this.kmsKeyId ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: this.kmsKeyId } : {};
  }

  private async getBody(key: string) {
    const { bucket, objectKey } = this.resolve(key);
    try {
      const r = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey }));
      if (!r.Body) throw new ObjectNotFoundError(key);
      return r.Body;
    } catch (e) {
      if (e instanceof ObjectNotFoundError) throw e;
      if (isNotFound(e)) throw new ObjectNotFoundError(key, { cause: e });
      throw new S3StoreError('GetObject', bucket, key, { cause: e });
    }
  }

  private async *listBucket(bucket: string, prefix: string): AsyncIterable<StoredObject> {
    let token: string | undefined;
    do {
      const page = await this.call('ListObjectsV2', bucket, prefix, () => this.client.send(new ListObjectsV2Command({
        Bucket: bucket, Prefix: `${this.prefix}${prefix}`, ContinuationToken: token, MaxKeys: this.listPageSize,
      })));
      for (const o of page.Contents ?? []) {
        if (!o.Key) continue;
        yield { key: o.Key.slice(this.prefix.length), size: o.Size ?? 0, lastModified: o.LastModified ?? new Date(0), ...(o.ETag ? { etag: o.ETag } : {}) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /**
   * A multipart upload of `size` bytes in parts of `partSize`, `sendPart` sending each
   * (1-based number, first byte, length) and returning its ETag; aborted on any failure.
   */
  private async multipart(
    bucket: string, objectKey: string, key: string, size: number, partSize: number,
    sendPart: (uploadId: string, part: number, start: number, length: number) => Promise<string | undefined>,
  ): Promise<void> {
    const created = await this.call('CreateMultipartUpload', bucket, key, () => this.client.send(new CreateMultipartUploadCommand({
      Bucket: bucket, Key: objectKey, ...this.encryption(),
    })));
    const uploadId = created.UploadId;
    if (!uploadId) throw new S3StoreError('CreateMultipartUpload', bucket, key);
    try {
      const count = Math.ceil(size / partSize);
      const parts: CompletedPart[] = new Array(count);
      let next = 0;
      const worker = async () => {
        while (next < count) {
          const index = next++;
          const start = index * partSize;
          parts[index] = { PartNumber: index + 1, ETag: await sendPart(uploadId, index + 1, start, Math.min(partSize, size - start)) };
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.partConcurrency, count) }, worker));
      await this.call('CompleteMultipartUpload', bucket, key, () => this.client.send(new CompleteMultipartUploadCommand({
        Bucket: bucket, Key: objectKey, UploadId: uploadId, MultipartUpload: { Parts: parts },
      })));
    } catch (e) {
      // Best effort: the bucket's lifecycle rule removes incomplete uploads anyway.
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: objectKey, UploadId: uploadId })).catch(() => undefined);
      throw e;
    }
  }

  private async call<T>(operation: string, bucket: string, key: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (e) {
      if (e instanceof S3StoreError) throw e;
      throw new S3StoreError(operation, bucket, key, { cause: e });
    }
  }
}

function isNotFound(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err?.name === 'NoSuchKey' || err?.name === 'NotFound' || err?.$metadata?.httpStatusCode === 404;
}

/** A list prefix may end part-way through a segment (`receipts/council/children.2024-03.`). */
function assertSafePrefix(prefix: string): void {
  assertSafeKey(prefix.endsWith('/') ? `${prefix}x` : prefix);
}

async function* filter<T>(source: AsyncIterable<T>, keep: (item: T) => boolean): AsyncIterable<T> {
  for await (const item of source) if (keep(item)) yield item;
}

/** Merges iterators that each yield in key order into one in key order. */
async function* mergeByKey(sources: AsyncIterator<StoredObject>[]): AsyncIterable<StoredObject> {
  if (sources.length === 1) {
    for (let r = await sources[0].next(); !r.done; r = await sources[0].next()) yield r.value;
    return;
  }
  const heads = await Promise.all(sources.map((s) => s.next()));
  for (;;) {
    let best = -1;
    for (let i = 0; i < heads.length; i++) {
      if (heads[i].done) continue;
      if (best < 0 || heads[i].value.key < heads[best].value.key) best = i;
    }
    if (best < 0) return;
    yield heads[best].value;
    heads[best] = await sources[best].next();
  }
}
