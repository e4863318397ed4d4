/** `outturn receipts [--partner P] [--status S] [--json]`. */
import { PARTNERS, RECEIPT_STATUSES, type Receipt } from '../../schemas';
import { readReceipt } from '../../functions/ingest/ledger';
import { stringOption, UsageError, type Context } from './context';

export async function receipts(context: Context): Promise<number> {
  const partner = stringOption(context, 'partner');
  if (partner && !(PARTNERS as readonly string[]).includes(partner)) {
    throw new UsageError(`--partner is one of ${PARTNERS.join(', ')} (got '${partner.slice(0, 40)}').`);
  }
  const status = stringOption(context, 'status')?.toUpperCase();
  if (status && !(RECEIPT_STATUSES as readonly string[]).includes(status)) {
    throw new UsageError(`--status is one of ${RECEIPT_STATUSES.join(', ')} (got '${status}').`);
  }
  const list: Receipt[] = [];
  for await (const o of context.store.list(partner ? `receipts/${partner}/` : 'receipts/')) {
    if (!o.key.endsWith('.json')) continue;
    const r = await readReceipt(context.store, o.key);
    if (!status || r.status === status) list.push(r);
  }
  list.sort((a, b) => (a.received_at < b.received_at ? -1 : a.received_at > b.received_at ? 1 : 0));
  if (context.options.json) {
    context.out.write(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  for (const r of list) {
    context.out.write(`${r.received_at}  ${r.status.padEnd(20)}  read ${String(r.rows_read).padStart(9)}  accepted ${String(r.rows_accepted).padStart(9)}  ${r.key}\n`);
  }
  context.out.write(`${list.length} receipt(s).\n`);
  return 0;
}
