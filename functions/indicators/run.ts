/**
 * The indicator runner: binds each SQL file to a period, runs it on the query engine
 * (DuckDB locally, Athena in AWS), adds status and inputs from the uploads, and writes
 * `indicator_values` one period partition at a time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { QueryEngine, Row } from '../engine/engine';
import type { Store } from '../store/store';
import { indicatorValuesKey } from '../store/layout';
import { CATALOGUE } from './catalogue';
import { ACCEPTED_UPLOADS_SQL, type AcceptedUpload, coverageOf, STATUSES, UploadIndex } from './coverage';
import { IndicatorError } from './errors';
import { bindParameters, parsePeriod } from './parameters';
import { DEFAULT_SQL_DIR, loadIndicatorSql } from './sql-files';

/** One row of `indicator_values` (indicators.md §3). */
export interface IndicatorValue {
  indicator_id: string;
  period: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  ytd_numerator: number | null;
  ytd_denominator: number | null;
  ytd_value: number | null;
  status: 'OK' | 'PARTIAL' | 'NO_DATA';
  /** ISO 8601. */
  computed_at: string;
  inputs: string;
}

/** The columns of `indicator_values`, in order. */
export const INDICATOR_VALUE_COLUMNS = [
  'indicator_id', 'period', 'numerator', 'denominator', 'value', 'ytd_numerator', 'ytd_denominator', 'ytd_value',
  'status', 'computed_at', 'inputs',
] as const;

const NUMBER_COLUMNS = ['numerator', 'denominator', 'value', 'ytd_numerator', 'ytd_denominator', 'ytd_value'] as const;

export interface ComputeOptions {
  readonly engine: QueryEngine;
  /** `YYYY-MM`. */
  readonly period: string;
  /** The time stamped on the rows. @default new Date() */
  readonly now?: Date;
  /** The folder of indicator SQL files. @default the repository's sql/indicators */
  readonly sqlDir?: string;
}

/** Computes the 46 rows of the catalogue for one period, in catalogue order. */
export async function computeIndicators(options: ComputeOptions): Promise<IndicatorValue[]> {
  const { engine, period } = options;
  parsePeriod(period);
  const computedAt = (options.now ?? new Date()).toISOString();
  const files = await loadIndicatorSql(options.sqlDir ?? DEFAULT_SQL_DIR);
  const uploads = new UploadIndex((await engine.query(ACCEPTED_UPLOADS_SQL)).map(toAcceptedUpload));

  const results = new Map<string, Row>();
  for (const file of files) {
    const sql = bindParameters(file.sql, period, file.name);
    let rows: Row[];
    try {
      rows = await engine.query(sql);
    } catch (cause) {
      throw new IndicatorError(`Indicator query ${file.name} failed for ${period}`, { cause, file: file.name, period });
    }
    for (const row of rows) {
      const id = String(row.indicator_id);
      if (results.has(id)) {
        throw new IndicatorError(`Indicator ${id} is returned by more than one SQL file (again by ${file.name})`, { indicatorId: id, file: file.name });
      }
      results.set(id, row);
    }
  }

  return CATALOGUE.map((indicator) => {
    const row = results.get(indicator.id);
    if (!row) {
      throw new IndicatorError(`No SQL file returns indicator ${indicator.id}; add it to sql/indicators`, { indicatorId: indicator.id, period });
    }
    const { status, inputs } = coverageOf(indicator, period, uploads);
    const value: IndicatorValue = {
      indicator_id: indicator.id,
      period,
      numerator: null,
      denominator: null,
      value: null,
      ytd_numerator: null,
      ytd_denominator: null,
      ytd_value: null,
      status,
      computed_at: computedAt,
      inputs,
    };
    if (status !== STATUSES.NO_DATA) {
      for (const column of NUMBER_COLUMNS) value[column] = toNumber(row[column]);
    }
    return value;
  });
}

/** Turns a period's rows into a local Parquet file. */
export interface IndicatorWriter {
  writeParquet(rows: readonly IndicatorValue[], localPath: string): Promise<void>;
}

export interface RunOptions {
  readonly store: Store;
  readonly engine: QueryEngine;
  /** `YYYY-MM` periods, each computed and written as one partition. */
  readonly periods: readonly string[];
  readonly writer: IndicatorWriter;
  /** @default new Date() */
  readonly now?: Date;
  /** @default the repository's sql/indicators */
  readonly sqlDir?: string;
  /** Called after each period is written. */
  readonly progress?: (period: string, rows: readonly IndicatorValue[]) => void;
}

/**
 * Computes each period and replaces its partition
 * `indicators/indicator_values/period=P/indicator_values.parquet` (one atomic put per
 * period, so a rerun replaces the rows and a crash leaves the old or the new file).
 */
export async function runIndicators(options: RunOptions): Promise<IndicatorValue[]> {
  const now = options.now ?? new Date();
  const all: IndicatorValue[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'outturn-indicators-'));
  try {
    for (const period of options.periods) {
      const rows = await computeIndicators({ engine: options.engine, period, now, sqlDir: options.sqlDir });
      const path = join(dir, `${period}.parquet`);
      await options.writer.writeParquet(rows, path);
      await options.store.putFile(indicatorValuesKey(period), path);
      await rm(path, { force: true });
      options.progress?.(period, rows);
      all.push(...rows);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return all;
}

/**
 * Writes rows with an embedded DuckDB: appended to a staging table, then
 * `COPY … TO (FORMAT PARQUET, COMPRESSION ZSTD)` with the column types of
 * indicators.md §3 (`computed_at` a UTC TIMESTAMP). Works locally and in Lambda.
 */
export function createDuckDbIndicatorWriter(): IndicatorWriter {
  return {
    async writeParquet(rows, localPath) {
      const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false' });
      const connection = await instance.connect();
      try {
        await connection.run(`CREATE TABLE staging (
          seq INTEGER, indicator_id VARCHAR, period VARCHAR, numerator DOUBLE, denominator DOUBLE, value DOUBLE,
          ytd_numerator DOUBLE, ytd_denominator DOUBLE, ytd_value DOUBLE, status VARCHAR,
          computed_at VARCHAR, inputs VARCHAR)`);
        const appender = await connection.createAppender('staging');
        for (const [seq, row] of rows.entries()) {
          appender.appendInteger(seq);
          appender.appendVarchar(row.indicator_id);
          appender.appendVarchar(row.period);
          for (const column of NUMBER_COLUMNS) {
            const v = row[column];
            if (v === null) appender.appendNull();
            else appender.appendDouble(v);
          }
          appender.appendVarchar(row.status);
          appender.appendVarchar(row.computed_at);
          appender.appendVarchar(row.inputs);
          appender.endRow();
        }
        appender.flushSync();
        appender.closeSync();
        const target = localPath.replaceAll("'", "''");
        await connection.run(`COPY (
          SELECT indicator_id, period, numerator, denominator, value, ytd_numerator, ytd_denominator, ytd_value,
                 status, CAST(strptime(computed_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS TIMESTAMP) AS computed_at, inputs
          FROM staging ORDER BY seq
        ) TO '${target}' (FORMAT PARQUET, COMPRESSION ZSTD)`);
      } finally {
        connection.closeSync();
        instance.closeSync();
      }
    },
  };
}

function toAcceptedUpload(row: Row): AcceptedUpload {
  return {
    dataset: String(row.dataset),
    period: String(row.period),
    upload_id: String(row.upload_id),
    is_current: row.is_current === true,
  };
}

function toNumber(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : null;
}
