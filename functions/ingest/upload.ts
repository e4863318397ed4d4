/**
 * What a partner's upload does on one machine: the file is put at `landing/<key>` and
 * processed as the S3 event would process it.
 */
import type { Receipt } from '../../schemas';
import { assertSafeKey, type Store } from '../store/store';
import { IngestConfigurationError } from './errors';
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

/** A landing object that could not be processed (its receipt is still to come). */
export interface PendingFailure {
  readonly key: string;
  readonly error: Error;
}

/**
 * Every landing object without a receipt yet, processed in key order (recovery,
 * replay). One object failing does not stop the others; the failures are returned.
 */
export async function processPending(
  options: IngestOptions & { onReceipt?: (receipt: Receipt) => void; onFailure?: (failure: PendingFailure) => void },
): Promise<Receipt[] & { failures?: PendingFailure[] }> {
  const done: Receipt[] & { failures?: PendingFailure[] } = [];
  const failures: PendingFailure[] = [];
  for await (const object of options.store.list('landing/')) {
    try {
      const id = uploadIdFor(object.key, object.lastModified);
      if (await options.store.head(receiptKey(receiptPartner(object.key), id))) continue;
      const receipt = await processLandingObject(object.key, options);
      options.onReceipt?.(receipt);
      done.push(receipt);
    } catch (e) {
      // No key means nothing can be processed: stop at once rather than fail every object.
      if (e instanceof IngestConfigurationError) throw e;
      const failure = { key: object.key, error: e as Error };
      failures.push(failure);
      options.onFailure?.(failure);
    }
  }
  if (failures.length) done.failures = failures;
  return done;
}
