/**
 * Why an indicator has no value for a period, in words, worked out from what the
 * warehouse holds: the row's status and inputs (which source does not cover the month),
 * and, when the status is fine but there is nothing to divide by, which of its sources
 * sent no rows over the window it reads.
 */
import { getDataset } from '../../schemas';
import { getIndicator, type IndicatorDefinition } from '../indicators/catalogue';
import { monthsRead } from '../indicators/coverage';
import { periodDates } from '../indicators/parameters';
import type { IndicatorValue } from '../indicators/run';

/** One row of the `uploads` table (functions/engine/engine.ts), as far as this needs it. */
export interface UploadRow {
  readonly dataset: string;
  readonly period: string | null;
  readonly rows_accepted: number;
  readonly is_current: boolean;
}

/** Indicators that share a reason, e.g. `{ ids: ['HLT-05', 'HLT-06'], reason: 'no child_measurements rows …' }`. */
export interface MissingValue {
  readonly ids: readonly string[];
  readonly reason: string;
}

/**
 * Groups the indicators without a value in `rows` (one period's rows) by the reason,
 * in catalogue order.
 */
export function explainMissing(rows: readonly IndicatorValue[], uploads: readonly UploadRow[]): MissingValue[] {
  const byReason = new Map<string, string[]>();
  for (const row of rows) {
    if (row.value !== null) continue;
    const reason = row.status === 'NO_DATA'
      ? notCovered(row)
      : nothingToCount(getIndicator(row.indicator_id), row.period, uploads);
    byReason.set(reason, [...(byReason.get(reason) ?? []), row.indicator_id]);
  }
  return [...byReason].map(([reason, ids]) => ({ ids, reason }));
}

/** `HLT-05/06`, `CSC-02, EH-01`: ids sharing a prefix written once. */
export function idList(ids: readonly string[]): string {
  const groups = new Map<string, string[]>();
  for (const id of ids) {
    const dash = id.lastIndexOf('-');
    const prefix = id.slice(0, dash + 1);
    groups.set(prefix, [...(groups.get(prefix) ?? []), id.slice(dash + 1)]);
  }
  return [...groups].map(([prefix, numbers]) => `${prefix}${numbers.join('/')}`).join(', ');
}

/** NO_DATA: the sources the coverage check found missing, read back from `inputs`. */
function notCovered(row: IndicatorValue): string {
  const d = periodDates(row.period);
  const missing: string[] = [];
  for (const part of row.inputs.split('; ')) {
    const none = /^([a-z0-9_]+):none$/.exec(part);
    const gaps = /^([a-z0-9_]+)=.*\(missing ([^)]*)\)$/.exec(part);
    if (none) {
      const cadence = getDataset(none[1]).cadence;
      missing.push(cadence === 'snapshot'
        ? `no ${none[1]} snapshot dated ${d.pstart} or later`
        : `no ${none[1]} for ${d.popYear} or an earlier year`);
    } else if (gaps && gaps[2].split(',').includes(row.period)) {
      missing.push(`no accepted ${gaps[1]} file for ${row.period}`);
    }
  }
  return missing.length ? missing.join('; ') : `a source does not cover ${row.period}`;
}

/** Covered, but a zero denominator: say which sources sent no rows in the window read. */
function nothingToCount(indicator: IndicatorDefinition, period: string, uploads: readonly UploadRow[]): string {
  const months = monthsRead(indicator, period).sort();
  const window = windowWords(indicator, period);
  const empty: string[] = [];
  for (const name of indicator.sources) {
    if (getDataset(name).cadence !== 'month') continue;
    const current = uploads.filter((u) => u.dataset === name && u.is_current && u.period !== null);
    const inWindow = current.filter((u) => months.includes(u.period as string));
    if (!inWindow.length || inWindow.some((u) => u.rows_accepted > 0)) continue;
    const before = current.filter((u) => (u.period as string) < months[0] && u.rows_accepted > 0).map((u) => u.period as string).sort();
    empty.push(`no ${name} rows ${window}${before.length ? ` (the latest are from ${before[before.length - 1]})` : ''}`);
  }
  if (empty.length) return empty.join('; ');
  return `nothing to divide by: no ${denominatorWords(indicator)} ${window}`;
}

function windowWords(indicator: IndicatorDefinition, period: string): string {
  const d = periodDates(period);
  switch (indicator.window) {
    case 'month': return `in ${period}`;
    case 'ay': return `in the academic year so far (${d.ayStart.slice(0, 7)} to ${period})`;
    case 'fy': return `in the financial year so far (${d.fyStart.slice(0, 7)} to ${period})`;
    case 'rolling12': return `in the 12 months to ${period}`;
    case 'rolling36': return `in the 36 months to ${period}`;
    case 'snapshot': return `at the end of ${period}`;
  }
}

/** The denominator as the catalogue words it ("… / assessments completed in the month."). */
function denominatorWords(indicator: IndicatorDefinition): string {
  const of = /^Of (.+?), those/.exec(indicator.definition);
  const text = of ? of[1] : indicator.definition.split(' / ').at(-1) ?? indicator.definition;
  return text
    .replace(/\s*×\s*[\d,]+\.?$/, '')
    .replace(/,? (in|at) the month( end)?\.?$|,? academic year to date\.?$|\.$/, '')
    .replace(/^./, (c) => c.toLowerCase());
}
