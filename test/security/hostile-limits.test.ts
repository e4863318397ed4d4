/**
 * Issue 8, hostile input at scale: files built to exhaust memory (zip bombs, a header of
 * two million columns, a field of megabytes) end as F003/F006 receipts, each ingested in
 * a process of its own whose peak memory is measured; and keys with `..`, absolute
 * paths, odd Unicode or control characters never reach outside the store.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaticKeyProvider } from '../../functions/ingest/pseudonymise';
import { uploadFile } from '../../functions/ingest/upload';
import { LocalStore } from '../../functions/store/local-store';
import { KeyConflictError, UnsafeKeyError } from '../../functions/store/store';
import { bombSheet, workbookParts, writeWideCsv, writeZip } from './hostile-files';
import { expectCleanOutcome, filesUnder } from './outcome';

const PROJECT = fileURLToPath(new URL('../..', import.meta.url));
const WORKER = fileURLToPath(new URL('./hostile-worker.ts', import.meta.url));
const RUNS = Number(process.env.OUTTURN_FUZZ_RUNS ?? 40);
/** Node, tsx and DuckDB alone take about 130 MiB; a hostile file may add little to that. */
const MAX_RSS_MIB = 320;

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'outturn-limits-'));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

interface WorkerResult { status: string; codes: string[]; maxRssMiB: number }

function ingestInChild(file: string, key: string): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, file, key], {
      cwd: PROJECT, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += String(d); });
    child.stderr.on('data', (d) => { err += String(d); });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`worker exited with ${code}: ${err.slice(-2000)}`));
      else resolve(JSON.parse(out.trim().split('\n').pop()!) as WorkerResult);
    });
  });
}

describe('files built to exhaust memory', () => {
  it.each([
    { name: 'a sheet of one 300 MiB cell, sizes declared honestly', sheet: { mib: 300, shape: 'one-cell' as const }, code: 'F006' },
    { name: 'a sheet declaring 2 KiB that inflates to 300 MiB', sheet: { mib: 300, shape: 'one-cell' as const, declaredSize: 2048 }, code: 'F003' },
    { name: 'a sheet declaring 1.5 GiB', sheet: { mib: 1536, shape: 'one-cell' as const }, code: 'F006' },
    { name: 'a row of eight million cells', sheet: { mib: 300, shape: 'wide-row' as const }, code: /^F00[36]$/ },
  ])('ends an XLSX zip bomb ($name) as $code within bounded memory', async ({ sheet, code }) => {
    const file = join(work, 'bomb.xlsx');
    const bytes = await writeZip(file, [...workbookParts(), bombSheet(sheet)]);
    expect(bytes).toBeLessThan(2 * 1024 * 1024);
    const result = await ingestInChild(file, 'council/children/2024-09-30/bomb.xlsx');
    expect(result.status).toBe('REJECTED');
    expect(result.codes[0]).toMatch(code);
    expect(result.maxRssMiB).toBeLessThan(MAX_RSS_MIB);
    console.info(`zip bomb (${bytes} bytes): ${result.codes[0]}, peak RSS ${result.maxRssMiB} MiB`);
  });

  it('ends a CSV header of 2,000,000 columns as F006 within bounded memory', async () => {
    const file = join(work, 'wide.csv');
    await writeWideCsv(file, 2_000_000);
    const result = await ingestInChild(file, 'schools/attendance/2024-09/wide.csv');
    expect(result).toMatchObject({ status: 'REJECTED', codes: ['F006'] });
    expect(result.maxRssMiB).toBeLessThan(MAX_RSS_MIB);
    console.info(`2,000,000 columns: F006, peak RSS ${result.maxRssMiB} MiB`);
  });

  it('ends a quoted field that never closes (40 MiB) as F006 within bounded memory', async () => {
    const file = join(work, 'open-quote.csv');
    await writeFile(file, `child_id,date_of_birth,sex\nC1,2015-01-01,"${'x'.repeat(40 * 1024 * 1024)}`);
    const result = await ingestInChild(file, 'council/children/2024-09-30/open-quote.csv');
    expect(result).toMatchObject({ status: 'REJECTED', codes: ['F006'] });
    expect(result.maxRssMiB).toBeLessThan(MAX_RSS_MIB);
  });
});

describe('keys that try to leave the store', () => {
  const segment = fc.oneof(
    fc.constantFrom('..', '.', '', '...', '..\\..', '%2e%2e', '\u2025', '\uFF0E\uFF0E', 'C:', '~', '$HOME', 'con', 'a\u0000b', 'x\ny', '\u202Eexe.csv', 'e\u0301', '\uD800', 'nul.csv'),
    fc.string({ unit: 'binary', maxLength: 8 }),
  );
  const hostileKey = fc.oneof(
    fc.array(segment, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('/')),
    fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => `/${parts.join('/')}`),
    fc.array(segment, { maxLength: 3 }).map((parts) => `council/children/2024-09-30/${parts.join('/')}x.csv`),
  );

  it('never writes outside the store folder, whatever the key', async () => {
    const folder = await mkdtemp(join(work, 'keys-'));
    const store = new LocalStore(join(folder, 'store'));
    const file = join(folder, 'input.csv');
    await writeFile(file, 'child_id,date_of_birth,sex\nC1,2015-01-01,F\n');
    let refused = 0;
    let receipts = 0;
    await fc.assert(fc.asyncProperty(hostileKey, async (key) => {
      try {
        const receipt = await uploadFile({ store, keys: new StaticKeyProvider(Buffer.alloc(32, 3)), workDir: folder, memoryLimit: '128MB', threads: 1, file, key });
        receipts++;
        await expectCleanOutcome(store, receipt);
        // The receipt's own key is safe, and so is every key it names.
        expect(receipt.key.startsWith('landing/')).toBe(true);
      } catch (e) {
        // Refused as unsafe, or (folder store only) under a key an earlier run stored as an object.
        if (!(e instanceof KeyConflictError)) expect(e).toBeInstanceOf(UnsafeKeyError);
        refused++;
      }
      const outside = (await filesUnder(folder)).filter((f) => f !== file && !f.startsWith(store.root + sep) && !f.includes(`${sep}outturn-ingest-`));
      expect(outside).toEqual([]);
    }), { numRuns: RUNS });
    expect(refused + receipts).toBeGreaterThan(0);
    console.info(`hostile keys: ${refused} refused, ${receipts} ended in a receipt`);
  });

  it.each(['../../etc/passwd', '/etc/passwd', 'landing/../../x', 'a/./b', 'a//b', 'a\\..\\b', 'a/\u0000/b', 'a/\u007f'])('refuses %j in every store call', async (key) => {
    const store = new LocalStore(join(work, 'refuse'));
    for (const call of [() => store.put(key, 'x'), () => store.get(key), () => store.head(key), () => store.delete(key), () => store.putFile(key, join(work, 'none'))]) {
      await expect(call()).rejects.toBeInstanceOf(UnsafeKeyError);
    }
  });
});
