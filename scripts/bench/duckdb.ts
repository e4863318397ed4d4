/** Small DuckDB helpers shared by the benchmark scripts. */

/** A SQL string literal. */
export const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;
