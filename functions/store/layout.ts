/**
 * Where everything lives in the store (the bucket, or the local folder laid out like it).
 *
 * ```
 * landing/<partner>/<dataset>/<period>/<file>                      partners write
 * raw/<partner>/<dataset>/<period>/<upload_id>/<file>              exact bytes (+ .sha256)
 * curated/<dataset>/<period|snapshot_date>=<P>/<upload_id>.parquet accepted rows
 * quarantine/<partner>/<upload_id>/rows.csv                        rejected rows + codes
 * curated/upload_ledger/<dataset>/<upload_id>.json                 accepted uploads (no messages)
 * receipts/<partner>/<upload_id>.json                              the commit point
 * indicators/indicator_values/period=<YYYY-MM>/indicator_values.parquet
 * reports/<YYYY-MM>/scorecard.{html,xlsx,csv}                     internal edition
 * reports/<YYYY-MM>/public/scorecard.{html,xlsx,csv}              public edition
 * published/<YYYY-MM>/values.json                                  values as published
 * ```
 * The receipt is written last: an upload whose receipt exists is committed; curated
 * files without a receipt are leftovers of a crash and are ignored, then cleaned.
 * The upload id starts with the dataset and period and then the time received, so the
 * receipts of one dataset and period are one prefix listing, in order received.
 */
import type { DatasetContract, Partner } from '../../schemas';
import { partitionColumn } from '../../schemas';

export const PREFIX = {
  landing: 'landing/',
  raw: 'raw/',
  curated: 'curated/',
  quarantine: 'quarantine/',
  receipts: 'receipts/',
  indicators: 'indicators/',
  reports: 'reports/',
  published: 'published/',
} as const;

export const rawKey = (partner: string, dataset: string, period: string, uploadId: string, name: string) =>
  `raw/${partner}/${dataset}/${period}/${uploadId}/${name}`;

export const curatedPartitionPrefix = (contract: DatasetContract, period: string) =>
  `curated/${contract.name}/${partitionColumn(contract)}=${period}/`;

export const curatedKey = (contract: DatasetContract, period: string, uploadId: string) =>
  `${curatedPartitionPrefix(contract, period)}${uploadId}.parquet`;

export const quarantineKey = (partner: Partner, uploadId: string) => `quarantine/${partner}/${uploadId}/rows.csv`;

/**
 * The analyst-readable line about an accepted upload (status, counts, times; no
 * messages): what Athena's `uploads` view reads, since receipts are for their partner only.
 */
export const uploadLedgerKey = (dataset: string, uploadId: string) => `curated/upload_ledger/${dataset}/${uploadId}.json`;

export const receiptKey = (partner: string, uploadId: string) => `receipts/${partner}/${uploadId}.json`;

/** The prefix under which the receipts of one dataset and period sort by time received. */
export const receiptPartitionPrefix = (partner: string, dataset: string, period: string) =>
  `receipts/${partner}/${dataset}.${period}.`;

export const indicatorValuesKey = (period: string) =>
  `indicators/indicator_values/period=${period}/indicator_values.parquet`;

export const reportPrefix = (period: string) => `reports/${period}/`;
export const publishedKey = (period: string) => `published/${period}/values.json`;

/** The working-day calendar as Parquet, for engines that read tables from the store (Athena). */
export const CALENDAR_KEY = 'reference/calendar/calendar.parquet';
