/**
 * Scorecard fixtures: a realistic borough's indicator values for 14 months, the
 * targets and benchmarks of scorecard.md §7, and small builders for edge cases.
 * Values come from a seeded generator, so every run sees the same data.
 */
import { CATALOGUE, type IndicatorDefinition } from '../../functions/indicators/catalogue';
import type { BenchmarkRow, IndicatorValueRow, TargetRow } from '../../functions/scorecard/model';
import { previousYearEnd, sparklinePeriods } from '../../functions/scorecard/periods';

export const PERIOD = '2017-01';

/** A target row with defaults for the optional columns. */
export const target = (t: Partial<TargetRow> & Pick<TargetRow, 'indicator_id' | 'rule' | 'green'>): TargetRow => ({
  amber: null, band_reference: null, rag_basis: null, ...t,
});

/** A benchmarks row with defaults. */
export const benchmark = (b: Partial<BenchmarkRow> & Pick<BenchmarkRow, 'indicator_id'>): BenchmarkRow => ({
  stat_neighbour_avg: null, best_stat_neighbour: null, national_avg: null, national_top_quartile: null,
  label: '2014/15', period: '2015', ...b,
});

/** An `indicator_values` row: a percentage from numerator and denominator, or a count. */
export function valueRow(
  indicatorId: string, period: string,
  v: { numerator?: number | null; denominator?: number | null; value?: number | null; status?: IndicatorValueRow['status'];
       ytd_numerator?: number | null; ytd_denominator?: number | null; ytd_value?: number | null },
): IndicatorValueRow {
  const numerator = v.numerator ?? null;
  const denominator = v.denominator ?? null;
  const value = v.value !== undefined ? v.value : numerator !== null && denominator ? (numerator / denominator) * 100 : numerator;
  const status = v.status ?? 'OK';
  const noData = status === 'NO_DATA';
  return {
    indicator_id: indicatorId, period,
    numerator: noData ? null : numerator, denominator: noData ? null : denominator, value: noData ? null : value,
    ytd_numerator: noData ? null : v.ytd_numerator ?? numerator,
    ytd_denominator: noData ? null : v.ytd_denominator ?? denominator,
    ytd_value: noData ? null : v.ytd_value !== undefined ? v.ytd_value
      : v.ytd_numerator != null && v.ytd_denominator ? (v.ytd_numerator / v.ytd_denominator) * 100 : value,
    status,
  };
}

/** The targets of scorecard.md §7 (financial year 2016). */
export const COUNCIL_TARGETS: TargetRow[] = [
  target({ indicator_id: 'CSC-02', rule: 'HIGH', green: 95, amber: 92 }),
  target({ indicator_id: 'CSC-05', rule: 'HIGH', green: 86, amber: 83 }),
  target({ indicator_id: 'CSC-06', rule: 'HIGH', green: 95, amber: 92 }),
  target({ indicator_id: 'CSC-07', rule: 'LOW', green: 23, amber: 26 }),
  target({ indicator_id: 'CSC-08', rule: 'LOW', green: 26, amber: 30 }),
  target({ indicator_id: 'CSC-10', rule: 'HIGH', green: 86, amber: 83, rag_basis: 'YTD' }),
  target({ indicator_id: 'CSC-13', rule: 'BAND', green: 5, amber: 15, band_reference: 158.8 }),
  target({ indicator_id: 'CSC-17', rule: 'LOW', green: 4 }),
  target({ indicator_id: 'EH-01', rule: 'HIGH', green: 100, amber: 90 }),
  target({ indicator_id: 'EH-02', rule: 'HIGH', green: 100, amber: 90 }),
  target({ indicator_id: 'SCH-03', rule: 'LOW', green: 8.4 }),
  target({ indicator_id: 'SCH-04', rule: 'LOW', green: 13.8 }),
  target({ indicator_id: 'SCH-01', rule: 'HIGH', green: 96.0 }),
  target({ indicator_id: 'SCH-02', rule: 'HIGH', green: 94.7 }),
];

/** The benchmarks of scorecard.md §7. */
export const COUNCIL_BENCHMARKS: BenchmarkRow[] = [
  benchmark({ indicator_id: 'CSC-04', stat_neighbour_avg: 655.4, best_stat_neighbour: 333.9, national_avg: 548.3 }),
  benchmark({ indicator_id: 'CSC-05', stat_neighbour_avg: 85.9, best_stat_neighbour: 99.7, national_avg: 87.1, national_top_quartile: 97.8 }),
  benchmark({ indicator_id: 'CSC-08', stat_neighbour_avg: 23.6, best_stat_neighbour: 15.4, national_avg: 24.0, national_top_quartile: 16.5 }),
  benchmark({ indicator_id: 'CSC-10', stat_neighbour_avg: 79.8, best_stat_neighbour: 98.3, national_avg: 81.5, national_top_quartile: 91.2 }),
  benchmark({ indicator_id: 'CSC-13', stat_neighbour_avg: 149.2, best_stat_neighbour: 75.0, national_avg: 138.2 }),
  benchmark({ indicator_id: 'CSC-15', stat_neighbour_avg: 372.4 }),
  benchmark({ indicator_id: 'CSC-19', stat_neighbour_avg: 75.8 }),
  benchmark({ indicator_id: 'CSC-23', stat_neighbour_avg: 50.4, national_avg: 48.0 }),
  benchmark({ indicator_id: 'SCH-03', stat_neighbour_avg: 9.6, best_stat_neighbour: 8.4, national_avg: 8.4, label: '2015/16', period: '2016' }),
  benchmark({ indicator_id: 'SCH-04', stat_neighbour_avg: 13.3, best_stat_neighbour: 10.0, national_avg: 13.8, label: '2015/16', period: '2016' }),
  benchmark({ indicator_id: 'SCH-01', stat_neighbour_avg: 96.3, best_stat_neighbour: 96.6, national_avg: 96.4 }),
  benchmark({ indicator_id: 'SCH-02', stat_neighbour_avg: 95.0, best_stat_neighbour: 95.5, national_avg: 95.4 }),
  benchmark({ indicator_id: 'YJ-01', stat_neighbour_avg: 439.76, national_avg: 409.1 }),
];

/** A seeded generator (mulberry32): the same sequence every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Typical size of each indicator's denominator (or count) in a borough of 56,400 children. */
const SCALE: Record<string, [number, number]> = {
  // [denominator or count, typical % / rate]
  'CSC-01': [1000, 0], 'CSC-02': [1000, 82], 'CSC-03': [1000, 37], 'CSC-04': [56400, 790], 'CSC-05': [375, 84],
  'CSC-06': [375, 93], 'CSC-07': [375, 24], 'CSC-08': [4500, 28], 'CSC-09': [330, 0], 'CSC-10': [330, 84],
  'CSC-11': [42, 0], 'CSC-12': [330, 31], 'CSC-13': [56400, 196], 'CSC-14': [28, 78], 'CSC-15': [56400, 390],
  'CSC-16': [56400, 58], 'CSC-17': [27, 11], 'CSC-18': [20, 4], 'CSC-19': [56400, 85], 'CSC-20': [480, 9],
  'CSC-21': [160, 68], 'CSC-22': [480, 76], 'CSC-23': [120, 52], 'CSC-24': [120, 86], 'CSC-25': [28, 540],
  'CSC-26': [24, 190], 'POL-01': [70, 0], 'POL-02': [160, 0], 'POL-03': [150, 71], 'YJ-01': [6100, 420],
  'EH-01': [210, 92], 'EH-02': [180, 88], 'EH-03': [180, 34], 'EH-04': [850, 0], 'HLT-01': [380, 91],
  'HLT-02': [380, 83], 'HLT-03': [22, 64], 'HLT-04': [120, 72], 'HLT-05': [1500, 9.8], 'HLT-06': [1400, 21.5],
  'SCH-01': [2_400_000, 96.1], 'SCH-02': [1_900_000, 94.6], 'SCH-03': [24000, 8.9], 'SCH-04': [17000, 13.1],
  'SCH-05': [41000, 4.2], 'SCH-06': [3, 0],
};

const RATE_MULTIPLIER: Record<string, number> = { '%': 100, 'per 10k': 10000, 'per 100k': 100000, 'per 100': 100 };

/**
 * A full year of realistic values for every indicator: P−12..P plus the previous March,
 * with one PARTIAL and one NO_DATA row in P, as the scorecard reads them.
 */
export function boroughValues(period = PERIOD, catalogue: readonly IndicatorDefinition[] = CATALOGUE, seed = 7): IndicatorValueRow[] {
  const rnd = seeded(seed);
  const periods = [...new Set([previousYearEnd(period), ...sparklinePeriods(period)])].sort();
  const rows: IndicatorValueRow[] = [];
  for (const d of catalogue) {
    const [size, typical] = SCALE[d.id] ?? [100, 50];
    for (const p of periods) {
      const wobble = 1 + (rnd() - 0.5) * 0.12;
      let row: IndicatorValueRow;
      if (d.unit === 'count') {
        const count = Math.max(0, Math.round(size * wobble));
        row = valueRow(d.id, p, { numerator: count, value: count });
      } else if (d.unit === 'days') {
        const n = Math.max(1, Math.round(size * wobble));
        const total = Math.round(n * typical * (1 + (rnd() - 0.5) * 0.1));
        row = valueRow(d.id, p, { numerator: total, denominator: n, value: total / n });
      } else {
        const denominator = Math.max(1, Math.round(size * (1 + (rnd() - 0.5) * 0.04)));
        const multiplier = RATE_MULTIPLIER[d.unit] ?? 100;
        const numerator = Math.max(0, Math.round((denominator * typical * wobble) / multiplier));
        const value = (numerator / denominator) * multiplier;
        // Only month indicators have a YTD of their own; the others repeat the period's figures.
        row = d.window === 'month'
          ? valueRow(d.id, p, { numerator, denominator, value, ytd_numerator: numerator * 10, ytd_denominator: denominator * 10,
              ytd_value: ((numerator * 10 + Math.round(rnd() * denominator * 0.02)) / (denominator * 10)) * multiplier })
          : valueRow(d.id, p, { numerator, denominator, value });
      }
      rows.push(row);
    }
  }
  const at = (id: string) => rows.findIndex((r) => r.indicator_id === id && r.period === period);
  const partial = at('HLT-02');
  if (partial >= 0) rows[partial] = { ...rows[partial], status: 'PARTIAL' };
  const noData = at('HLT-04');
  if (noData >= 0) rows[noData] = valueRow('HLT-04', period, { status: 'NO_DATA' });
  return rows;
}

/** Reads CSV text (RFC 4180: quoted fields may hold commas, quotes and line breaks) into rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
    else field += ch;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}
