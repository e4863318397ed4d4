/**
 * The report Lambda, second step of the monthly run (infra/monthly-run.ts): writes both
 * editions of the scorecard for the period the indicators step returned, to
 * `reports/<P>/` (and `published/<P>/values.json`), through the same `writeReport` as
 * `outturn report`. A failure throws, so Step Functions retries and the alarm fires.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { QueryEngine } from './engine/engine';
import { PERIOD_PATTERN } from './indicators/parameters';
import { writeReport } from './scorecard/report';
import type { Store } from './store/store';
import { athenaEngineFromEnv, dataStoreFromEnv } from './config/monthly-run-env';

/** The indicators step's result, or `{ "period": "YYYY-MM" }` by hand. */
export interface ReportEvent {
  readonly period: string;
}

export interface ReportResult {
  readonly period: string;
  /** Every key written, reports first, `published/<P>/values.json` last. */
  readonly paths: readonly string[];
}

export interface ReportHandlerDeps {
  readonly store: Store;
  readonly engine: QueryEngine;
  readonly logger: Logger;
  /** When the scorecard is produced. @default () => new Date() */
  readonly now?: () => Date;
}

/**
 * The event names no valid period. (Not shared with the indicators handler: importing
 * that module would pull DuckDB into this function's bundle.)
 */
export class ReportEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportEventError';
  }
}

export function createReportHandler(deps: ReportHandlerDeps) {
  const clock = deps.now ?? (() => new Date());
  return async (event: ReportEvent): Promise<ReportResult> => {
    const period = event?.period;
    if (typeof period !== 'string' || !PERIOD_PATTERN.test(period)) {
      throw new ReportEventError(`"period" must be YYYY-MM, e.g. {"period":"2026-10"}; received ${JSON.stringify(String(period).slice(0, 20))}`);
    }
    deps.logger.info('report started', { period });
    const { paths } = await writeReport({ store: deps.store, engine: deps.engine, period, now: clock() });
    deps.logger.info('report written', { period, files: paths.length });
    return { period, paths };
  };
}

let cached: ReturnType<typeof createReportHandler> | undefined;

/** The deployed handler: clients and configuration at module scope, built on first use. */
export const handler = async (event: ReportEvent): Promise<ReportResult> => {
  cached ??= createReportHandler({
    store: dataStoreFromEnv(),
    engine: athenaEngineFromEnv(),
    // The service name comes from POWERTOOLS_SERVICE_NAME, set per stage by the stack.
    logger: new Logger(),
  });
  return cached(event);
};
