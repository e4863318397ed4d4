/** Small DuckDB helpers shared by the benchmark scripts. */
import type { DuckDBConnection } from '@duckdb/node-api';

/** A SQL string literal. */
export const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Rows of a query as plain objects. */
export async function queryRows(db: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await db.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}
