/**
 * Builds the scorecard (scorecard.md §1–§5) from rows already read: pure, so every
 * rule is tested without a store or an engine, and both editions come from one input.
 */
import type { IndicatorDefinition, Polarity, Theme } from '../indicators/catalogue';
import { THEMES } from '../indicators/catalogue';
import { directionOfTravel } from './direction';
import {
  type BenchmarkRow, type Dot, type Edition, type IndicatorValueRow, INTERNAL_MARKING, NOTE, type NoteCode,
  type PublishedValues, type Rag, STATUS, type Status, SYMBOL, type TargetRow,
} from './model';
import { assertPeriod, financialYear, previousYearEnd, shiftPeriod, sparklinePeriods } from './periods';
import { ragFor } from './rag';
import { findRevisions } from './revisions';
import { type Cell, internalValueCell, isSmall, publicValueCell, symbolCell } from './suppression';
import { thresholdText, type ThresholdText } from './thresholds';

/** Everything a scorecard for period P is built from. */
export interface ScorecardInput {
  /** P, `YYYY-MM`. */
  readonly period: string;
  readonly edition: Edition;
  /** The indicators to show, in order (normally `CATALOGUE`). */
  readonly catalogue: readonly IndicatorDefinition[];
  /** `indicator_values` rows for P−12..P (the sparkline) and for March of the previous financial year. */
  readonly values: readonly IndicatorValueRow[];
  /** `targets` rows for FY(P). */
  readonly targets: readonly TargetRow[];
  /** `benchmarks` rows; the latest per indicator is used. */
  readonly benchmarks: readonly BenchmarkRow[];
  /** What earlier scorecards published (`published/<P'>/values.json`), any order. */
  readonly published: readonly PublishedValues[];
  /**
   * When the scorecard was produced, printed on it.
   * @default new Date(0), so that a build without it stays reproducible
   */
  readonly generatedAt?: Date;
}

/** A direction or RAG, or `c` when the public edition suppresses the figure it is read from. */
export type Suppressible<T> = T | typeof SYMBOL.CONFIDENTIAL | null;

/** A value shown now that an earlier scorecard published differently, as this edition shows it. */
export interface ShownRevision {
  readonly period: string;
  /** The earlier value (a `c` in the public edition when it was small). */
  readonly earlier: Cell;
  readonly current: Cell;
}

export interface SparkPoint {
  readonly period: string;
  /** `null` for a gap: no data, or suppressed in the public edition. */
  readonly value: number | null;
}

export interface Benchmarks {
  readonly statNeighbourAvg: number | null;
  readonly bestStatNeighbour: number | null;
  readonly nationalAvg: number | null;
  readonly nationalTopQuartile: number | null;
  readonly label: string | null;
}

/** One indicator's line of the scorecard: every column of scorecard.md §1. */
export interface ScorecardRow {
  /** The row number printed in the NO column, 1.. across the whole report. */
  readonly number: number;
  readonly indicator: IndicatorDefinition;
  /** High / Low / Info / Within band. */
  readonly goodPerformanceIs: string;
  /** Status of the row for P (`NO_DATA` when there is no row at all). */
  readonly status: Status;
  readonly valueP2: Cell;
  readonly valueP1: Cell;
  readonly value: Cell;
  readonly ytd: Cell;
  readonly numerator: Cell;
  readonly denominator: Cell;
  readonly previousYear: Cell;
  readonly dot: Suppressible<Dot>;
  readonly rag: Suppressible<Rag>;
  /** What RAG was judged on; `null` without a target. */
  readonly ragBasis: 'MONTH' | 'YTD' | null;
  readonly target: TargetRow | null;
  readonly thresholds: ThresholdText | null;
  readonly benchmarks: Benchmarks | null;
  readonly notes: readonly NoteCode[];
  readonly revisions: readonly ShownRevision[];
  /** P−12..P, oldest first. */
  readonly sparkline: readonly SparkPoint[];
}

export interface ScorecardTheme {
  readonly theme: Theme;
  readonly rows: readonly ScorecardRow[];
}

export interface Scorecard {
  readonly edition: Edition;
  readonly period: string;
  /** The three months shown, oldest first, and the previous year's March. */
  readonly periods: { readonly p2: string; readonly p1: string; readonly p: string; readonly previousYear: string };
  /** FY(P) as `YYYY`. */
  readonly financialYear: string;
  readonly generatedAt: string;
  /** The protective marking, `null` for the public edition. */
  readonly marking: string | null;
  /** Themes in catalogue order, only those with indicators. */
  readonly themes: readonly ScorecardTheme[];
  readonly rows: readonly ScorecardRow[];
  /** How many indicators are R, A, G, and without RAG. */
  readonly summary: Readonly<Record<Rag | 'none', number>>;
}

const GOOD_PERFORMANCE: Readonly<Record<Polarity, string>> = Object.freeze({
  HIGH: 'High',
  LOW: 'Low',
  INFO: 'Info',
  BAND: 'Within band',
});

/** Builds one edition of the scorecard for P. Pure: same input, same scorecard. */
export function buildScorecard(input: ScorecardInput): Scorecard {
  assertPeriod(input.period);
  const generatedAt = input.generatedAt ?? new Date(0);
  const isPublic = input.edition === 'public';
  const P = input.period;
  const periods = { p2: shiftPeriod(P, -2), p1: shiftPeriod(P, -1), p: P, previousYear: previousYearEnd(P) };
  const fy = financialYear(P);

  const valueIndex = new Map<string, IndicatorValueRow>();
  for (const row of input.values) valueIndex.set(`${row.indicator_id.toUpperCase()}|${row.period}`, row);
  const targetIndex = new Map(input.targets.map((t) => [t.indicator_id.toUpperCase(), t]));
  const benchmarkIndex = latestBenchmarks(input.benchmarks);

  const rows: ScorecardRow[] = input.catalogue.map((indicator, i) => {
    const id = indicator.id;
    const unit = indicator.unit;
    const rowFor = (period: string) => valueIndex.get(`${id}|${period}`);
    const noData = (row: IndicatorValueRow | undefined) => !row || row.status === STATUS.NO_DATA;

    const cellFor = (row: IndicatorValueRow | undefined): Cell =>
      isPublic
        ? publicValueCell(unit, {
            value: row?.value ?? null, numerator: row?.numerator ?? null, denominator: row?.denominator ?? null, noData: noData(row),
          })
        : internalValueCell(row?.value ?? null);

    const current = rowFor(P);
    const previous = rowFor(periods.p1);
    const status: Status = current?.status ?? STATUS.NO_DATA;
    const ytdFigure = {
      value: current?.ytd_value ?? null,
      numerator: current?.ytd_numerator ?? null,
      denominator: current?.ytd_denominator ?? null,
    };
    const ytd = isPublic
      ? publicValueCell(unit, { ...ytdFigure, noData: noData(current) })
      : internalValueCell(ytdFigure.value);

    const valueP2 = cellFor(rowFor(periods.p2));
    const valueP1 = cellFor(previous);
    const value = cellFor(current);

    const target = targetIndex.get(id);
    const bandReference = target?.band_reference ?? null;
    const dotRaw = directionOfTravel(indicator.polarity, current?.value ?? null, previous?.value ?? null, bandReference);
    const rag = ragFor(target, current?.value ?? null, current?.ytd_value ?? null);
    const ragBasisCell = target?.rag_basis === 'YTD' ? ytd : value;
    const confidential = (c: Cell) => c.kind === 'symbol' && c.symbol === SYMBOL.CONFIDENTIAL;

    const shownFigures = [rowFor(periods.p2), previous, current].filter((r): r is IndicatorValueRow => r !== undefined);
    const small = shownFigures.some((r) => isSmall(unit, r)) || isSmall(unit, ytdFigure);

    const revisions = findRevisions(
      input.published, id,
      [periods.p2, periods.p1, P].map((period) => ({ period, value: rowFor(period)?.value ?? null })),
    ).map((r): ShownRevision => ({
      period: r.period,
      earlier: isPublic ? publicValueCell(unit, { ...r.earlier, noData: false }) : internalValueCell(r.earlier.value),
      current: cellFor(rowFor(r.period)),
    }));

    const notes: NoteCode[] = [];
    if (status === STATUS.NO_DATA) notes.push(NOTE.NO_DATA);
    if (status === STATUS.PARTIAL) notes.push(NOTE.PARTIAL);
    if (revisions.length > 0) notes.push(NOTE.REVISED);
    if (!isPublic && small) notes.push(NOTE.SMALL);

    const sparkline = sparklinePeriods(P).map((period): SparkPoint => {
      const c = cellFor(rowFor(period));
      return { period, value: c.kind === 'value' ? c.value : null };
    });

    const bench = benchmarkIndex.get(id);
    return {
      number: i + 1,
      indicator,
      goodPerformanceIs: GOOD_PERFORMANCE[indicator.polarity],
      status,
      valueP2, valueP1, value, ytd,
      numerator: isPublic ? countsCell(current, unit === 'count', 'numerator') : internalValueCell(current?.numerator ?? null),
      denominator: isPublic ? countsCell(current, unit === 'count', 'denominator') : internalValueCell(current?.denominator ?? null),
      previousYear: cellFor(rowFor(periods.previousYear)),
      dot: isPublic && (confidential(value) || confidential(valueP1)) && dotRaw !== null ? SYMBOL.CONFIDENTIAL : dotRaw,
      rag: isPublic && confidential(ragBasisCell) && rag !== null ? SYMBOL.CONFIDENTIAL : rag,
      ragBasis: target ? (target.rag_basis ?? 'MONTH') : null,
      target: target ?? null,
      thresholds: thresholdText(target, unit),
      benchmarks: bench
        ? {
            statNeighbourAvg: bench.stat_neighbour_avg,
            bestStatNeighbour: bench.best_stat_neighbour,
            nationalAvg: bench.national_avg,
            nationalTopQuartile: bench.national_top_quartile,
            label: bench.label,
          }
        : null,
      notes,
      revisions,
      sparkline,
    };
  });

  const themes = THEMES.map((theme) => ({ theme, rows: rows.filter((r) => r.indicator.theme === theme) }))
    .filter((t) => t.rows.length > 0);
  // Number rows in the order they are printed (theme by theme).
  const ordered = themes.flatMap((t) => t.rows);
  const numbered = new Map(ordered.map((r, i) => [r, { ...r, number: i + 1 }]));
  const finalThemes = themes.map((t) => ({ theme: t.theme, rows: t.rows.map((r) => numbered.get(r) as ScorecardRow) }));
  const finalRows = finalThemes.flatMap((t) => t.rows);

  const summary = { R: 0, A: 0, G: 0, none: 0 };
  for (const r of finalRows) {
    if (r.rag === 'R' || r.rag === 'A' || r.rag === 'G') summary[r.rag]++;
    else summary.none++;
  }

  return {
    edition: input.edition,
    period: P,
    periods,
    financialYear: fy,
    generatedAt: generatedAt.toISOString(),
    marking: isPublic ? null : INTERNAL_MARKING,
    themes: finalThemes,
    rows: finalRows,
    summary,
  };
}

/**
 * The public edition never shows numerators or denominators: `x` without data, `z` for
 * the denominator of a count (there is none), `c` otherwise.
 */
function countsCell(row: IndicatorValueRow | undefined, isCount: boolean, which: 'numerator' | 'denominator'): Cell {
  if (!row || row.status === STATUS.NO_DATA) return symbolCell(SYMBOL.NOT_AVAILABLE);
  if (which === 'denominator' && (isCount || row.denominator === null)) return symbolCell(SYMBOL.NOT_APPLICABLE);
  return symbolCell(SYMBOL.CONFIDENTIAL);
}

function latestBenchmarks(rows: readonly BenchmarkRow[]): Map<string, BenchmarkRow> {
  const latest = new Map<string, BenchmarkRow>();
  for (const row of rows) {
    const id = row.indicator_id.toUpperCase();
    const seen = latest.get(id);
    if (!seen || row.period > seen.period) latest.set(id, row);
  }
  return latest;
}

