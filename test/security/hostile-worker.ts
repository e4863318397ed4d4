/**
 * Ingests one file in a process of its own and reports the receipt's outcome with the
 * process's peak memory, so a test can bound the memory a hostile file costs:
 * `node --import tsx hostile-worker.ts <file> <key>` prints
 * `{"status","codes","maxRssMiB"}` as one JSON line.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StaticKeyProvider } from '../../functions/ingest/pseudonymise';
import { uploadFile } from '../../functions/ingest/upload';
import { LocalStore } from '../../functions/store/local-store';

const [file, key] = process.argv.slice(2);
const folder = await mkdtemp(join(tmpdir(), 'outturn-hostile-'));
try {
  const receipt = await uploadFile({
    store: new LocalStore(join(folder, 'store')), keys: new StaticKeyProvider(Buffer.alloc(32, 7)),
    workDir: folder, memoryLimit: '128MB', threads: 1, file, key,
  });
  const codes = [...new Set(receipt.errors.map((e) => e.code))];
  process.stdout.write(`${JSON.stringify({ status: receipt.status, codes, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
} finally {
  await rm(folder, { recursive: true, force: true });
}
