import { randomBytes } from 'node:crypto';
import { constants, createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertSafeKey, KeyConflictError, ObjectNotFoundError, type Store, type StoredObject } from './store';

/** A store in a local folder laid out exactly like the bucket. */
export class LocalStore implements Store {
  readonly root: string;
  readonly location: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.location = this.root;
  }

  localPath(key: string): string {
    assertSafeKey(key);
    const path = join(this.root, ...key.split('/'));
    if (!path.startsWith(this.root + sep)) throw new ObjectNotFoundError(key);
    return path;
  }

  async put(key: string, body: Buffer | string): Promise<void> {
    await this.atomically(key, (tmp) => writeFile(tmp, body));
  }

  async putFile(key: string, localPath: string): Promise<void> {
    if (resolve(localPath) === this.localPath(key)) return;
    await this.atomically(key, (tmp) => copyFile(localPath, tmp));
  }

  /**
   * A file copy, a reflink where the file system has them (copy-on-write, no bytes
   * copied). Not a hard link: a partner's tool may rewrite a landing file in place, and
   * the raw copy must keep the bytes received.
   */
  async copy(from: StoredObject, toKey: string): Promise<void> {
    if (!(await this.head(from.key))) throw new ObjectNotFoundError(from.key);
    const source = this.localPath(from.key);
    if (source === this.localPath(toKey)) return;
    await this.atomically(toKey, (tmp) => copyFile(source, tmp, constants.COPYFILE_FICLONE));
  }

  async get(key: string): Promise<Buffer> {
    try {
      return await readFile(this.localPath(key));
    } catch (e) {
      throw notFound(e, key);
    }
  }

  async getToFile(key: string, localPath: string): Promise<void> {
    try {
      await copyFile(this.localPath(key), localPath);
    } catch (e) {
      throw notFound(e, key);
    }
  }

  async stream(key: string): Promise<Readable> {
    const path = this.localPath(key);
    if (!(await this.head(key))) throw new ObjectNotFoundError(key);
    return createReadStream(path);
  }

  async head(key: string): Promise<StoredObject | undefined> {
    try {
      const s = await stat(this.localPath(key));
      return s.isFile() ? { key, size: s.size, lastModified: s.mtime } : undefined;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    // Walk from the deepest folder the prefix names, then filter by the full prefix.
    const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    const start = folder ? join(this.root, ...folder.split('/')) : this.root;
    for await (const key of walk(start, folder)) {
      if (!key.startsWith(prefix) || isTemp(key)) continue;
      const head = await this.head(key);
      if (head) yield head;
    }
  }

  /** Deletes the object; a key with no object (even a folder of others) is left as it is. */
  async delete(key: string): Promise<void> {
    try {
      await rm(this.localPath(key), { force: true });
    } catch (e) {
      if (!isNotFound(e) && (e as NodeJS.ErrnoException).code !== 'ERR_FS_EISDIR') throw e;
    }
  }

  /** Writes to a temp file in the target's folder, then renames over the target. */
  private async atomically(key: string, write: (tmp: string) => Promise<void>): Promise<void> {
    const path = this.localPath(key);
    try {
      await mkdir(dirname(path), { recursive: true });
    } catch (e) {
      throw conflict(e, key);
    }
    const tmp = `${path}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`;
    try {
      await write(tmp);
      await rename(tmp, path);
    } catch (e) {
      await rm(tmp, { force: true });
      throw conflict(e, key);
    }
  }
}

const TEMP_SUFFIX = '.partial';
const isTemp = (key: string) => key.endsWith(TEMP_SUFFIX);

async function* walk(dir: string, keyPrefix: string): AsyncIterable<string> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    if (isNotFound(e)) return;
    throw e;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const key = keyPrefix ? `${keyPrefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) yield* walk(join(dir, entry.name), key);
    else if (entry.isFile()) yield key;
  }
}

/**
 * Absent, for a read: no such file, a file where the key needs a folder (`a` stored,
 * `a/b` asked), or a folder where the key needs a file.
 */
function isNotFound(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

/** A write that failed because a file and a folder would need the same path. */
function conflict(e: unknown, key: string): unknown {
  const code = (e as NodeJS.ErrnoException)?.code;
  return code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'ENOTEMPTY'
    ? new KeyConflictError(key, { cause: e })
    : e;
}

function notFound(e: unknown, key: string): unknown {
  return isNotFound(e) ? new ObjectNotFoundError(key, { cause: e }) : e;
}

/** Streams a readable into a local file (used by stores that download). */
export async function streamToFile(body: Readable, localPath: string): Promise<void> {
  await mkdir(dirname(localPath), { recursive: true });
  await pipeline(body, createWriteStream(localPath));
}
