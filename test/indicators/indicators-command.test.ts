import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { indicatorsCommand } from '../../bin/commands/indicators';
import { LocalStore } from '../../functions/store/local-store';
import { indicatorValuesKey } from '../../functions/store/layout';
import { createFixtureDb, pseudo } from './fixtures';

const sink = () => { const lines: string[] = []; return { lines, write: (t: string) => lines.push(t) }; };

describe('outturn indicators', () => {
  it('computes P-2..P2, writes each partition and the CSV, and reports a summary', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'indicators-command-'));
    const db = await createFixtureDb();
    try {
      const store = new LocalStore(join(dir, 'store'));
      await db.coverEverything('2017-03', '2017-06');
      await db.insert('contacts', [{ contact_id: 'C1', child_id: pseudo('c1'), contact_at: '2017-04-03T10:00:00Z', source: 'POLICE' }]);
      const out = sink();
      const progress: string[] = [];
      const csv = join(dir, 'values.csv');
      const code = await indicatorsCommand({
        store, engine: db.engine, period: '2017-05', to: '2017-06', csv, out, err: sink(), progress: (m) => progress.push(m),
        now: new Date('2017-07-05T08:00:00Z'),
      });
      expect(code).toBe(0);
      expect(progress).toEqual(['indicators: 2017-03 (1/4)', 'indicators: 2017-04 (2/4)', 'indicators: 2017-05 (3/4)', 'indicators: 2017-06 (4/4)']);
      for (const p of ['2017-03', '2017-04', '2017-05', '2017-06']) expect(await store.head(indicatorValuesKey(p))).toBeDefined();
      expect(out.lines.join('')).toContain('Computed 184 indicator values for 2017-03..2017-06 (4 periods)');
      const lines = (await readFile(csv, 'utf8')).trimEnd().split('\r\n');
      expect(lines[0]).toBe('indicator_id,period,numerator,denominator,value,ytd_numerator,ytd_denominator,ytd_value,status,computed_at,inputs');
      expect(lines).toHaveLength(185);
      // April: one contact; a count has no denominator
      expect(lines.find((l) => l.startsWith('CSC-01,2017-04,'))).toMatch(/^CSC-01,2017-04,1,,1,1,,1,OK,2017-07-05T08:00:00.000Z,contacts@2017-06-30=/);
    } finally {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails with one line and exit code 1 for a bad period range', async () => {
    const err = sink();
    const code = await indicatorsCommand({ store: new LocalStore(tmpdir()), period: '2017-05', to: '2017-01', out: sink(), err });
    expect(code).toBe(1);
    expect(err.lines.join('')).toBe('outturn indicators: --to 2017-01 is before --period 2017-05; give a later --to or leave it out\n');
  });
});
