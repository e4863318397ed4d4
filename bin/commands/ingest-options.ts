import { LocalKeyProvider } from '../../functions/ingest/pseudonymise';
import type { IngestOptions } from '../../functions/ingest/process';
import type { LocalStore } from '../../functions/store/local-store';

/** Ingest settings for one machine: the key from OUTTURN_PSEUDO_KEY or the store. */
export function localIngestOptions(store: LocalStore): IngestOptions {
  return { store, keys: new LocalKeyProvider({ storeRoot: store.root }) };
}
