/**
 * The engine contract's tables (./engine.ts) in Athena. Glue holds one table per dataset
 * over all of its curated files (`curated_<dataset>`), `receipts` over the receipts and
 * `calendar`; these views add the rule "which upload counts", so that the same `sql/`
 * files read the same rows as on DuckDB. The rule is the ledger's
 * (functions/ingest/ledger.ts): latest snapshot date, then latest received, per dataset
 * for snapshots and per period otherwise.
 */
import { DATASETS } from '../../schemas';
import type { QueryEngine } from './engine';

/** Glue's name for the table over every curated file of a dataset. */
export const curatedTable = (dataset: string) => `curated_${dataset}`;

const cadences = DATASETS.map((d) => `('${d.name}', '${d.cadence}')`).join(', ');

export const UPLOADS_VIEW = `CREATE OR REPLACE VIEW uploads AS
WITH receipt AS (
  SELECT dataset, partner, period, upload_id, status, rows_read, rows_accepted, rows_rejected,
         CAST(from_iso8601_timestamp(received_at) AS timestamp) AS received_at, key
  FROM receipts
),
cadence AS (
  SELECT dataset, cadence FROM (VALUES ${cadences}) AS t (dataset, cadence)
),
ranked AS (
  SELECT r.upload_id,
         row_number() OVER (
           PARTITION BY r.dataset, CASE WHEN c.cadence = 'snapshot' THEN '' ELSE r.period END
           ORDER BY CASE WHEN c.cadence = 'snapshot' THEN r.period ELSE '' END DESC, r.received_at DESC, r.upload_id DESC
         ) AS rank_in_partition
  FROM receipt AS r
  JOIN cadence AS c ON c.dataset = r.dataset
  WHERE r.status IN ('ACCEPTED', 'ACCEPTED_WITH_ERRORS')
)
SELECT r.dataset, r.partner, r.period, r.upload_id, r.status, r.rows_read, r.rows_accepted, r.rows_rejected,
       r.received_at, coalesce(k.rank_in_partition = 1, false) AS is_current, r.key
FROM receipt AS r
LEFT JOIN ranked AS k ON k.upload_id = r.upload_id`;

/** The views of one dataset: what counts, and every accepted upload. */
export function datasetViews(dataset: string): string[] {
  const table = curatedTable(dataset);
  return [
    `CREATE OR REPLACE VIEW ${dataset} AS
SELECT t.* FROM ${table} AS t
WHERE t.upload_id IN (SELECT upload_id FROM uploads WHERE dataset = '${dataset}' AND is_current)`,
    `CREATE OR REPLACE VIEW ${dataset}_all AS
SELECT t.* FROM ${table} AS t
WHERE t.upload_id IN (SELECT upload_id FROM uploads WHERE dataset = '${dataset}' AND status IN ('ACCEPTED', 'ACCEPTED_WITH_ERRORS'))`,
  ];
}

/** Every view statement, in dependency order. */
export function athenaViewStatements(): string[] {
  return [UPLOADS_VIEW, ...DATASETS.flatMap((d) => datasetViews(d.name))];
}

/** Creates or replaces the views (idempotent; run at the start of each monthly run). */
export async function prepareAthenaViews(engine: QueryEngine): Promise<void> {
  for (const statement of athenaViewStatements()) await engine.query(statement);
}
