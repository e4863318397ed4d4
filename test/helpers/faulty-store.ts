/**
 * A Store wrapper that fails on purpose, to simulate a process dying part-way through
 * its writes (a Lambda timing out, a container killed, a network cut). Reads pass
 * straight through; writes (`put`, `putFile`, `copy`, `delete`) are counted, and the chosen one
 * fails, either before it reaches the store (the write is lost) or after (the write
 * landed but the caller never heard back). Once it has failed the store stays dead:
 * every later write fails too, as nothing more would be written by a dead process.
 *
 * @example
 * const faulty = new FaultyStore(store, { failOnWrite: 3 });
 * await expect(processLandingObject(key, { ...options, store: faulty })).rejects.toBeInstanceOf(InjectedFault);
 * faulty.writes; // [{ op: 'copy', key: 'raw/…' }, { op: 'put', key: 'raw/….sha256' }, { op: 'putFile', key: 'quarantine/…' }]
 */
import type { Readable } from 'node:stream';
import type { Store, StoredObject } from '../../functions/store/store';

/** When the failing write fails. */
export const FAULT_TIMING = Object.freeze({
  /** Throw before calling the store: the write never happens. */
  before: 'before',
  /** Call the store, then throw: the write happened but the caller died before going on. */
  after: 'after',
} as const);
export type FaultTiming = (typeof FAULT_TIMING)[keyof typeof FAULT_TIMING];

export interface FaultyStoreOptions {
  /** Fail the Nth write (1 = the first). @default never */
  readonly failOnWrite?: number;
  /** Fail the first write whose key starts with this prefix. @default never */
  readonly failOnPrefix?: string;
  /** @default 'before' */
  readonly timing?: FaultTiming;
}

/** One write the wrapped code attempted. */
export interface WriteStep {
  readonly op: 'put' | 'putFile' | 'copy' | 'delete';
  readonly key: string;
}

/** The simulated crash. */
export class InjectedFault extends Error {
  constructor(readonly step: WriteStep, readonly index: number) {
    super(`Injected fault at write ${index} (${step.op} ${step.key})`);
    this.name = 'InjectedFault';
  }
}

export class FaultyStore implements Store {
  readonly location: string;
  /** Every write attempted, in order, the failed ones included. */
  readonly writes: WriteStep[] = [];
  /** The fault thrown, once one has been. */
  fault: InjectedFault | undefined;
  private readonly timing: FaultTiming;

  constructor(private readonly inner: Store, private readonly options: FaultyStoreOptions = {}) {
    this.location = `faulty(${inner.location})`;
    this.timing = options.timing ?? FAULT_TIMING.before;
  }

  put(key: string, body: Buffer | string): Promise<void> {
    return this.write({ op: 'put', key }, () => this.inner.put(key, body));
  }

  putFile(key: string, localPath: string): Promise<void> {
    return this.write({ op: 'putFile', key }, () => this.inner.putFile(key, localPath));
  }

  copy(from: StoredObject, toKey: string): Promise<void> {
    return this.write({ op: 'copy', key: toKey }, () => this.inner.copy(from, toKey));
  }

  delete(key: string): Promise<void> {
    return this.write({ op: 'delete', key }, () => this.inner.delete(key));
  }

  get(key: string): Promise<Buffer> { return this.inner.get(key); }
  getToFile(key: string, localPath: string): Promise<void> { return this.inner.getToFile(key, localPath); }
  stream(key: string): Promise<Readable> { return this.inner.stream(key); }
  head(key: string): Promise<StoredObject | undefined> { return this.inner.head(key); }
  list(prefix: string): AsyncIterable<StoredObject> { return this.inner.list(prefix); }
  localPath(key: string): string | undefined { return this.inner.localPath(key); }

  private async write(step: WriteStep, run: () => Promise<void>): Promise<void> {
    this.writes.push(step);
    const index = this.writes.length;
    // A dead process writes nothing more.
    if (this.fault) throw new InjectedFault(step, index);
    const chosen = index === this.options.failOnWrite
      || (this.options.failOnPrefix !== undefined && step.key.startsWith(this.options.failOnPrefix));
    if (!chosen) return run();
    if (this.timing === FAULT_TIMING.after) await run();
    this.fault = new InjectedFault(step, index);
    throw this.fault;
  }
}
