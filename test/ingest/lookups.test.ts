/**
 * How the curated write finds each row's stored values: in a map from the staged file's
 * dictionary pages where a column has few values, by a join otherwise. Either way the
 * stored rows are the same (the zod/SQL equivalence property runs both ways over every
 * dataset); these tests check which way a real upload takes.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDataset } from '../../schemas';
import { matchHeaders } from '../../functions/ingest/headers';
import { openIngestDatabase } from '../../functions/ingest/process';
import { stageUpload } from '../../functions/ingest/read';
import { curatedSelect, validate } from '../../functions/ingest/validate';

const DATES = { periodStart: '2024-09-01', periodEnd: '2024-09-30', receivedDate: '2024-10-05', xlsx: false };
const KEY = randomBytes(32);
const contract = getDataset('attendance');

/** A valid UPN for pupil `n` (check letter worked out as in the spec). */
function upn(n: number): string {
  const body = `99920${String(n).padStart(7, '0')}`;
  const sum = [...body].reduce((s, d, i) => s + Number(d) * (i + 2), 0);
  return `${'ABCDEFGHJKLMNPQRTUVWXYZ'[sum % 23]}${body}`;
}

/** `pupils` pupils at `schools` schools, two sessions on three days each. */
function attendance(pupils: number, schools: number, quoted = false): string {
  const lines = ['school_urn,upn,date,session,code'];
  for (let p = 0; p < pupils; p++) {
    for (const day of ['2024-09-02', '2024-09-03', '2024-09-04']) {
      for (const session of ['AM', 'PM']) {
        const urn = String(100000 + (p % schools));
        lines.push([quoted ? `"${urn}"` : urn, upn(p), day, session, p % 3 ? '/' : 'B'].join(','));
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

describe('stored values looked up in maps or joined', () => {
  let work: string;
  let instance: DuckDBInstance;
  let db: DuckDBConnection;
  let n = 0;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'outturn-lookups-'));
    ({ instance, db } = await openIngestDatabase(work, { threads: 2 }));
  });
  afterAll(async () => {
    db?.closeSync();
    instance?.closeSync();
    await rm(work, { recursive: true, force: true });
  });

  /** Stages and validates `csv`; returns the columns looked up in maps and the curated rows both ways. */
  async function curated(csv: string) {
    const file = join(work, `upload-${n++}.csv`);
    await writeFile(file, csv);
    const folder = await mkdtemp(join(work, 'stage-'));
    const staged = await stageUpload(db, file, folder, { format: 'csv', dataset: 'attendance', maxRows: 1_000_000 });
    const match = matchHeaders(staged.headers, contract);
    const read = async (lookups: ReadonlySet<string>) =>
      (await db.runAndReadAll(`SELECT * FROM (${curatedSelect(contract, match, 'lookups', DATES, lookups)}) ORDER BY source_row`)).getRowObjectsJS();
    const auto = await validate({ connection: db, contract, staged, match, dates: DATES, pseudonymKey: KEY });
    const byAuto = await read(auto.mapLookups);
    const joined = await validate({ connection: db, contract, staged, match, dates: DATES, pseudonymKey: KEY, lookup: 'join' });
    expect(joined.mapLookups.size).toBe(0);
    return { columnar: staged.columnar === true, mapped: [...auto.mapLookups].sort(), byAuto, byJoin: await read(joined.mapLookups) };
  }

  it('maps the columns of few values of a plain CSV, never the pseudonymised one', async () => {
    const { columnar, mapped, byAuto, byJoin } = await curated(attendance(400, 20));
    expect(columnar).toBe(true);
    expect(mapped).toEqual(['code', 'date', 'school_urn', 'session']);
    expect(byAuto).toHaveLength(2400);
    expect(byAuto).toEqual(byJoin);
  });

  it('joins a column of more values than a map holds', async () => {
    const { mapped, byAuto, byJoin } = await curated(attendance(400, 300));
    expect(mapped).toEqual(['code', 'date', 'session']);
    expect(byAuto).toEqual(byJoin);
  });

  it('joins every column of a file the general reader stages (no dictionary pages)', async () => {
    const { columnar, mapped, byAuto, byJoin } = await curated(attendance(50, 5, true));
    expect(columnar).toBe(false);
    expect(mapped).toEqual([]);
    expect(byAuto).toEqual(byJoin);
  });
});
