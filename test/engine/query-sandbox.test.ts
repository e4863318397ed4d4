import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbEngine } from '../../functions/engine/duckdb-engine';
import { tempWarehouse, upload } from '../helpers/ingest';

describe('outturn query is read-only and sees only what analysts may read', () => {
  const warehouse = tempWarehouse();
  let engine: DuckDbEngine;

  beforeAll(async () => {
    const w = warehouse();
    await upload(w, 'landing/council/contacts/2024-09-30/contacts.csv',
      'contact_id,child_id,contact_at,source\nK1,C1,2024-09-02T09:00,POLICE\n');
    await mkdir(join(w.store.root, '.outturn'), { recursive: true });
    await writeFile(join(w.store.root, '.outturn', 'pseudonymisation.key'), 'f'.repeat(64));
    engine = await DuckDbEngine.open({ store: w.store });
  });
  afterAll(async () => engine?.close());

  it('answers a SELECT over the datasets', async () => {
    expect((await engine.queryReadOnly('select count(*) as n from contacts')).rows).toEqual([{ n: 1 }]);
  });

  it.each([
    ['the raw copies', "select * from read_text('RAW')"],
    ['the landing files', "select * from read_csv('ROOT/landing/council/contacts/2024-09-30/contacts.csv')"],
    ['the receipts', "select * from read_text('ROOT/receipts/council/*.json')"],
    ['the pseudonymisation key', "select * from read_text('ROOT/.outturn/pseudonymisation.key')"],
    ['files outside the store', "select * from read_text('/etc/hostname')"],
  ])('refuses to read %s', async (_, sql) => {
    const root = warehouse().store.root;
    const raw = join(root, 'raw', 'council', 'contacts', '2024-09-30', '*', 'contacts.csv');
    await expect(engine.queryReadOnly(sql.replace('RAW', raw).replace('ROOT', root))).rejects.toThrow();
  });

  it('refuses anything but one SELECT', async () => {
    await expect(engine.queryReadOnly("copy contacts to '/tmp/out.csv'")).rejects.toThrow();
    await expect(engine.queryReadOnly('select 1; select 2')).rejects.toThrow(/exactly one/);
    await expect(engine.queryReadOnly('create table x as select 1')).rejects.toThrow(/Only SELECT/);
  });
});
