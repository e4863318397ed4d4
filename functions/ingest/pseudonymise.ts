/**
 * Pseudonyms (datasets.md §3): `HMAC-SHA256(key, "<kind>:" + normalised value)` as 32
 * lower-case hex characters. The same value gets the same pseudonym in every partner's
 * data, which is how datasets join. No key, nothing written: every way of getting the
 * key fails loudly rather than falling back.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { PseudonymKind } from '../../schemas';
import { IngestConfigurationError } from './errors';

/** Somewhere the secret key comes from: an environment variable, a file, Secrets Manager. */
export interface PseudonymKeyProvider {
  getKey(): Promise<Buffer>;
}

/** Trimmed, upper case, spaces and hyphens removed. */
export function normaliseIdentifier(value: string): string {
  return value.trim().toUpperCase().replace(/[\s-]+/g, '');
}

/** The pseudonym of an already-normalised value. */
export function pseudonym(key: Buffer, kind: PseudonymKind, normalised: string): string {
  return createHmac('sha256', key).update(`${kind}:${normalised}`).digest('hex').slice(0, 32);
}

/** At least 256 bits of key material. */
const MIN_KEY_BYTES = 32;

/** Reads key material: 64+ hex characters are decoded, anything else is used as UTF-8 bytes. */
export function decodeKey(material: string, source: string): Buffer {
  const text = material.trim();
  const key = /^([0-9a-fA-F]{2}){32,}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'utf8');
  if (key.length < MIN_KEY_BYTES) {
    throw new IngestConfigurationError(
      `The pseudonymisation key from ${source} is too short (${key.length} bytes; at least ${MIN_KEY_BYTES} are needed). ` +
        'Set it to 64 hex characters, e.g. the output of `openssl rand -hex 32`.',
    );
  }
  return key;
}

export interface LocalKeyOptions {
  /** The store folder; a generated key lives in `<root>/.outturn/pseudonymisation.key`. */
  storeRoot: string;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Generate a key when there is none. @default true */
  generate?: boolean;
}

/**
 * On one machine: `OUTTURN_PSEUDO_KEY` when set, else the key generated once into the
 * store with owner-only permissions.
 */
export class LocalKeyProvider implements PseudonymKeyProvider {
  private cached?: Buffer;
  private readonly env: NodeJS.ProcessEnv;
  private readonly generate: boolean;

  constructor(private readonly options: LocalKeyOptions) {
    this.env = options.env ?? process.env;
    this.generate = options.generate ?? true;
  }

  get keyFile(): string {
    return join(this.options.storeRoot, '.outturn', 'pseudonymisation.key');
  }

  async getKey(): Promise<Buffer> {
    this.cached ??= await this.load();
    return this.cached;
  }

  private async load(): Promise<Buffer> {
    const fromEnv = this.env.OUTTURN_PSEUDO_KEY;
    if (fromEnv !== undefined) return decodeKey(fromEnv, 'OUTTURN_PSEUDO_KEY');
    try {
      return decodeKey(await readFile(this.keyFile, 'utf8'), this.keyFile);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (!this.generate) {
      throw new IngestConfigurationError('No pseudonymisation key: set OUTTURN_PSEUDO_KEY. Nothing was written.');
    }
    const material = randomBytes(32).toString('hex');
    await mkdir(dirname(this.keyFile), { recursive: true, mode: 0o700 });
    // 'wx' fails if another process generated it first; then use theirs.
    try {
      await writeFile(this.keyFile, `${material}\n`, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return decodeKey(await readFile(this.keyFile, 'utf8'), this.keyFile);
      throw e;
    }
    await chmod(this.keyFile, 0o600);
    return decodeKey(material, this.keyFile);
  }
}

/** A key given directly (tests, or a Lambda that fetched it from Secrets Manager). */
export class StaticKeyProvider implements PseudonymKeyProvider {
  constructor(private readonly key: Buffer) {}
  async getKey(): Promise<Buffer> {
    return this.key;
  }
}
