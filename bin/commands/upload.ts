/** `outturn upload FILE KEY [--json]`: exit 0 accepted (with errors) or duplicate, 2 rejected, 1 failure. */
import { existsSync } from 'node:fs';
import { uploadFile } from '../../functions/ingest/upload';
import { UsageError, type Context } from './context';
import { localIngestOptions } from './ingest-options';
import { receiptText } from './receipt-text';

export async function upload(context: Context): Promise<number> {
  const [file, key, ...extra] = context.args;
  if (!file || !key || extra.length) throw new UsageError('upload takes FILE and KEY.');
  if (!existsSync(file)) throw new UsageError(`No such file: ${file}`);
  const receipt = await uploadFile({ ...localIngestOptions(context.store), file, key });
  context.out.write(context.options.json ? `${JSON.stringify(receipt, null, 2)}\n` : receiptText(receipt));
  return receipt.status === 'REJECTED' ? 2 : 0;
}
