/**
 * What every column type of datasets.md §3 shares: a cell arrives as the text a partner
 * sent (or nothing), is trimmed like the SQL validator trims it, and every issue it
 * raises carries its rule code and never the value (partner data is personal data).
 */
import * as z from 'zod';
import type { RowCode } from '../contract';

/** What a file's period and receipt say about dates (all `YYYY-MM-DD`). */
export interface CellContext {
  /** First day of the file's period. */
  readonly periodStart: string;
  /** Last day of the file's period: two-digit years are read relative to it. */
  readonly periodEnd: string;
  /** The UK date the file was received: later dates are implausible (R006). */
  readonly receivedDate: string;
  /** Excel serial numbers are dates only in XLSX files. */
  readonly xlsx: boolean;
}

/** The `params` of every issue this module raises. */
export interface RuleParams {
  readonly rule: RowCode;
}

/**
 * The characters trimmed from every cell: spaces, tabs, line breaks and no-break spaces,
 * the same set as the SQL validator's `TRIM_CHARS` (String.prototype.trim trims more).
 */
const EDGE_SPACE = /^[ \t\r\n\u00a0]+|[ \t\r\n\u00a0]+$/g;

/** A cell's trimmed text, or undefined when it is absent or blank. */
export function trimCell(raw: string | null | undefined): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  const text = raw.replace(EDGE_SPACE, '');
  return text === '' ? undefined : text;
}

/** The context object zod hands a transform or check. */
type IssueSink = { issues: z.core.$ZodRawIssue[] };

/**
 * Records an issue with its rule code and returns `z.NEVER`. The issue is marked
 * `continue` so that a row's rules still run when one of its cells failed, as the SQL
 * validator runs them: a row reports every rule it breaks, not only the first.
 */
export function reject(ctx: IssueSink, rule: RowCode, message: string, path?: readonly PropertyKey[]): never {
  ctx.issues.push({
    code: 'custom',
    message,
    params: { rule } satisfies RuleParams,
    input: undefined,
    continue: true,
    ...(path ? { path: [...path] } : {}),
  });
  return z.NEVER;
}

/**
 * A cell: text or nothing, trimmed; blank is nothing. A required cell with nothing in
 * it is R001; an optional one decodes to undefined.
 */
export function cell(required: boolean) {
  return z
    .union([z.string(), z.null(), z.undefined()])
    .transform((raw, ctx): string | undefined => {
      const text = trimCell(raw);
      if (text === undefined && required) return reject(ctx, 'R001', 'A required value is missing.');
      return text;
    });
}

/**
 * A column type: a zod schema from a cell's trimmed, non-blank text to the stored
 * value, failing with `rule` and `message` when `decode` returns undefined.
 */
export function decoder<T>(rule: RowCode, message: string, decode: (text: string) => T | undefined) {
  return z.string().transform((text, ctx): T => {
    const value = decode(text);
    return value === undefined ? reject(ctx, rule, message) : value;
  });
}
