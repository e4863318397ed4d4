import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../bin/cli';

/** Runs the command line in-process and returns its exit code and standard output. */
async function outturn(...argv: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { stdout += String(chunk); return true; });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { code: await main(argv), stdout };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** `--csv` output of `outturn query` as objects. */
function rows(csv: string): Record<string, string>[] {
  const [header, ...lines] = csv.trim().split(/\r?\n/);
  const names = header.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i], v])));
}

describe('outturn upload → indicators → query', () => {
  let dir: string;
  let store: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'outturn-cli-'));
    store = join(dir, 'warehouse');
    process.env.OUTTURN_PSEUDO_KEY = 'ab'.repeat(32);
    // Four September contacts (two decided within a working day; the Friday one is decided
    // the next Monday, which is within one working day) and one from August.
    await writeFile(join(dir, 'contacts.csv'), [
      'contact_id,child_id,contact_at,source,decision_at,outcome',
      'K1,C1,2024-09-02T09:00,POLICE,2024-09-02T15:00,REFERRAL',
      'K2,C2,2024-09-06T16:00,HEALTH,2024-09-09T10:00,NFA',
      'K3,C3,2024-09-10T09:00,PUBLIC,2024-09-13T09:00,NFA',
      'K4,C4,2024-09-30T23:30,EDUCATION,,',
      'K5,C5,2024-08-30T10:00,POLICE,2024-08-30T11:00,NFA',
    ].join('\n'));
    await writeFile(join(dir, 'population.csv'), 'age,count\n' + Array.from({ length: 18 }, (_, a) => `${a},1000`).join('\n'));
  });
  afterAll(async () => {
    delete process.env.OUTTURN_PSEUDO_KEY;
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the rows for P−2..P, and query shows them', async () => {
    expect((await outturn('--store', store, 'upload', join(dir, 'contacts.csv'), 'council/contacts/2024-09-30/contacts.csv')).code).toBe(0);
    expect((await outturn('--store', store, 'upload', join(dir, 'population.csv'), 'performance/population/2024/population.csv')).code).toBe(0);
    expect((await outturn('--store', store, 'indicators', '--period', '2024-09')).code).toBe(0);

    const counts = rows((await outturn('--store', store, 'query', 'select period, count(*) as n from indicator_values group by period order by period', '--csv')).stdout);
    expect(counts).toEqual([{ period: '2024-07', n: '46' }, { period: '2024-08', n: '46' }, { period: '2024-09', n: '46' }]);

    const front = rows((await outturn('--store', store, 'query',
      "select indicator_id, numerator, denominator, value, status from indicator_values where period = '2024-09' and indicator_id in ('CSC-01', 'CSC-02', 'CSC-03', 'CSC-09') order by indicator_id", '--csv')).stdout);
    expect(front).toEqual([
      // 23:30 BST on 30 September is still September in the UK. The snapshot is dated on
      // Pend and covers every day before it, the YTD months included: OK.
      { indicator_id: 'CSC-01', numerator: '4', denominator: '', value: '4', status: 'OK' },
      // K1 same day, K2 Friday → Monday (1 working day); K3 3 working days; K4 undecided.
      { indicator_id: 'CSC-02', numerator: '2', denominator: '4', value: '50', status: 'OK' },
      { indicator_id: 'CSC-03', numerator: '1', denominator: '4', value: '25', status: 'OK' },
      // No assessments dataset at all: the row is written, with no values.
      { indicator_id: 'CSC-09', numerator: '', denominator: '', value: '', status: 'NO_DATA' },
    ]);
  });

  it('replaces a period when run again, never adding rows', async () => {
    expect((await outturn('--store', store, 'indicators', '--period', '2024-09')).code).toBe(0);
    const [{ n }] = rows((await outturn('--store', store, 'query', 'select count(*) as n from indicator_values', '--csv')).stdout);
    expect(n).toBe('138');
  });
});
