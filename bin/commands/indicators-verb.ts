/** `outturn indicators --period P [--to P2] [--csv FILE]` over the local store. */
import { progress, requireOption, stringOption, type Context } from './context';
import { indicatorsCommand } from './indicators';

export async function indicators(context: Context): Promise<number> {
  return indicatorsCommand({
    store: context.store,
    period: requireOption(context, 'period', 'YYYY-MM'),
    to: stringOption(context, 'to'),
    csv: stringOption(context, 'csv'),
    progress: progress(context),
    out: context.out,
    err: context.err,
  });
}
