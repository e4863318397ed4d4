/** `outturn process`: every landing object without a receipt, processed (recovery, replay). */
import { processPending } from '../../functions/ingest/upload';
import type { Context } from './context';
import { localIngestOptions } from './ingest-options';

export async function processCommand(context: Context): Promise<number> {
  const receipts = await processPending({
    ...localIngestOptions(context.store),
    onReceipt: (r) => context.out.write(`${r.status.padEnd(21)} ${r.key}\n`),
    onFailure: (f) => context.err.write(`FAILED                ${f.key}: ${f.error.message}\n`),
  });
  const failed = receipts.failures?.length ?? 0;
  context.out.write(`${receipts.length} landing object(s) processed${failed ? `, ${failed} failed (run \`outturn process\` again once fixed)` : ''}.\n`);
  return failed ? 1 : 0;
}
