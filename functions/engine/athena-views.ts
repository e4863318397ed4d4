/**
 * The engine contract's tables (./engine.ts) in Athena. Glue holds one table per dataset
 * over all of its curated files (`curated_<dataset>`), `upload_ledger` over the ledger
 * lines the ingest writes for every accepted upload (`curated/upload_ledger/`, readable by
 * analysts, unlike receipts/), `calendar` and `indicator_values`; these views add the
 * rule "which upload counts", so that the same `sql/` files read the same rows as on
 * DuckDB. The rule is the ledger's (functions/ingest/ledger.ts): latest snapshot date,
 * then latest received, then the greater upload id, per dataset for snapshots and per
 * period otherwise. `received_at` is ordered as the ISO text the ingest wrote, exactly
 * as `laterThan` compares it.
 *
 * The SELECT of `uploads` is portable (Trino and DuckDB both run it), so a test can
 * check it against `currentUploads` of the local engine row by row.
 */
import { DATASETS } from '../../schemas';
import type { QueryEngine } from './engine';
import { SHARED_VIEWS, sharedViewStatements } from '../indicators/shared-views';

/** Glue's name for the table over every curated file of a dataset. */
export const curatedTable = (dataset: string) => `curated_${dataset}`;

/** Glue's name for the table over the upload ledger lines. */
export const UPLOAD_LEDGER_TABLE = 'upload_ledger';

/** The statuses whose uploads count (the ledger holds no others; the filter is a guard). */
const COUNTING_STATUSES = "('ACCEPTED', 'ACCEPTED_WITH_ERRORS')";

const cadences = DATASETS.map((d) => `('${d.name}', '${d.cadence}')`).join(', ');

/**
 * The body of the `uploads` view: one row per accepted upload with `is_current`, the
 * columns of the local engine's `uploads` but `key` (the landing key is the partner's
 * business, so the ledger leaves it out). `received_at` becomes a TIMESTAMP (UTC).
 */
export const UPLOADS_SELECT = `WITH ledger AS (
  SELECT dataset, partner, period, upload_id, status, rows_read, rows_accepted, rows_rejected, received_at
  FROM ${UPLOAD_LEDGER_TABLE}
  WHERE status IN ${COUNTING_STATUSES}
),
cadence AS (
  SELECT dataset, cadence FROM (VALUES ${cadences}) AS t (dataset, cadence)
),
ranked AS (
  SELECT l.*,
         row_number() OVER (
           PARTITION BY l.dataset, CASE WHEN c.cadence = 'snapshot' THEN '' ELSE l.period END
           ORDER BY CASE WHEN c.cadence = 'snapshot' THEN l.period ELSE '' END DESC, l.received_at DESC, l.upload_id DESC
         ) AS rank_in_partition
  FROM ledger AS l
  JOIN cadence AS c ON c.dataset = l.dataset
)
SELECT dataset, partner, period, upload_id, status, rows_read, rows_accepted, rows_rejected,
       CAST(replace(replace(received_at, 'T', ' '), 'Z', '') AS timestamp) AS received_at,
       rank_in_partition = 1 AS is_current
FROM ranked`;

export const UPLOADS_VIEW = `CREATE OR REPLACE VIEW uploads AS
${UPLOADS_SELECT}`;

/** The views of one dataset: what counts, and every accepted upload. */
export function datasetViews(dataset: string): string[] {
  const table = curatedTable(dataset);
  return [
    `CREATE OR REPLACE VIEW ${dataset} AS
SELECT t.* FROM ${table} AS t
WHERE t.upload_id IN (SELECT upload_id FROM uploads WHERE dataset = '${dataset}' AND is_current)`,
    `CREATE OR REPLACE VIEW ${dataset}_all AS
SELECT t.* FROM ${table} AS t
WHERE t.upload_id IN (SELECT upload_id FROM uploads WHERE dataset = '${dataset}' AND status IN ${COUNTING_STATUSES})`,
  ];
}

/** The names of every view, in the order they are created. */
export function athenaViewNames(): string[] {
  return ['uploads', ...DATASETS.flatMap((d) => [d.name, `${d.name}_all`]), ...Object.keys(SHARED_VIEWS)];
}

/** Every view statement, in dependency order. */
export function athenaViewStatements(): string[] {
  return [UPLOADS_VIEW, ...DATASETS.flatMap((d) => datasetViews(d.name)), ...sharedViewStatements()];
}

/** Creates or replaces the views (idempotent; run at the start of each monthly run). */
export async function prepareAthenaViews(engine: QueryEngine): Promise<void> {
  for (const statement of athenaViewStatements()) await engine.query(statement);
}
