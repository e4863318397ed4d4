/** Revisions (scorecard.md §5): values that differ from what an earlier scorecard published. */
import { z } from 'zod';
import { PERIOD_PATTERN } from '../indicators/parameters';
import { PublishedValuesError } from './errors';
import type { IndicatorValueRow, PublishedFigure, PublishedValues } from './model';

/** A value shown now that an earlier scorecard published differently. */
export interface Revision {
  readonly period: string;
  readonly earlier: PublishedFigure;
  readonly current: number;
}

/**
 * Two values differ when they differ by more than floating-point noise: re-running the
 * same SQL on the same data may sum in another order, and that is not a revision.
 */
export function differs(earlier: number, current: number): boolean {
  return Math.abs(earlier - current) > 1e-9 * Math.max(1, Math.abs(earlier), Math.abs(current));
}

/**
 * The figure for an indicator and period as last published: from the most recently
 * published scorecard that showed it.
 */
export function lastPublished(
  publications: readonly PublishedValues[],
  indicatorId: string,
  period: string,
): PublishedFigure | undefined {
  const latestFirst = [...publications].sort((a, b) => (a.published_at < b.published_at ? 1 : a.published_at > b.published_at ? -1 : 0));
  for (const publication of latestFirst) {
    const figure = publication.values[indicatorId]?.[period];
    if (figure) return figure;
  }
  return undefined;
}

/**
 * The revisions among the values shown for an indicator. Only a published number that
 * changed counts: a period first published without data and now filled is late data,
 * not a revision, and a value that has gone is reported by its `NO_DATA` status.
 */
export function findRevisions(
  publications: readonly PublishedValues[],
  indicatorId: string,
  shown: ReadonlyArray<{ period: string; value: number | null }>,
): Revision[] {
  const revisions: Revision[] = [];
  for (const { period, value } of shown) {
    if (value === null) continue;
    const earlier = lastPublished(publications, indicatorId, period);
    if (earlier?.value === null || earlier?.value === undefined) continue;
    if (differs(earlier.value, value)) revisions.push({ period, earlier, current: value });
  }
  return revisions;
}

/** What a scorecard for `period` publishes: the figures shown for `periods` (P−2, P−1, P). */
export function publishedValues(
  period: string,
  periods: readonly string[],
  rows: readonly IndicatorValueRow[],
  indicatorIds: readonly string[],
  publishedAt: Date,
): PublishedValues {
  const byKey = new Map(rows.map((r) => [`${r.indicator_id}|${r.period}`, r]));
  const values: Record<string, Record<string, PublishedFigure>> = {};
  for (const id of indicatorIds) {
    const shown: Record<string, PublishedFigure> = {};
    for (const p of periods) {
      const row = byKey.get(`${id}|${p}`);
      if (row) shown[p] = { value: row.value, numerator: row.numerator, denominator: row.denominator };
    }
    values[id] = shown;
  }
  return { period, published_at: publishedAt.toISOString(), values };
}

const figureSchema = z.object({
  value: z.number().nullable(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
});
const publishedSchema = z.object({
  period: z.string().regex(PERIOD_PATTERN),
  published_at: z.string(),
  values: z.record(z.string(), z.record(z.string(), figureSchema)),
});

/** Parses `published/<P>/values.json`; throws `PublishedValuesError` for anything else. */
export function parsePublishedValues(key: string, text: string): PublishedValues {
  try {
    return publishedSchema.parse(JSON.parse(text));
  } catch (e) {
    throw new PublishedValuesError(key, { cause: e });
  }
}
