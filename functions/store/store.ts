/**
 * The object store Outturn writes to: a bucket in AWS, a folder on one machine.
 * Keys are `/`-separated and relative to the store's root, laid out as in
 * `./layout.ts`. Every write is atomic: a reader sees the old object or the new one.
 */
import type { Readable } from 'node:stream';

export interface StoredObject {
  readonly key: string;
  readonly size: number;
  /** When the object was written (the S3 LastModified; the file's mtime locally). */
  readonly lastModified: Date;
  /** The S3 ETag, which names these bytes (none locally). */
  readonly etag?: string;
}

export interface Store {
  /** A short description for messages: the folder or `s3://bucket`. */
  readonly location: string;
  /** Writes bytes atomically (temp object then rename locally; a single PUT on S3). */
  put(key: string, body: Buffer | string): Promise<void>;
  /** Writes a local file's bytes atomically, streaming (for large Parquet and raw copies). */
  putFile(key: string, localPath: string): Promise<void>;
  /**
   * Copies the object `from` (as `head` or `list` gave it) to another key, atomically and
   * without its bytes passing through this process on S3: a server-side copy, which fails
   * rather than copy other bytes if the object has changed since `from` was read.
   */
  copy(from: StoredObject, toKey: string): Promise<void>;
  /** Reads a whole object; throws `ObjectNotFoundError` when absent. */
  get(key: string): Promise<Buffer>;
  /** Streams an object to a local file (for large inputs). */
  getToFile(key: string, localPath: string): Promise<void>;
  /** Streams an object. */
  stream(key: string): Promise<Readable>;
  /** The object's metadata, or undefined when absent. */
  head(key: string): Promise<StoredObject | undefined>;
  /** Every object under a prefix (recursive), in key order. */
  list(prefix: string): AsyncIterable<StoredObject>;
  delete(key: string): Promise<void>;
  /**
   * The local file behind a key when the store is a folder (DuckDB reads it in place);
   * undefined for remote stores.
   */
  localPath(key: string): string | undefined;
}

export class ObjectNotFoundError extends Error {
  constructor(readonly key: string, options?: ErrorOptions) {
    super(`No object at '${key}'`, options);
    this.name = 'ObjectNotFoundError';
  }
}

/** Thrown for a key that would leave the store's root or is not a plain relative key. */
export class UnsafeKeyError extends Error {
  constructor(readonly key: string) {
    super(`Refusing key outside the store: ${JSON.stringify(key.slice(0, 200))}`);
    this.name = 'UnsafeKeyError';
  }
}

/**
 * Thrown by a folder store for a key that a bucket could hold but a folder cannot:
 * an object where the key needs a folder (`a` stored, `a/b` asked), or the reverse.
 */
export class KeyConflictError extends Error {
  constructor(readonly key: string, options?: ErrorOptions) {
    super(
      `Cannot store '${key}' in a folder store: part of its path is already an object, or the key is already a folder of other objects. A bucket can hold both; a folder cannot. Use another name.`,
      options,
    );
    this.name = 'KeyConflictError';
  }
}

/**
 * Checks a key before any file-system or S3 call: relative, `/`-separated, no empty,
 * `.` or `..` segments, no backslashes or control characters.
 */
export function assertSafeKey(key: string): void {
  // eslint-disable-next-line no-control-regex
  if (key.length === 0 || key.length > 1024 || /[\u0000-\u001f\u007f\\]/.test(key) || key.startsWith('/')) {
    throw new UnsafeKeyError(key);
  }
  for (const segment of key.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') throw new UnsafeKeyError(key);
  }
}
