/** What every verb receives from the CLI. */
import type { LocalStore } from '../../functions/store/local-store';

export interface Output {
  write(text: string): unknown;
}

export interface Context {
  readonly store: LocalStore;
  /** Positionals after the verb. */
  readonly args: readonly string[];
  readonly options: Readonly<Record<string, string | boolean | undefined>>;
  readonly out: Output;
  readonly err: Output;
  /** Progress goes to a terminal only; piped output stays quiet. */
  readonly interactive: boolean;
}

/** A mistake in how the command was called: the message is followed by the usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function stringOption(context: Context, name: string): string | undefined {
  const v = context.options[name];
  return typeof v === 'string' ? v : undefined;
}

export function requireOption(context: Context, name: string, form: string): string {
  const v = stringOption(context, name);
  if (!v) throw new UsageError(`--${name} ${form} is required.`);
  return v;
}

export function intOption(context: Context, name: string): number | undefined {
  const v = stringOption(context, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} takes a whole number (got '${v}').`);
  return Number(v);
}

/** A progress line on a terminal (overwritten in place), nothing when piped. */
export function progress(context: Context): (message: string) => void {
  if (!context.interactive) return () => {};
  return (message) => context.err.write(`\r\x1b[2K${message}`);
}
