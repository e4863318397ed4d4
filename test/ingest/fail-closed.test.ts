/**
 * Issue 2, "done when" 5 (datasets.md §3): without the pseudonymisation key nothing is
 * written, and a later `processPending` with the key finishes the job.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IngestConfigurationError } from '../../functions/ingest/errors';
import { processLandingObject } from '../../functions/ingest/process';
import { LocalKeyProvider } from '../../functions/ingest/pseudonymise';
import { processPending, uploadFile } from '../../functions/ingest/upload';
import { expectSoundReceipt, fixture, keysUnder, queryStore, tempWarehouse, testOptions } from '../helpers/ingest';

const warehouse = tempWarehouse();

/** Keys of everything the pipeline writes (landing/ is the partner's). */
async function written(): Promise<string[]> {
  const { store } = warehouse();
  return [
    ...await keysUnder(store, 'raw/'), ...await keysUnder(store, 'curated/'),
    ...await keysUnder(store, 'quarantine/'), ...await keysUnder(store, 'receipts/'),
  ];
}

describe('fail closed without a key', () => {
  it('throws and writes nothing under raw/, curated/, quarantine/ or receipts/; processPending with a key then finishes', async () => {
    const { store, scratch } = warehouse();
    // A real provider with no key: no OUTTURN_PSEUDO_KEY, no key file, and told not to generate one.
    const noKey = new LocalKeyProvider({ storeRoot: store.root, env: {}, generate: false });
    const file = join(scratch, 'children.csv');
    await writeFile(file, await fixture('rules/r004-children.csv'));
    const attendance = join(scratch, 'attendance.csv');
    await writeFile(attendance, await fixture('valid/attendance.csv'));

    await expect(uploadFile({ ...testOptions(store), keys: noKey, file, key: 'council/children/2024-09-30/children.csv' }))
      .rejects.toBeInstanceOf(IngestConfigurationError);
    await expect(uploadFile({ ...testOptions(store), keys: noKey, file: attendance, key: 'schools/attendance/2024-09/marks.csv' }))
      .rejects.toBeInstanceOf(IngestConfigurationError);
    // A redelivered event without the key fails the same way.
    await expect(processLandingObject('landing/council/children/2024-09-30/children.csv', { ...testOptions(store), keys: noKey }))
      .rejects.toThrow(/No pseudonymisation key/);
    expect(await keysUnder(store, 'landing/')).toHaveLength(2);
    expect(await written()).toEqual([]);
    // Nothing is queryable either.
    expect(await queryStore(store, 'select count(*) as n from uploads')).toEqual([{ n: 0 }]);

    const receipts = await processPending(testOptions(store));
    expect(receipts.map((r) => [r.dataset, r.status]).sort()).toEqual([
      ['attendance', 'ACCEPTED'], ['children', 'ACCEPTED_WITH_ERRORS'],
    ]);
    receipts.forEach((r) => expectSoundReceipt(r));
    expect((await written()).filter((k) => k.startsWith('receipts/'))).toHaveLength(2);
    expect(await queryStore(store, 'select (select count(*) from children) as c, (select count(*) from attendance) as a'))
      .toEqual([{ c: 27, a: 4 }]);
    // Every landing object now has its receipt: nothing left to do.
    expect(await processPending(testOptions(store))).toEqual([]);
  });
});
