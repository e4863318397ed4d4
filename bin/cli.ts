/**
 * `outturn [--store DIR] <verb> [options]` (operations.md §1). Each verb lives in
 * bin/commands/; this file parses the global options, opens the store and maps
 * failures to one clear line and an exit code.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { LocalStore } from '../functions/store/local-store';
import { UsageError, type Context } from './commands/context';

const VERBS = {
  upload: () => import('./commands/upload').then((m) => m.upload),
  process: () => import('./commands/process').then((m) => m.processCommand),
  receipts: () => import('./commands/receipts').then((m) => m.receipts),
  query: () => import('./commands/query').then((m) => m.query),
  indicators: () => import('./commands/indicators-verb').then((m) => m.indicators),
  report: () => import('./commands/report-verb').then((m) => m.report),
  demo: () => import('./commands/demo-verb').then((m) => m.demo),
} as const;

export const USAGE = `Usage: outturn [--store DIR] <verb> [options]

  upload FILE KEY [--json]          put FILE at landing/KEY (KEY = <partner>/<dataset>/<period>/<name>) and process it
  process                           process every landing object that has no receipt yet
  indicators --period P [--to P2] [--csv FILE]
                                    compute the indicator catalogue for P (and P-2, P-1) through P2
  report --period P                 write the internal and public scorecards to reports/P/
  query "SQL" [--csv]               read-only SQL over the warehouse (a table per dataset, indicator_values, uploads)
  receipts [--partner P] [--status S] [--json]
                                    list receipts
  demo [--children N] [--months N] [--seed S]
                                    build a synthetic borough and run everything end to end

Global: --store DIR (default ./warehouse or OUTTURN_STORE), --verbose (stack traces on errors).`;

export async function main(argv: readonly string[]): Promise<number> {
  let verbose = argv.includes('--verbose');
  try {
    // `query --csv` is a switch, `indicators --csv FILE` takes a file: the verb decides.
    const verbGuess = parseArgs({ args: [...argv], allowPositionals: true, strict: false, options: { store: { type: 'string' } } }).positionals[0];
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        store: { type: 'string' },
        verbose: { type: 'boolean' },
        json: { type: 'boolean' },
        csv: { type: verbGuess === 'query' ? 'boolean' : 'string' },
        period: { type: 'string' },
        to: { type: 'string' },
        partner: { type: 'string' },
        status: { type: 'string' },
        children: { type: 'string' },
        months: { type: 'string' },
        seed: { type: 'string' },
        end: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    verbose = values.verbose ?? false;
    const [verb, ...args] = positionals;
    if (values.help || !verb) {
      process.stdout.write(`${USAGE}\n`);
      return verb || values.help ? 0 : 1;
    }
    const load = VERBS[verb as keyof typeof VERBS];
    if (!load) throw new UsageError(`Unknown verb '${verb}'. Verbs: ${Object.keys(VERBS).join(', ')}.`);
    const store = new LocalStore(resolve(values.store ?? process.env.OUTTURN_STORE ?? 'warehouse'));
    const context: Context = {
      store,
      args,
      options: values,
      out: process.stdout,
      err: process.stderr,
      interactive: Boolean(process.stderr.isTTY),
    };
    return await (await load())(context);
  } catch (e) {
    const error = e as Error;
    process.stderr.write(`outturn: ${error.message}${error instanceof UsageError ? `\n\n${USAGE}` : ''}\n`);
    if (verbose && error.stack) process.stderr.write(`${error.stack}\n`);
    return 1;
  }
}
