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

export function matchHeaders(headers: readonly string[], contract: DatasetContract): HeaderMatch {
  const lookup = new Map<string, ColumnSpec>();
  for (const column of contract.columns) {
    for (const name of [column.name, ...column.aliases]) lookup.set(normaliseHeader(name), column);
  }
  const columns: (ColumnSpec | null)[] = [];
  const warnings: HeaderWarning[] = [];
  const fedBy = new Map<string, string[]>();
  for (const [position, header] of headers.entries()) {
    const column = lookup.get(normaliseHeader(header)) ?? null;
    columns.push(column);
    if (!header.trim()) {
      warnings.push({ code: 'W001', column: `(column ${position + 1})`, message: `Column ${position + 1} has no header and was dropped.` });
    } else if (column) {
      fedBy.set(column.name, [...(fedBy.get(column.name) ?? []), header]);
    } else if (IDENTIFYING.test(normaliseHeader(header))) {
      warnings.push({ code: 'W002', column: header, message: `Column '${header}' looks like a direct identifier and was dropped; it is not stored.` });
    } else {
      warnings.push({ code: 'W001', column: header, message: `Column '${header}' is not in the ${contract.name} contract and was dropped.` });
    }
  }
  const missing = contract.columns.filter((c) => c.required && !fedBy.has(c.name)).map((c) => c.name);
  const clashes = [...fedBy.entries()].filter(([, hs]) => hs.length > 1).map(([column, hs]) => ({ column, headers: hs }));
  return { columns, warnings, missing, clashes };
}
