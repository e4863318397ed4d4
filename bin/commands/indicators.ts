/**
 * `outturn indicators --period P [--to P2] [--csv FILE]` (operations.md §1): computes the
 * catalogue for every period from P−2 to P2 (P−2 and P−1 are recomputed because
 * partners restate data) and replaces each period's `indicator_values` partition.
 */
import { writeFile } from 'node:fs/promises';
import type { QueryEngine } from '../../functions/engine/engine';
import { IndicatorError } from '../../functions/indicators/errors';
import { addMonths, parsePeriod, periodRange } from '../../functions/indicators/parameters';
import {
  createDuckDbIndicatorWriter, INDICATOR_VALUE_COLUMNS, runIndicators, type IndicatorValue,
} from '../../functions/indicators/run';
import { toCsv as csvDocument } from '../../functions/scorecard/spreadsheet-safe';
import { LocalStore } from '../../functions/store/local-store';
import type { Store } from '../../functions/store/store';

/** Where the command writes; defaults to the process streams. */
export interface CommandOutput {
  write(text: string): unknown;
}

export interface IndicatorsCommandArgs {
  readonly store: Store;
  /** `YYYY-MM`. */
  readonly period: string;
  /** The last period to compute. @default `period` */
  readonly to?: string;
  /** Also write the rows as CSV to this local file. */
  readonly csv?: string;
  readonly progress?: (msg: string) => void;
  /** @default a DuckDB engine opened over the store (local stores only), closed afterwards */
  readonly engine?: QueryEngine;
  /** @default process.stdout */
  readonly out?: CommandOutput;
  /** @default process.stderr */
  readonly err?: CommandOutput;
  /** @default new Date() */
  readonly now?: Date;
}

/** Runs the command; returns the exit code (0 done, 1 failed). */
export async function indicatorsCommand(args: IndicatorsCommandArgs): Promise<number> {
  const out = args.out ?? process.stdout;
  const err = args.err ?? process.stderr;
  let engine = args.engine;
  let opened = false;
  try {
    parsePeriod(args.period);
    const last = args.to ?? args.period;
    parsePeriod(last);
    if (last < args.period) {
      throw new IndicatorError(`--to ${last} is before --period ${args.period}; give a later --to or leave it out`);
    }
    const periods = periodRange(addMonths(args.period, -2), last);
    if (!engine) {
      engine = await openLocalEngine(args.store);
      opened = true;
    }
    const rows = await runIndicators({
      store: args.store,
      engine,
      periods,
      writer: createDuckDbIndicatorWriter(),
      now: args.now,
      progress: (period) => args.progress?.(`indicators: ${period} (${periods.indexOf(period) + 1}/${periods.length})`),
    });
    if (args.csv) await writeFile(args.csv, toCsv(rows), 'utf8');
    out.write(`${summary(rows, periods)}${args.csv ? `\nCSV: ${args.csv}` : ''}\n`);
    return 0;
  } catch (error) {
    err.write(`outturn indicators: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    if (opened) await engine?.close();
  }
}

async function openLocalEngine(store: Store): Promise<QueryEngine> {
  if (!(store instanceof LocalStore)) {
    throw new IndicatorError(`No query engine for ${store.location}: pass one (the DuckDB engine reads local stores only)`);
  }
  const { DuckDbEngine } = await import('../../functions/engine/duckdb-engine');
  return DuckDbEngine.open({ store });
}

function summary(rows: readonly IndicatorValue[], periods: readonly string[]): string {
  const count = (status: IndicatorValue['status']) => rows.filter((r) => r.status === status).length;
  const span = periods.length === 1 ? periods[0] : `${periods[0]}..${periods.at(-1)}`;
  return `Computed ${rows.length} indicator values for ${span} (${periods.length} period${periods.length === 1 ? '' : 's'}): `
    + `${count('OK')} OK, ${count('PARTIAL')} PARTIAL, ${count('NO_DATA')} NO_DATA`;
}

/** The rows as CSV with the columns of indicators.md §3 (RFC 4180 quoting, formula-safe). */
export function toCsv(rows: readonly IndicatorValue[]): string {
  return csvDocument(INDICATOR_VALUE_COLUMNS, rows.map((row) => INDICATOR_VALUE_COLUMNS.map((c) => row[c])));
}
