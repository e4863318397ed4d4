/**
 * What a partner's upload does on one machine: the file is put at `landing/<key>` and
 * processed as the S3 event would process it.
 */
import type { Receipt } from '../../schemas';
import { assertSafeKey, type Store } from '../store/store';
import { processLandingObject, receiptPartner, uploadIdFor, type IngestOptions } from './process';
import { receiptKey } from '../store/layout';

export interface UploadOptions extends IngestOptions {
  /** The local file to send. */
  readonly file: string;
  /** `<partner>/<dataset>/<period>/<name>`, with or without the leading `landing/`. */
  readonly key: string;
}

export async function uploadFile(options: UploadOptions): Promise<Receipt> {
  const key = options.key.startsWith('landing/') ? options.key : `landing/${options.key}`;
  assertSafeKey(key);
  await options.store.putFile(key, options.file);
  return processLandingObject(key, options);
}

/** Every landing object without a receipt yet, processed in key order (recovery, replay). */
export async function processPending(
  options: IngestOptions & { onReceipt?: (receipt: Receipt) => void },
): Promise<Receipt[]> {
  const done: Receipt[] = [];
  for await (const object of options.store.list('landing/')) {
    const id = uploadIdFor(object.key, object.lastModified);
    if (await options.store.head(receiptKey(receiptPartner(object.key), id))) continue;
    const receipt = await processLandingObject(object.key, options);
    options.onReceipt?.(receipt);
    done.push(receipt);
  }
  return done;
}
