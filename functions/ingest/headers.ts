/**
 * Matching a file's headers to the contract's columns (datasets.md §2): case, spaces,
 * underscores, hyphens and dots ignored; aliases accepted; unknown columns dropped
 * (W001), identifying-looking ones dropped (W002); F004 and F007 for the header faults.
 */
import type { ColumnSpec, DatasetContract } from '../../schemas';

export interface HeaderWarning {
  readonly code: 'W001' | 'W002';
  readonly column: string;
  readonly message: string;
}

export interface HeaderMatch {
  /** For each position in the file: the contract column it feeds, or null when dropped. */
  readonly columns: readonly (ColumnSpec | null)[];
  readonly warnings: readonly HeaderWarning[];
  /** Required columns with no header (F004). */
  readonly missing: readonly string[];
  /** Contract columns fed by two headers (F007). */
  readonly clashes: readonly { column: string; headers: readonly string[] }[];
}

/** `Child ID`, `child_id`, `CHILD-ID` and `child.id` all become `childid`. */
export function normaliseHeader(header: string): string {
  return header.trim().toLowerCase().replace(/[\s_.-]+/g, '');
}

/** Headers that look like a direct identifier of a person (W002). */
const IDENTIFYING = /(name|surname|forename|address|street|phone|mobile|email|e-?mail)/;

/**
 * A header is repeated in a receipt only when it reads like a column name. A file sent
 * without its header row has a data row in that place, whose values (ids, dates, email
 * addresses) must never be echoed: such a column is named by its position instead.
 */
const NAME_LIKE = /^[A-Za-z][A-Za-z _.\-/()&']{0,63}$/;

export function matchHeaders(headers: readonly string[], contract: DatasetContract): HeaderMatch {
  const lookup = new Map<string, ColumnSpec>();
  for (const column of contract.columns) {
    for (const name of [column.name, ...column.aliases]) lookup.set(normaliseHeader(name), column);
  }
  const columns = headers.map((header) => lookup.get(normaliseHeader(header)) ?? null);
  const fedBy = new Map<string, string[]>();
  columns.forEach((column, i) => column && fedBy.set(column.name, [...(fedBy.get(column.name) ?? []), headers[i]]));
  const missing = contract.columns.filter((c) => c.required && !fedBy.has(c.name)).map((c) => c.name);
  const clashes = [...fedBy.entries()].filter(([, hs]) => hs.length > 1).map(([column, hs]) => ({ column, headers: hs }));

  // Required columns missing usually means the first row is data, not a header: then
  // every dropped column is named by its position only.
  const firstRowMayBeData = missing.length > 0;
  const warnings: HeaderWarning[] = [];
  headers.forEach((header, i) => {
    if (columns[i]) return;
    const text = header.trim();
    if (!text) {
      warnings.push({ code: 'W001', column: `(column ${i + 1})`, message: `Column ${i + 1} has no header and was dropped.` });
      return;
    }
    const repeatable = !firstRowMayBeData && NAME_LIKE.test(text);
    const column = repeatable ? text : `(column ${i + 1})`;
    const named = repeatable ? `Column '${text}'` : `Column ${i + 1}`;
    const hint = repeatable ? '' : `; its header is not repeated here${firstRowMayBeData ? ' (if the file has no header row, add one)' : ''}`;
    warnings.push(IDENTIFYING.test(normaliseHeader(text))
      ? { code: 'W002', column, message: `${named} looks like a direct identifier and was dropped; it is not stored${hint}.` }
      : { code: 'W001', column, message: `${named} is not in the ${contract.name} contract and was dropped${hint}.` });
  });
  return { columns, warnings, missing, clashes };
}
