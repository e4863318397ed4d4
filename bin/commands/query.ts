/** `outturn query "SQL" [--csv]`: read-only SQL over the warehouse. */
import { DuckDbEngine } from '../../functions/engine/duckdb-engine';
import { toCsv } from '../../functions/scorecard/spreadsheet-safe';
import { UsageError, type Context } from './context';

export async function query(context: Context): Promise<number> {
  const [sql, ...extra] = context.args;
  if (!sql || extra.length) throw new UsageError('query takes one SQL string (quote it).');
  const engine = await DuckDbEngine.open({ store: context.store });
  try {
    const { columns, rows } = await engine.queryReadOnly(sql);
    context.out.write(context.options.csv ? queryCsv(columns, rows) : toTable(columns, rows));
    return 0;
  } finally {
    await engine.close();
  }
}

const text = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

function toTable(columns: string[], rows: Record<string, unknown>[]): string {
  const cells = rows.map((r) => columns.map((c) => text(r[c])));
  const widths = columns.map((c, i) => Math.min(60, Math.max(c.length, ...cells.map((row) => row[i].length))));
  const line = (values: string[]) => values.map((v, i) => v.slice(0, 60).padEnd(widths[i])).join('  ').trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line), `(${rows.length} row${rows.length === 1 ? '' : 's'})`].join('\n') + '\n';
}

function queryCsv(columns: string[], rows: Record<string, unknown>[]): string {
  const cell = (v: unknown) => (typeof v === 'number' ? v : v === null || v === undefined ? null : text(v));
  return toCsv(columns, rows.map((r) => columns.map((c) => cell(r[c]))));
}
