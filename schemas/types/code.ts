import * as z from 'zod';
import { reject } from './cell';

/**
 * `code(...)`: one of `codes`, any case; `aliases` maps other accepted inputs to the code
 * they mean (sex `1` → `M`). Stored upper case.
 */
export function code(codes: readonly string[], aliases: Readonly<Record<string, string>> = {}) {
  const allowed = new Set(codes.map((c) => c.toUpperCase()));
  const mapped = new Map(Object.entries(aliases).map(([from, to]) => [from.toUpperCase(), to]));
  const listed = codes.length <= 12 ? `: one of ${codes.join(', ')}` : ` (${codes.length} codes)`;
  return z.string().transform((text, ctx): string => {
    const upper = text.toUpperCase();
    const value = mapped.get(upper) ?? upper;
    return allowed.has(value) ? value : reject(ctx, 'R003', `Not an allowed code${listed}.`);
  });
}
