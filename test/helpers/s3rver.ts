/**
 * A real S3 API for tests: s3rver in a child process on 127.0.0.1, a random port and a
 * temporary folder. A child process because s3rver's list pagination uses DES, which
 * Node 17+ only offers with `--openssl-legacy-provider`, a flag a running vitest worker
 * cannot take. The child exits when the test process closes its stdin (also on a crash).
 *
 * @example
 * const s3 = await startS3rver({ buckets: ['data', 'landing'] });
 * const store = new S3Store({ bucket: 'data', client: s3.client() });
 * // ...
 * await s3.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { S3Client } from '@aws-sdk/client-s3';

export interface S3rverOptions {
  /** Buckets created at start. @default ['test'] */
  readonly buckets?: readonly string[];
}

export interface S3rverHandle {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  /** Where s3rver keeps the objects. */
  readonly directory: string;
  /** A client configured for this server (path-style, dummy credentials). */
  client(): S3Client;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

const CHILD = `
const S3rver = require('s3rver');
const server = new S3rver({
  address: '127.0.0.1', port: 0, silent: true,
  directory: process.env.S3RVER_DIRECTORY,
  configureBuckets: JSON.parse(process.env.S3RVER_BUCKETS).map((name) => ({ name })),
});
server.run().then(({ port }) => process.stdout.write(JSON.stringify({ port }) + '\\n'), (e) => { console.error(e); process.exit(1); });
process.stdin.on('end', () => server.close(() => process.exit(0)));
process.stdin.resume();
`;

export async function startS3rver(options: S3rverOptions = {}): Promise<S3rverHandle> {
  const buckets = options.buckets ?? ['test'];
  const directory = await mkdtemp(join(tmpdir(), 'outturn-s3rver-'));
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', CHILD], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NODE_OPTIONS: '', S3RVER_DIRECTORY: directory, S3RVER_BUCKETS: JSON.stringify(buckets) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const port = await readPort(child);
  const endpoint = `http://127.0.0.1:${port}`;
  const clients: S3Client[] = [];
  return {
    endpoint,
    port,
    directory,
    client() {
      const c = new S3Client({
        endpoint,
        region: 'eu-west-2',
        forcePathStyle: true,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      });
      clients.push(c);
      return c;
    },
    async stop() {
      for (const c of clients) c.destroy();
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin?.end();
        // s3rver waits for open connections; do not let a stuck one hold the suite.
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      });
      await rm(directory, { recursive: true, force: true });
    },
  };
}

function readPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (d) => { err += String(d); });
    child.stdout?.on('data', (d) => {
      out += String(d);
      const line = out.split('\n')[0];
      if (out.includes('\n')) {
        try {
          resolve((JSON.parse(line) as { port: number }).port);
        } catch (e) {
          reject(new Error(`s3rver printed an unexpected line: ${line.slice(0, 200)}`, { cause: e }));
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`s3rver exited with code ${code} before listening: ${err.slice(0, 2000)}`)));
    child.once('error', reject);
  });
}
