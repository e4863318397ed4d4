/**
 * The ledger of uploads is the receipts themselves: an upload counts once its receipt
 * exists (the receipt is written last), and its upload id sorts the receipts of one
 * dataset and period in the order received. This module answers "which uploads count".
 */
import { receiptSchema, type DatasetContract, type Receipt } from '../../schemas';
import type { Store } from '../store/store';
import { curatedKey, receiptPartitionPrefix } from '../store/layout';

export const COUNTING: ReadonlySet<Receipt['status']> = new Set(['ACCEPTED', 'ACCEPTED_WITH_ERRORS']);

/** Reads and checks one receipt. */
export async function readReceipt(store: Store, key: string): Promise<Receipt> {
  return receiptSchema.parse(JSON.parse((await store.get(key)).toString('utf8')));
}

/** The receipts of one dataset (one period, or every period when `period` is omitted). */
export async function receiptsOf(store: Store, contract: DatasetContract, period?: string): Promise<Receipt[]> {
  const prefix = period === undefined
    ? `receipts/${contract.partner}/${contract.name}.`
    : receiptPartitionPrefix(contract.partner, contract.name, period);
  const out: Receipt[] = [];
  for await (const object of store.list(prefix)) {
    if (object.key.endsWith('.json')) out.push(await readReceipt(store, object.key));
  }
  return out;
}

/**
 * Orders uploads for "which one counts": snapshots by snapshot date then time received,
 * period datasets by time received; the upload id breaks a tie.
 */
export function laterThan(contract: DatasetContract, a: Receipt, b: Receipt): boolean {
  const ka = [contract.cadence === 'snapshot' ? a.period ?? '' : '', a.received_at, a.upload_id];
  const kb = [contract.cadence === 'snapshot' ? b.period ?? '' : '', b.received_at, b.upload_id];
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] > kb[i];
  return false;
}

/** The upload that counts among receipts (for indicators), or undefined. */
export function current(contract: DatasetContract, receipts: readonly Receipt[]): Receipt | undefined {
  let best: Receipt | undefined;
  for (const r of receipts) if (COUNTING.has(r.status) && (!best || laterThan(contract, r, best))) best = r;
  return best;
}

/**
 * After a commit: delete the curated files of uploads of the same partition that a later
 * committed upload has replaced. Only committed uploads are touched, so an upload still
 * in flight is never disturbed; the raw copy of a replaced upload stays.
 */
export async function removeReplaced(store: Store, contract: DatasetContract, period: string): Promise<void> {
  const receipts = (await receiptsOf(store, contract, period)).filter((r) => COUNTING.has(r.status));
  const winner = current(contract, receipts);
  for (const r of receipts) {
    if (winner && r.upload_id !== winner.upload_id) await store.delete(curatedKey(contract, period, r.upload_id));
  }
}

