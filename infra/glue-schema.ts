/**
 * How the data contracts map onto the Glue catalogue: column types, partition keys and
 * the Athena partition-projection settings that match the key layout of
 * `functions/store/layout.ts`. Pure data, so that tests can check it per dataset.
 */
import { partitionColumn, type ColumnType, type DatasetContract } from '../schemas';

export interface GlueColumn {
  readonly name: string;
  readonly type: string;
  readonly comment?: string;
}

/** Glue (Hive) type of each contract column type (datasets.md §3). */
export const GLUE_TYPE: Readonly<Record<ColumnType, string>> = Object.freeze({
  id: 'string',
  code: 'string',
  text: 'string',
  upn: 'string',
  nhs: 'string',
  postcode: 'string',
  date: 'date',
  dob: 'date',
  datetime: 'timestamp',
  int: 'bigint',
  number: 'double',
  bool: 'boolean',
});

/** Columns that every curated row carries besides the contract's own. */
export const LINEAGE_COLUMNS: readonly GlueColumn[] = [
  { name: 'upload_id', type: 'string', comment: 'The upload the row came from (receipts/<partner>/<upload_id>.json).' },
  { name: 'source_row', type: 'bigint', comment: "The row number in the partner's file." },
];

/**
 * The data columns of a dataset's curated table, in contract order: each contract
 * column, then `<col>_local_date` for each datetime column (its Europe/London date),
 * then the lineage columns. The partition column is not among them.
 */
export function glueColumns(contract: DatasetContract): GlueColumn[] {
  const columns: GlueColumn[] = contract.columns.map((c) => ({
    name: c.name,
    type: GLUE_TYPE[c.type],
    ...(c.pseudonym ? { comment: `Pseudonym (${c.pseudonym}): HMAC of the partner's identifier.` } : c.note ? { comment: c.note } : {}),
  }));
  for (const c of contract.columns) {
    if (c.type === 'datetime') {
      columns.push({ name: `${c.name}_local_date`, type: 'date', comment: `UK local (Europe/London) date of ${c.name}.` });
    }
  }
  return [...columns, ...LINEAGE_COLUMNS];
}

/** The partition key of a dataset's curated table. */
export function gluePartitionKey(contract: DatasetContract): GlueColumn {
  return partitionColumn(contract) === 'snapshot_date'
    ? { name: 'snapshot_date', type: 'date', comment: 'The date the extract was taken (the period in the landing key).' }
    : { name: 'period', type: 'string', comment: contract.cadence === 'year' ? 'Year, YYYY.' : 'Month, YYYY-MM.' };
}

/** The earliest period any partition is projected for. */
export const PROJECTION_START_YEAR = 2010;

/**
 * Athena partition-projection table parameters for a dataset, matching
 * `curated/<dataset>/<partition>=<value>/` in the data bucket.
 */
export function projectionParameters(contract: DatasetContract, location: string): Record<string, string> {
  const key = gluePartitionKey(contract).name;
  const byCadence = {
    snapshot: { format: 'yyyy-MM-dd', range: `${PROJECTION_START_YEAR}-01-01,NOW`, unit: 'DAYS' },
    month: { format: 'yyyy-MM', range: `${PROJECTION_START_YEAR}-01,NOW`, unit: 'MONTHS' },
    // `targets` may be sent for the next financial year (datasets.md §1).
    year: { format: 'yyyy', range: `${PROJECTION_START_YEAR},NOW+1YEARS`, unit: 'YEARS' },
  } as const;
  return dateProjection(key, byCadence[contract.cadence], location);
}

/** indicators.md §3, without the partition column `period`. */
export const INDICATOR_VALUES_COLUMNS: readonly GlueColumn[] = [
  { name: 'indicator_id', type: 'string', comment: 'e.g. CSC-10' },
  { name: 'numerator', type: 'double', comment: 'Null for NO_DATA.' },
  { name: 'denominator', type: 'double', comment: 'Null for counts.' },
  { name: 'value', type: 'double', comment: 'The indicator value (for counts, the count).' },
  { name: 'ytd_numerator', type: 'double' },
  { name: 'ytd_denominator', type: 'double' },
  { name: 'ytd_value', type: 'double' },
  { name: 'status', type: 'string', comment: 'OK, PARTIAL or NO_DATA.' },
  { name: 'computed_at', type: 'timestamp' },
  { name: 'inputs', type: 'string', comment: 'The upload ids / snapshot dates the value was computed from.' },
];

export const INDICATOR_VALUES_PARTITION: GlueColumn = { name: 'period', type: 'string', comment: 'Month, YYYY-MM.' };

export function indicatorValuesProjection(location: string): Record<string, string> {
  return dateProjection('period', { format: 'yyyy-MM', range: `${PROJECTION_START_YEAR}-01,NOW`, unit: 'MONTHS' }, location);
}

function dateProjection(
  key: string,
  p: { readonly format: string; readonly range: string; readonly unit: string },
  location: string,
): Record<string, string> {
  return {
    'projection.enabled': 'true',
    [`projection.${key}.type`]: 'date',
    [`projection.${key}.format`]: p.format,
    [`projection.${key}.range`]: p.range,
    [`projection.${key}.interval`]: '1',
    [`projection.${key}.interval.unit`]: p.unit,
    'storage.location.template': `${location}${key}=\${${key}}/`,
  };
}

/**
 * One line per accepted upload at `curated/upload_ledger/<dataset>/<upload_id>.json`
 * (`uploadLedgerKey` in functions/store/layout.ts), without the partition column
 * `dataset`: what the `uploads` view reads, since receipts/ is for partners only.
 */
export const UPLOAD_LEDGER_COLUMNS: readonly GlueColumn[] = [
  { name: 'partner', type: 'string' },
  { name: 'period', type: 'string', comment: 'YYYY-MM, YYYY or the snapshot date YYYY-MM-DD, as in the landing key.' },
  { name: 'upload_id', type: 'string' },
  { name: 'status', type: 'string', comment: 'ACCEPTED or ACCEPTED_WITH_ERRORS.' },
  { name: 'rows_read', type: 'bigint' },
  { name: 'rows_accepted', type: 'bigint' },
  { name: 'rows_rejected', type: 'bigint' },
  // ISO 8601 text with Z, as written; the uploads view orders by it as text, like the ledger.
  { name: 'received_at', type: 'string' },
];

export const UPLOAD_LEDGER_PARTITION: GlueColumn = { name: 'dataset', type: 'string' };

/** Projects one partition per known dataset, so no partition is ever registered. */
export function uploadLedgerProjection(datasets: readonly string[], location: string): Record<string, string> {
  return {
    'projection.enabled': 'true',
    'projection.dataset.type': 'enum',
    'projection.dataset.values': datasets.join(','),
    'storage.location.template': `${location}\${dataset}/`,
  };
}

/** The working-day calendar (functions/indicators/calendar.ts), one unpartitioned Parquet file. */
export const CALENDAR_COLUMNS: readonly GlueColumn[] = [
  { name: 'day', type: 'date' },
  { name: 'is_working_day', type: 'boolean', comment: 'Monday to Friday and not an England and Wales bank holiday.' },
  { name: 'working_day_number', type: 'bigint', comment: 'Working days up to and including the day.' },
];
