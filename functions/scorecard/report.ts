/**
 * Writes the month's scorecard: reads `indicator_values`, `targets` and `benchmarks`
 * through the query engine and what earlier scorecards published from the store,
 * builds both editions and writes them, then records what this one published.
 */
import type { QueryEngine, Row } from '../engine/engine';
import { CATALOGUE, type IndicatorDefinition } from '../indicators/catalogue';
import { publishedKey, reportPrefix } from '../store/layout';
import type { Store } from '../store/store';
import { buildScorecard, type Scorecard } from './build';
import type { BenchmarkRow, IndicatorValueRow, PublishedValues, Status, TargetRow } from './model';
import { assertPeriod, financialYear, previousYearEnd, shiftPeriod, sparklinePeriods } from './periods';
import { renderCsv } from './render-csv';
import { renderHtml, type HtmlOptions } from './render-html';
import { renderXlsx } from './render-xlsx';
import { parsePublishedValues, publishedValues } from './revisions';

/** Options of `writeReport`. */
export interface WriteReportOptions {
  readonly store: Store;
  readonly engine: QueryEngine;
  /** P, `YYYY-MM`. */
  readonly period: string;
  /**
   * When the scorecard is produced (printed on it, and the publication time).
   * @default new Date()
   */
  readonly now?: Date;
  /**
   * The indicators shown, in order.
   * @default CATALOGUE
   */
  readonly catalogue?: readonly IndicatorDefinition[];
  /** Passed to the HTML renderer. */
  readonly html?: HtmlOptions;
}

export interface WriteReportResult {
  /** Every key written, reports first, `published/<P>/values.json` last. */
  readonly paths: string[];
  readonly internal: Scorecard;
  readonly public: Scorecard;
  readonly published: PublishedValues;
}

/** The keys of one edition's three files. */
export function reportKeys(period: string, edition: 'internal' | 'public') {
  const base = edition === 'public' ? `${reportPrefix(period)}public/` : reportPrefix(period);
  return { html: `${base}scorecard.html`, xlsx: `${base}scorecard.xlsx`, csv: `${base}scorecard.csv` } as const;
}

/**
 * Builds and writes both editions of the scorecard for `period`, and
 * `published/<P>/values.json`. Written last, so that a failed run leaves the record of
 * what was published as it was.
 */
export async function writeReport(options: WriteReportOptions): Promise<WriteReportResult> {
  const { store, engine, period } = options;
  assertPeriod(period);
  const now = options.now ?? new Date();
  const catalogue = options.catalogue ?? CATALOGUE;

  const [values, targets, benchmarks, published] = await Promise.all([
    readValues(engine, period),
    readTargets(engine, period),
    readBenchmarks(engine, period),
    readPublished(store, period),
  ]);

  const paths: string[] = [];
  const editions = {} as Record<'internal' | 'public', Scorecard>;
  for (const edition of ['internal', 'public'] as const) {
    const scorecard = buildScorecard({ period, edition, catalogue, values, targets, benchmarks, published, generatedAt: now });
    editions[edition] = scorecard;
    const keys = reportKeys(period, edition);
    await store.put(keys.html, renderHtml(scorecard, options.html));
    await store.put(keys.xlsx, await renderXlsx(scorecard));
    await store.put(keys.csv, renderCsv(scorecard));
    paths.push(keys.html, keys.xlsx, keys.csv);
  }

  const shown = [shiftPeriod(period, -2), shiftPeriod(period, -1), period];
  const record = publishedValues(period, shown, values, catalogue.map((d) => d.id), now);
  await store.put(publishedKey(period), JSON.stringify(record, null, 2) + '\n');
  paths.push(publishedKey(period));
  return { paths, internal: editions.internal, public: editions.public, published: record };
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** P−12..P (the sparkline) and March of the previous financial year. */
async function readValues(engine: QueryEngine, period: string): Promise<IndicatorValueRow[]> {
  const periods = [...new Set([...sparklinePeriods(period), previousYearEnd(period)])];
  const rows = await engine.query(
    `select indicator_id, period, numerator, denominator, value, ytd_numerator, ytd_denominator, ytd_value, status
     from indicator_values where period in (${periods.map(quote).join(', ')})`,
  );
  return rows.map((r: Row) => ({
    indicator_id: String(r.indicator_id).toUpperCase(),
    period: String(r.period),
    numerator: num(r.numerator),
    denominator: num(r.denominator),
    value: num(r.value),
    ytd_numerator: num(r.ytd_numerator),
    ytd_denominator: num(r.ytd_denominator),
    ytd_value: num(r.ytd_value),
    status: String(r.status) as Status,
  }));
}

async function readTargets(engine: QueryEngine, period: string): Promise<TargetRow[]> {
  const rows = await engine.query(
    `select indicator_id, rule, green, amber, band_reference, rag_basis from targets where period = ${quote(financialYear(period))}`,
  );
  return rows.map((r: Row) => ({
    indicator_id: String(r.indicator_id).toUpperCase(),
    rule: String(r.rule).toUpperCase() as TargetRow['rule'],
    green: Number(r.green),
    amber: num(r.amber),
    band_reference: num(r.band_reference),
    rag_basis: r.rag_basis === null || r.rag_basis === undefined ? null : (String(r.rag_basis).toUpperCase() as 'MONTH' | 'YTD'),
  }));
}

/** The latest benchmarks row per indicator among those describing a year up to P's. */
async function readBenchmarks(engine: QueryEngine, period: string): Promise<BenchmarkRow[]> {
  // row_number over a subquery rather than QUALIFY: the same SQL runs on Athena.
  const rows = await engine.query(
    `select indicator_id, stat_neighbour_avg, best_stat_neighbour, national_avg, national_top_quartile, label, period
     from (
       select *, row_number() over (partition by upper(indicator_id) order by period desc) as rn
       from benchmarks where period <= ${quote(period.slice(0, 4))}
     ) latest where rn = 1`,
  );
  return rows.map((r: Row) => ({
    indicator_id: String(r.indicator_id).toUpperCase(),
    stat_neighbour_avg: num(r.stat_neighbour_avg),
    best_stat_neighbour: num(r.best_stat_neighbour),
    national_avg: num(r.national_avg),
    national_top_quartile: num(r.national_top_quartile),
    label: str(r.label),
    period: String(r.period),
  }));
}

/** Every earlier scorecard that showed one of P−2..P: those for P−2, P−1 and an earlier run of P. */
async function readPublished(store: Store, period: string): Promise<PublishedValues[]> {
  const found: PublishedValues[] = [];
  for (const p of [shiftPeriod(period, -2), shiftPeriod(period, -1), period]) {
    const key = publishedKey(p);
    if (!(await store.head(key))) continue;
    found.push(parsePublishedValues(key, (await store.get(key)).toString('utf8')));
  }
  return found;
}
