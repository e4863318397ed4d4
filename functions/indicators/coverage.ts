/**
 * Coverage and status (indicators.md §1): which months and snapshots each indicator
 * reads, whether the accepted uploads cover them, and the `inputs` provenance string.
 *
 * - A month dataset covers a month when a file (or nil return) for it was accepted.
 *   NO_DATA when P itself is not covered; PARTIAL when another month read is not
 *   (the YTD window for `month` indicators, the whole window otherwise, and the 12
 *   months ending Pend when a `snapshot` indicator reads a month dataset, as HLT-01/02
 *   read lac_health).
 * - A snapshot dataset covers every day up to its latest accepted snapshot date:
 *   NO_DATA when that is before Pstart, PARTIAL when before Pend.
 * - A year dataset (population) covers P when a year ≤ the calendar year of Pend exists.
 */
import { getDataset } from '../../schemas';
import type { IndicatorDefinition } from './catalogue';
import { addMonths, periodDates, periodRange } from './parameters';

export const STATUSES = Object.freeze({ OK: 'OK', PARTIAL: 'PARTIAL', NO_DATA: 'NO_DATA' } as const);
export type IndicatorStatus = (typeof STATUSES)[keyof typeof STATUSES];

/** One accepted receipt, as read from the `uploads` table. */
export interface AcceptedUpload {
  readonly dataset: string;
  readonly period: string;
  readonly upload_id: string;
  readonly is_current: boolean;
}

/** The SQL the runner uses to read accepted uploads (portable, no parameters). */
export const ACCEPTED_UPLOADS_SQL = `select dataset, period, upload_id, is_current
from uploads
where status in ('ACCEPTED', 'ACCEPTED_WITH_ERRORS')`;

/** Accepted uploads indexed by dataset and period. */
export class UploadIndex {
  private readonly byDataset = new Map<string, Map<string, AcceptedUpload[]>>();

  constructor(uploads: readonly AcceptedUpload[]) {
    for (const u of uploads) {
      let periods = this.byDataset.get(u.dataset);
      if (!periods) this.byDataset.set(u.dataset, (periods = new Map()));
      const list = periods.get(u.period) ?? [];
      list.push(u);
      periods.set(u.period, list);
    }
  }

  periods(dataset: string): string[] {
    return [...(this.byDataset.get(dataset)?.keys() ?? [])].sort();
  }

  /** The upload whose rows count for a period: the current one, else the last listed. */
  current(dataset: string, period: string): AcceptedUpload | undefined {
    const list = this.byDataset.get(dataset)?.get(period);
    if (!list?.length) return undefined;
    return list.find((u) => u.is_current) ?? list[list.length - 1];
  }
}

/** The months an indicator reads from a month dataset for period P, P first. */
export function monthsRead(indicator: Pick<IndicatorDefinition, 'window'>, period: string): string[] {
  const d = periodDates(period);
  const from = (() => {
    switch (indicator.window) {
      case 'month':
      case 'fy':
        return d.fyStart.slice(0, 7);
      case 'ay':
        return d.ayStart.slice(0, 7);
      case 'rolling36':
        return d.r36Start.slice(0, 7);
      case 'rolling12':
      case 'snapshot':
        return addMonths(period, -11);
    }
  })();
  return [period, ...periodRange(from, addMonths(period, -1))];
}

export interface Coverage {
  readonly status: IndicatorStatus;
  readonly inputs: string;
}

/** The status and inputs of one indicator for one period. */
export function coverageOf(indicator: IndicatorDefinition, period: string, uploads: UploadIndex): Coverage {
  const d = periodDates(period);
  let status: IndicatorStatus = STATUSES.OK;
  const worsen = (s: IndicatorStatus) => {
    if (s === STATUSES.NO_DATA || (s === STATUSES.PARTIAL && status === STATUSES.OK)) status = s;
  };
  const inputs: string[] = [];
  for (const name of indicator.sources) {
    const contract = getDataset(name);
    if (contract.cadence === 'snapshot') {
      const latest = uploads.periods(name).at(-1);
      if (latest === undefined || latest < d.pstart) {
        worsen(STATUSES.NO_DATA);
        inputs.push(`${name}:none`);
        continue;
      }
      if (latest < d.pend) worsen(STATUSES.PARTIAL);
      inputs.push(`${name}@${latest}=${uploads.current(name, latest)?.upload_id ?? ''}`);
    } else if (contract.cadence === 'year') {
      const year = uploads.periods(name).filter((p) => p <= d.popYear).at(-1);
      if (year === undefined) {
        worsen(STATUSES.NO_DATA);
        inputs.push(`${name}:none`);
        continue;
      }
      inputs.push(`${name}@${year}=${uploads.current(name, year)?.upload_id ?? ''}`);
    } else {
      const months = monthsRead(indicator, period);
      const ids: string[] = [];
      const missing: string[] = [];
      for (const month of months) {
        const upload = uploads.current(name, month);
        if (upload) ids.push(upload.upload_id);
        else missing.push(month);
      }
      if (missing.includes(period)) worsen(STATUSES.NO_DATA);
      else if (missing.length > 0) worsen(STATUSES.PARTIAL);
      inputs.push(`${name}=${ids.join(',')}${missing.length ? ` (missing ${missing.sort().join(',')})` : ''}`);
    }
  }
  return { status, inputs: inputs.join('; ') };
}
