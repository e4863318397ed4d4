/** The receipt's SHA-256 of a file, read in chunks: the same digest as hashing it whole. */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256File } from '../../functions/ingest/digest';

const MiB = 1024 * 1024;

describe('sha256File', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'outturn-digest-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  // Empty, one byte, exactly two of its 4 MiB reads, and several reads with a part left over.
  it.each([0, 1, 8 * MiB, 9 * MiB + 12345])('gives the SHA-256 of a file of %i bytes', async (size) => {
    const bytes = randomBytes(size);
    const path = join(work, `f${size}`);
    await writeFile(path, bytes);
    expect(await sha256File(path)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('fails for a missing file', async () => {
    await expect(sha256File(join(work, 'missing'))).rejects.toThrow(/ENOENT/);
  });
});
