/** `outturn report --period YYYY-MM`: writes both editions of the scorecard and prints the paths. */
import type { QueryEngine } from '../../functions/engine/engine';
import { ScorecardError } from '../../functions/scorecard/errors';
import { writeReport } from '../../functions/scorecard/report';
import type { Store } from '../../functions/store/store';

export interface ReportCommandArgs {
  readonly store: Store;
  readonly engine: QueryEngine;
  /** P, `YYYY-MM`. */
  readonly period: string;
  /**
   * Where the paths go.
   * @default process.stdout
   */
  readonly out?: { write(text: string): unknown };
  /**
   * Where a one-line error goes.
   * @default process.stderr
   */
  readonly err?: { write(text: string): unknown };
}

/**
 * Runs the report verb and returns the exit code: 0 written; 1 for a scorecard error
 * (bad period, unreadable earlier publication), reported in one line. Anything else is
 * unexpected and propagates to the CLI.
 */
export async function reportCommand(args: ReportCommandArgs): Promise<number> {
  const out = args.out ?? process.stdout;
  const err = args.err ?? process.stderr;
  try {
    const { paths } = await writeReport({ store: args.store, engine: args.engine, period: args.period });
    for (const key of paths) out.write(`${args.store.localPath(key) ?? `${args.store.location}/${key}`}\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof ScorecardError)) throw e;
    err.write(`outturn report: ${e.message}\n`);
    return 1;
  }
}
