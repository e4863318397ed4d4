/**
 * The performance team's reference data: population estimates, targets and benchmarks
 * (the real values of scorecard.md §7).
 */
import type { Random } from './random';
import type { Row } from './table';

/**
 * Single-year population estimates for ages 0–120 (90 standing for 90+): ages 0–17
 * sum exactly to `children`, the adults follow a typical borough's age profile.
 */
export function populationRows(children: number, random: Random): Row[] {
  const perAge = children / 18;
  const counts = Array.from({ length: 18 }, () => Math.round(perAge * (1 + random.normal(0, 0.03))));
  counts[17] += children - counts.reduce((a, b) => a + b, 0);
  const rows: Row[] = counts.map((count, age) => ({ age, count }));
  for (let age = 18; age <= 120; age++) {
    const shape = age < 65 ? 1.05 : age < 90 ? 1.05 * Math.exp(-(age - 65) / 14) : age === 90 ? 2.2 : 0;
    rows.push({ age, count: Math.round(perAge * shape * (1 + random.normal(0, 0.02))) });
  }
  return rows;
}

/** Targets and tolerances (scorecard.md §7: every row with a rule). */
export const TARGETS: readonly Row[] = [
  { indicator_id: 'CSC-02', rule: 'HIGH', green: 95, amber: 92 },
  { indicator_id: 'CSC-05', rule: 'HIGH', green: 86, amber: 83 },
  { indicator_id: 'CSC-06', rule: 'HIGH', green: 95, amber: 92 },
  { indicator_id: 'CSC-07', rule: 'LOW', green: 23, amber: 26 },
  { indicator_id: 'CSC-08', rule: 'LOW', green: 26, amber: 30 },
  // The council judges assessment timeliness on the year to date (scorecard.md §2 example).
  { indicator_id: 'CSC-10', rule: 'HIGH', green: 86, amber: 83, rag_basis: 'YTD' },
  { indicator_id: 'CSC-13', rule: 'BAND', green: 5, amber: 15, band_reference: 158.8 },
  { indicator_id: 'CSC-17', rule: 'LOW', green: 4 },
  { indicator_id: 'EH-01', rule: 'HIGH', green: 100, amber: 90 },
  { indicator_id: 'EH-02', rule: 'HIGH', green: 100, amber: 90 },
  { indicator_id: 'SCH-03', rule: 'LOW', green: 8.4 },
  { indicator_id: 'SCH-04', rule: 'LOW', green: 13.8 },
  { indicator_id: 'SCH-01', rule: 'HIGH', green: 96.0 },
  { indicator_id: 'SCH-02', rule: 'HIGH', green: 94.7 },
];

/** The year the §7 benchmarks describe, and their label. */
export const BENCHMARK_YEAR = 2014;
export const BENCHMARK_LABEL = '2014/15';

/** Statistical-neighbour and England benchmarks (scorecard.md §7). */
export const BENCHMARKS: readonly Row[] = [
  { indicator_id: 'CSC-04', stat_neighbour_avg: 655.4, best_stat_neighbour: 333.9, national_avg: 548.3 },
  { indicator_id: 'CSC-05', stat_neighbour_avg: 85.9, best_stat_neighbour: 99.7, national_avg: 87.1, national_top_quartile: 97.8 },
  { indicator_id: 'CSC-08', stat_neighbour_avg: 23.6, best_stat_neighbour: 15.4, national_avg: 24.0, national_top_quartile: 16.5 },
  { indicator_id: 'CSC-10', stat_neighbour_avg: 79.8, best_stat_neighbour: 98.3, national_avg: 81.5, national_top_quartile: 91.2 },
  { indicator_id: 'CSC-13', stat_neighbour_avg: 149.2, best_stat_neighbour: 75.0, national_avg: 138.2 },
  { indicator_id: 'CSC-15', stat_neighbour_avg: 372.4 },
  { indicator_id: 'CSC-19', stat_neighbour_avg: 75.8 },
  { indicator_id: 'CSC-23', stat_neighbour_avg: 50.4, national_avg: 48.0 },
  { indicator_id: 'SCH-03', stat_neighbour_avg: 9.6, best_stat_neighbour: 8.4, national_avg: 8.4 },
  { indicator_id: 'SCH-04', stat_neighbour_avg: 13.3, best_stat_neighbour: 10.0, national_avg: 13.8 },
  { indicator_id: 'SCH-01', stat_neighbour_avg: 96.3, best_stat_neighbour: 96.6, national_avg: 96.4 },
  { indicator_id: 'SCH-02', stat_neighbour_avg: 95.0, best_stat_neighbour: 95.5, national_avg: 95.4 },
  { indicator_id: 'YJ-01', stat_neighbour_avg: 439.76, national_avg: 409.1 },
].map((row) => ({ ...row, label: BENCHMARK_LABEL }));
