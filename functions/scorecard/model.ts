/**
 * The scorecard's vocabulary and input rows (scorecard.md). Input rows mirror the
 * query engine's tables `indicator_values`, `targets` and `benchmarks`.
 */

/** RAG letters as written in the CSV `rag` column and inside the coloured cells. */
export const RAG = Object.freeze({ RED: 'R', AMBER: 'A', GREEN: 'G' } as const);
export type Rag = (typeof RAG)[keyof typeof RAG];

/** Direction of travel (scorecard.md §3), as written in the CSV `dot` column. */
export const DOT = Object.freeze({
  IMPROVING: 'IMPROVING',
  DECLINING: 'DECLINING',
  STABLE: 'STABLE',
  UP: 'UP',
  DOWN: 'DOWN',
} as const);
export type Dot = (typeof DOT)[keyof typeof DOT];

/** Row status of `indicator_values` (indicators.md §1). */
export const STATUS = Object.freeze({ OK: 'OK', PARTIAL: 'PARTIAL', NO_DATA: 'NO_DATA' } as const);
export type Status = (typeof STATUS)[keyof typeof STATUS];

/** Notes shown against an indicator (scorecard.md §1). */
export const NOTE = Object.freeze({
  NO_DATA: 'NO_DATA',
  PARTIAL: 'PARTIAL',
  REVISED: 'REVISED',
  SMALL: 'SMALL',
} as const);
export type NoteCode = (typeof NOTE)[keyof typeof NOTE];

/** Government statistics symbols used by the public edition (scorecard.md §4). */
export const SYMBOL = Object.freeze({
  /** confidential: small numbers suppressed */
  CONFIDENTIAL: 'c',
  /** not available: no data for the period */
  NOT_AVAILABLE: 'x',
  /** not applicable: e.g. the denominator of a count, or a rate with nothing to divide by */
  NOT_APPLICABLE: 'z',
} as const);
export type SuppressionSymbol = (typeof SYMBOL)[keyof typeof SYMBOL];

export const EDITIONS = ['internal', 'public'] as const;
export type Edition = (typeof EDITIONS)[number];

/** The protective marking of the internal edition, shown wherever a reader opens it. */
export const INTERNAL_MARKING = 'OFFICIAL-SENSITIVE — not for publication';

/** One row of `indicator_values` (indicators.md §3), the columns the scorecard reads. */
export interface IndicatorValueRow {
  readonly indicator_id: string;
  readonly period: string;
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly value: number | null;
  readonly ytd_numerator: number | null;
  readonly ytd_denominator: number | null;
  readonly ytd_value: number | null;
  readonly status: Status;
}

export const TARGET_RULES = ['HIGH', 'LOW', 'BAND'] as const;
export type TargetRule = (typeof TARGET_RULES)[number];

/** One row of `targets` for the financial year of P. */
export interface TargetRow {
  readonly indicator_id: string;
  readonly rule: TargetRule;
  readonly green: number;
  readonly amber: number | null;
  readonly band_reference: number | null;
  /** `null` means MONTH (datasets.md §4). */
  readonly rag_basis: 'MONTH' | 'YTD' | null;
}

/** The latest `benchmarks` row of an indicator. */
export interface BenchmarkRow {
  readonly indicator_id: string;
  readonly stat_neighbour_avg: number | null;
  readonly best_stat_neighbour: number | null;
  readonly national_avg: number | null;
  readonly national_top_quartile: number | null;
  readonly label: string | null;
  readonly period: string;
}

/** A figure as an earlier scorecard published it (kept with its counts for suppression). */
export interface PublishedFigure {
  readonly value: number | null;
  readonly numerator: number | null;
  readonly denominator: number | null;
}

/**
 * What one scorecard published (`published/<P>/values.json`): per indicator, the
 * figures shown for P−2, P−1 and P, unrounded.
 */
export interface PublishedValues {
  readonly period: string;
  readonly published_at: string;
  readonly values: Readonly<Record<string, Readonly<Record<string, PublishedFigure>>>>;
}
