/**
 * The indicators Lambda, first step of the monthly run (infra/monthly-run.ts): computes
 * the catalogue for P−2, P−1 and P over Athena with the same `sql/` files as
 * `outturn indicators`, and returns the period for the report step. P is the event's
 * `period` (a manual rerun) or the calendar month before the scheduler's time in
 * Europe/London. A failure throws, so Step Functions retries and the failed-run alarm
 * fires; nothing is half-reported as success.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { requiredEnv } from './config/env';
import { prepareAthenaViews } from './engine/athena-views';
import type { QueryEngine } from './engine/engine';
import { calendarParquet } from './indicators/calendar';
import { STATUSES, type IndicatorStatus } from './indicators/coverage';
import { addMonths, PERIOD_PATTERN } from './indicators/parameters';
import { createDuckDbIndicatorWriter, runIndicators } from './indicators/run';
import { CALENDAR_KEY } from './store/layout';
import type { Store } from './store/store';
import { athenaEngineFromEnv, dataStoreFromEnv } from './config/monthly-run-env';

/** The state machine's input: the scheduler's time, or a period to rerun. */
export interface IndicatorsEvent {
  /** ISO 8601, as EventBridge Scheduler sends `<aws.scheduler.scheduled-time>`. */
  readonly scheduledTime?: string;
  /** `YYYY-MM`; wins over `scheduledTime`. */
  readonly period?: string;
}

/** What the step returns (and the report step receives). */
export interface IndicatorsResult {
  /** P, `YYYY-MM`. */
  readonly period: string;
  /** Every period computed and written, oldest first (P−2, P−1, P). */
  readonly periods: readonly string[];
  /** Indicator values written over all periods. */
  readonly rows: number;
  /** P's values by status. */
  readonly statuses: Readonly<Record<IndicatorStatus, number>>;
}

export interface IndicatorsHandlerDeps {
  readonly store: Store;
  readonly engine: QueryEngine;
  readonly logger: Logger;
  /** The indicator SQL folder. @default the repository's sql/indicators */
  readonly sqlDir?: string;
  /** The clock, for a run without `scheduledTime` and for `computed_at`. @default () => new Date() */
  readonly now?: () => Date;
  /**
   * Readies the engine before any query; Athena's (re)creates the views. @default none
   * (the DuckDB engine builds its views itself)
   */
  readonly prepare?: (engine: QueryEngine) => Promise<void>;
}

/** The event cannot be turned into a period: the message says what was received and what is allowed. */
export class RunEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunEventError';
  }
}

/** How many months are recomputed up to P: late and restated files change them (operations.md). */
export const MONTHS_RECOMPUTED = 3;

const LONDON_MONTH = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' });

/** The calendar month before an instant, in Europe/London, as `YYYY-MM`. */
export function monthBefore(instant: Date): string {
  const parts = Object.fromEntries(LONDON_MONTH.formatToParts(instant).map((p) => [p.type, p.value]));
  return addMonths(`${parts.year}-${parts.month}`, -1);
}

/** The period P a run computes: the event's `period`, else the month before `scheduledTime`, else before now. */
export function resolvePeriod(event: IndicatorsEvent, now: Date): string {
  if (event.period !== undefined) {
    if (typeof event.period !== 'string' || !PERIOD_PATTERN.test(event.period)) {
      throw new RunEventError(`"period" must be YYYY-MM, e.g. {"period":"2026-10"}; received ${JSON.stringify(String(event.period).slice(0, 20))}`);
    }
    return event.period;
  }
  if (event.scheduledTime !== undefined) {
    const time = typeof event.scheduledTime === 'string' ? new Date(event.scheduledTime) : new Date(Number.NaN);
    if (Number.isNaN(time.getTime())) {
      throw new RunEventError(`"scheduledTime" must be an ISO 8601 time such as 2026-11-05T08:00:00Z; received ${JSON.stringify(String(event.scheduledTime).slice(0, 40))}`);
    }
    return monthBefore(time);
  }
  return monthBefore(now);
}

/**
 * Builds the handler: resolves P, stores the calendar, readies the engine, then
 * computes and writes P−2, P−1 and P.
 */
export function createIndicatorsHandler(deps: IndicatorsHandlerDeps) {
  const clock = deps.now ?? (() => new Date());
  const writer = createDuckDbIndicatorWriter();

  // Rewritten every run (it is small), so a bank holiday added to the shipped list
  // reaches Athena as it reaches DuckDB, which builds the calendar on every open.
  const writeCalendar = async () => {
    await deps.store.put(CALENDAR_KEY, await calendarParquet());
    deps.logger.info('calendar written', { key: CALENDAR_KEY });
  };

  return async (event: IndicatorsEvent): Promise<IndicatorsResult> => {
    const now = clock();
    const period = resolvePeriod(event ?? {}, now);
    const periods = Array.from({ length: MONTHS_RECOMPUTED }, (_, i) => addMonths(period, i - MONTHS_RECOMPUTED + 1));
    deps.logger.appendKeys({ period });
    try {
      deps.logger.info('indicators run started', { periods, manual: event?.period !== undefined });
      await writeCalendar();
      if (deps.prepare) await deps.prepare(deps.engine);
      const rows = await runIndicators({
        store: deps.store,
        engine: deps.engine,
        periods,
        writer,
        now,
        sqlDir: deps.sqlDir,
        progress: (p, written) => deps.logger.info('indicator values written', { written_period: p, rows: written.length, statuses: countStatuses(written) }),
      });
      const statuses = countStatuses(rows.filter((r) => r.period === period));
      deps.logger.info('indicators run finished', { rows: rows.length, statuses });
      return { period, periods, rows: rows.length, statuses };
    } finally {
      deps.logger.removeKeys(['period']);
    }
  };
}

function countStatuses(rows: readonly { readonly status: IndicatorStatus }[]): Record<IndicatorStatus, number> {
  const counts = { [STATUSES.OK]: 0, [STATUSES.PARTIAL]: 0, [STATUSES.NO_DATA]: 0 } as Record<IndicatorStatus, number>;
  for (const r of rows) counts[r.status] += 1;
  return counts;
}

let cached: ReturnType<typeof createIndicatorsHandler> | undefined;

/** The deployed handler: clients and configuration at module scope, built on first use. */
export const handler = async (event: IndicatorsEvent): Promise<IndicatorsResult> => {
  cached ??= createIndicatorsHandler({
    store: dataStoreFromEnv(),
    engine: athenaEngineFromEnv(),
    // The service name comes from POWERTOOLS_SERVICE_NAME, set per stage by the stack.
    logger: new Logger(),
    sqlDir: requiredEnv('OUTTURN_SQL_DIR'),
    prepare: prepareAthenaViews,
  });
  return cached(event);
};
