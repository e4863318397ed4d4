/**
 * One Store over two places: in AWS partners write to the landing bucket and everything
 * else lives in the data bucket, while the ingest code speaks of `landing/…` and
 * `raw/…` keys of one store, as on one machine.
 */
import type { Readable } from 'node:stream';
import type { Store, StoredObject } from './store';

export class RoutedStore implements Store {
  readonly location: string;

  /**
   * @param routes key prefix → the store that holds those keys (keys are passed unchanged)
   * @param fallback the store for every other key
   */
  constructor(private readonly routes: Readonly<Record<string, Store>>, private readonly fallback: Store) {
    this.location = [...Object.entries(routes).map(([p, s]) => `${p}→${s.location}`), fallback.location].join(' + ');
  }

  private route(key: string): Store {
    for (const [prefix, store] of Object.entries(this.routes)) if (key.startsWith(prefix)) return store;
    return this.fallback;
  }

  put(key: string, body: Buffer | string): Promise<void> { return this.route(key).put(key, body); }
  putFile(key: string, localPath: string): Promise<void> { return this.route(key).putFile(key, localPath); }
  get(key: string): Promise<Buffer> { return this.route(key).get(key); }
  getToFile(key: string, localPath: string): Promise<void> { return this.route(key).getToFile(key, localPath); }
  stream(key: string): Promise<Readable> { return this.route(key).stream(key); }
  head(key: string): Promise<StoredObject | undefined> { return this.route(key).head(key); }
  list(prefix: string): AsyncIterable<StoredObject> { return this.route(prefix).list(prefix); }
  delete(key: string): Promise<void> { return this.route(key).delete(key); }
  localPath(key: string): string | undefined { return this.route(key).localPath(key); }
}
