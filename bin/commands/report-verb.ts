/** `outturn report --period P`, with the DuckDB engine over the local store. */
import { DuckDbEngine } from '../../functions/engine/duckdb-engine';
import { requireOption, type Context } from './context';
import { reportCommand } from './report';

export async function report(context: Context): Promise<number> {
  const period = requireOption(context, 'period', 'YYYY-MM');
  const engine = await DuckDbEngine.open({ store: context.store });
  try {
    return await reportCommand({ store: context.store, engine, period, out: context.out, err: context.err });
  } finally {
    await engine.close();
  }
}
