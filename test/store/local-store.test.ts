import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStore } from '../../functions/store/local-store';
import { KeyConflictError, ObjectNotFoundError } from '../../functions/store/store';
import { uploadFile } from '../../functions/ingest/upload';
import { StaticKeyProvider } from '../../functions/ingest/pseudonymise';
import { keysUnder } from '../helpers/ingest';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'outturn-local-store-'));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

// A bucket holds `a` and `a/b` side by side; a folder cannot. The folder store says so
// with its own error, keeps what it holds, and reads such keys as absent.
describe('LocalStore: keys a bucket can hold but a folder cannot', () => {
  it('refuses a key under an object, and an object where a folder of objects is, keeping both', async () => {
    const store = new LocalStore(join(work, 'conflicts'));
    await store.put('landing/con', 'object');
    await store.put('landing/dir/inside.csv', 'inside');
    const source = join(work, 'source.csv');
    await writeFile(source, 'x');

    for (const write of [
      () => store.put('landing/con/nul.csv', 'x'),
      () => store.put('landing/con/deeper/nul.csv', 'x'),
      () => store.putFile('landing/con/nul.csv', source),
      () => store.put('landing/dir', 'x'),
      () => store.putFile('landing/dir', source),
    ]) {
      await expect(write()).rejects.toBeInstanceOf(KeyConflictError);
    }
    expect(await keysUnder(store, '')).toEqual(['landing/con', 'landing/dir/inside.csv']);
    expect((await store.get('landing/con')).toString()).toBe('object');
    expect((await store.get('landing/dir/inside.csv')).toString()).toBe('inside');
    // No temp file is left beside the folder that refused the write.
    expect((await readdir(join(store.root, 'landing'))).sort()).toEqual(['con', 'dir']);
  });

  it('reads such keys as absent, as a bucket would, and deleting them changes nothing', async () => {
    const store = new LocalStore(join(work, 'absent'));
    await store.put('a', 'object');
    await store.put('b/c', 'inside');
    for (const key of ['a/x', 'a/x/y', 'b']) {
      expect(await store.head(key)).toBeUndefined();
      await expect(store.get(key)).rejects.toBeInstanceOf(ObjectNotFoundError);
      await expect(store.getToFile(key, join(work, 'out'))).rejects.toBeInstanceOf(ObjectNotFoundError);
      await expect(store.stream(key)).rejects.toBeInstanceOf(ObjectNotFoundError);
      await expect(store.delete(key)).resolves.toBeUndefined();
      expect(await keysUnder(store, `${key}/`)).toEqual(key === 'b' ? ['b/c'] : []);
    }
    expect(await keysUnder(store, '')).toEqual(['a', 'b/c']);
  });

  it('an upload under an existing object fails with the conflict and writes nothing else', async () => {
    const store = new LocalStore(join(work, 'upload'));
    const file = join(work, 'upload.csv');
    await writeFile(file, 'child_id,date_of_birth,sex\nC1,2015-01-01,F\n');
    const options = { store, keys: new StaticKeyProvider(Buffer.alloc(32, 3)), workDir: work, memoryLimit: '128MB', threads: 1, file };
    const first = await uploadFile({ ...options, key: 'con' });
    expect(first.key).toBe('landing/con');
    const before = await keysUnder(store, '');
    const error = await uploadFile({ ...options, key: 'con/nul.csv' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeyConflictError);
    expect((error as Error).message).toContain("'landing/con/nul.csv'");
    expect(await keysUnder(store, '')).toEqual(before);
  });
});

describe('LocalStore.copy', () => {
  it('keeps the bytes it copied when the source is rewritten in place, as a partner\'s tool may', async () => {
    const store = new LocalStore(join(work, 'store'));
    await store.put('landing/council/children/2024-03-31/children.csv', 'child_id\nC1\n');
    await store.copy((await store.head('landing/council/children/2024-03-31/children.csv'))!, 'raw/council/u1/children.csv');
    await writeFile(store.localPath('landing/council/children/2024-03-31/children.csv'), 'child_id\nC2\n');
    expect((await store.get('raw/council/u1/children.csv')).toString()).toBe('child_id\nC1\n');
    expect(await keysUnder(store, 'raw/')).toEqual(['raw/council/u1/children.csv']);
  });

  it('throws ObjectNotFoundError for a source that is gone, writing nothing', async () => {
    const store = new LocalStore(join(work, 'gone'));
    const gone = { key: 'landing/x.csv', size: 1, lastModified: new Date() };
    await expect(store.copy(gone, 'raw/x.csv')).rejects.toBeInstanceOf(ObjectNotFoundError);
    expect(await keysUnder(store, '')).toEqual([]);
  });
});
