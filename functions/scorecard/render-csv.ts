/** The machine-readable scorecard (scorecard.md §6): one row per indicator, fixed columns. */
import type { Scorecard, ScorecardRow, ShownRevision } from './build';
import type { Cell } from './suppression';
import { toCsv } from './spreadsheet-safe';

/** The CSV columns, in order: a contract with downstream readers. */
export const CSV_COLUMNS = [
  'indicator_id', 'title', 'theme', 'polarity', 'unit',
  'value_p2', 'value_p1', 'value', 'ytd_value', 'numerator', 'denominator',
  'dot', 'rag', 'red', 'amber', 'green', 'previous_year',
  'stat_neighbour_avg', 'best_stat_neighbour', 'national_avg', 'national_top_quartile', 'benchmark_label',
  'status', 'note',
] as const;

const cell = (c: Cell): string | number | null => (c.kind === 'value' ? c.value : c.kind === 'symbol' ? c.symbol : null);

/**
 * The note column: codes separated by `; `, a revision as `REVISED <period> was <earlier>`
 * with the earlier value unrounded (or `c` in the public edition).
 */
export function csvNote(row: ScorecardRow): string {
  return row.notes
    .map((code) => (code === 'REVISED' ? row.revisions.map(revisionText).join('; ') : code))
    .join('; ');
}

function revisionText(r: ShownRevision): string {
  const earlier = cell(r.earlier);
  return `REVISED ${r.period} was ${earlier ?? ''}`;
}

/**
 * The scorecard as CSV. The internal edition carries no marking line, which would break
 * the one-header-row contract: its marking is its place (`reports/<P>/`, not `public/`)
 * and the HTML and XLSX beside it.
 */
export function renderCsv(scorecard: Scorecard): string {
  const records = scorecard.rows.map((row) => {
    const b = row.benchmarks;
    return [
      row.indicator.id, row.indicator.title, row.indicator.theme, row.indicator.polarity, row.indicator.unit,
      cell(row.valueP2), cell(row.valueP1), cell(row.value), cell(row.ytd), cell(row.numerator), cell(row.denominator),
      row.dot, row.rag,
      row.thresholds?.red ?? null, row.thresholds?.amber ?? null, row.thresholds?.green ?? null,
      cell(row.previousYear),
      b?.statNeighbourAvg ?? null, b?.bestStatNeighbour ?? null, b?.nationalAvg ?? null, b?.nationalTopQuartile ?? null, b?.label ?? null,
      row.status, csvNote(row),
    ];
  });
  return toCsv(CSV_COLUMNS, records);
}
