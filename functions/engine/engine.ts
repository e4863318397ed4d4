/**
 * The query engine behind indicators, reports and `outturn query`: embedded DuckDB
 * over the local store, Athena in AWS. Both expose the same tables:
 *
 * - one view per dataset, named after it, holding the rows that count: for snapshot
 *   datasets the accepted snapshot with the latest snapshot date (latest upload on a
 *   tie); for period datasets the current (latest received, restatements applied)
 *   upload of every period. Columns: the contract's columns (pseudonymised ones keep
 *   their names), `upload_id`, `source_row` (the partner's row number), the partition
 *   column (`snapshot_date` DATE or `period` VARCHAR `YYYY-MM`/`YYYY`), and for each
 *   datetime column `x` (stored as a UTC TIMESTAMP) a DATE `x_local_date`, its
 *   Europe/London calendar date;
 * - `<dataset>_all`: every accepted snapshot date (older snapshots included) and every
 *   period's current upload; a restated upload's rows remain only in raw/;
 * - `uploads`: one row per receipt (dataset, partner, period, upload_id, status,
 *   rows_accepted, received_at, is_current);
 * - `calendar`: one row per day 2010–2030 (`day` DATE, `is_working_day` BOOLEAN,
 *   `working_day_number` BIGINT, the count of working days up to and including `day`);
 * - `indicator_values` (indicators.md §3).
 */
export type Row = Record<string, unknown>;

export interface QueryEngine {
  /**
   * Runs one SELECT. Values come back as plain JS: numbers (BIGINT within safe range
   * as number), strings, booleans, null; DATE as `YYYY-MM-DD`; TIMESTAMP as ISO 8601
   * with `Z`.
   */
  query(sql: string): Promise<Row[]>;
  close(): Promise<void>;
}
