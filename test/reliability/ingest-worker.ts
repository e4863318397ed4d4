/**
 * A separate process for the concurrency tests: `node --import tsx ingest-worker.ts
 * <store> object <landing key>` processes one landing object as a Lambda would;
 * `… <store> cli <verb> [args]` runs the `outturn` command line on the store. The
 * pseudonymisation key comes from `OUTTURN_PSEUDO_KEY`. Prints the receipt (object) or
 * the command's output (cli); the exit code is the command's, 1 on a failure.
 */
import { main } from '../../bin/cli';
import { processLandingObject } from '../../functions/ingest/process';
import { LocalKeyProvider } from '../../functions/ingest/pseudonymise';
import { LocalStore } from '../../functions/store/local-store';

const [storeRoot, mode, ...rest] = process.argv.slice(2);

async function run(): Promise<number> {
  if (mode === 'object') {
    const store = new LocalStore(storeRoot);
    const receipt = await processLandingObject(rest[0], {
      store, keys: new LocalKeyProvider({ storeRoot, generate: false }), memoryLimit: '128MB', threads: 1,
    });
    process.stdout.write(`${JSON.stringify(receipt)}\n`);
    return 0;
  }
  if (mode === 'cli') return main(['--store', storeRoot, ...rest]);
  process.stderr.write('usage: ingest-worker.ts <store> object <key> | cli <verb> [args]\n');
  return 1;
}

process.exitCode = await run();
