import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATASETS, getDataset } from '../../schemas';
import { generateBorough, type Borough } from '../../functions/demo/generate';
import { isValidNhsNumber, isValidUpn, makeUpn, nhsCheckDigit, upnCheckLetter } from '../../functions/demo/identifiers';
import { makeSchools } from '../../functions/demo/people';
import { Random } from '../../functions/demo/random';

const options = { children: 2000, months: 6, today: new Date(2025, 10, 15) } as const;
let dirs: string[] = [];
let first: Borough;
let again: Borough;
let other: Borough;
let db: DuckDBConnection;
let instance: DuckDBInstance;

const sha = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex');
const latestOf = (b: Borough, dataset: string) =>
  b.files.filter((f) => f.key.split('/')[1] === dataset && !f.fault).map((f) => f.path).sort().at(-1) as string;
const rows = async (sql: string) => (await db.runAndReadAll(sql)).getRowObjectsJS();

beforeAll(async () => {
  dirs = await Promise.all([0, 1, 2].map(() => mkdtemp(join(tmpdir(), 'outturn-demo-'))));
  [first, again, other] = await Promise.all([
    generateBorough({ ...options, seed: 5, outDir: dirs[0] }),
    generateBorough({ ...options, seed: 5, outDir: dirs[1] }),
    generateBorough({ ...options, seed: 6, outDir: dirs[2] }),
  ]);
  instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false' });
  db = await instance.connect();
  const csv = (dataset: string) => `read_csv('${latestOf(first, dataset)}', header = true, all_varchar = true)`;
  for (const d of ['contacts', 'referrals', 'assessments', 's47_enquiries', 'cp_plans', 'lac_episodes', 'return_interviews', 'children', 'care_leavers']) {
    await db.run(`CREATE TABLE ${d} AS SELECT * FROM ${csv(d)}`);
  }
  // The police send CSV, and one month as NDJSON.
  const refs: string[] = [];
  for (const f of first.files.filter((x) => x.key.startsWith('police/missing_episodes/'))) {
    const text = await readFile(f.path, 'utf8');
    if (f.key.endsWith('.ndjson')) text.trim().split('\n').filter(Boolean).forEach((l) => refs.push(JSON.parse(l).episode_ref));
    else text.trim().split('\r\n').slice(1).forEach((l) => refs.push(l.split(',')[0]));
  }
  await db.run(`CREATE TABLE missing AS SELECT unnest([${refs.map((r) => `'${r}'`).join(', ') || "''"}]) AS episode_ref`);
  await db.run(`CREATE TABLE lac_health AS SELECT * FROM read_csv([${first.files
    .filter((f) => f.key.startsWith('health/lac_health/')).map((f) => `'${f.path}'`).join(', ')}], header = true, all_varchar = true)`);
});

afterAll(async () => {
  db?.closeSync();
  instance?.closeSync();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('schools', () => {
  // The benchmark's borough of 560,000 children has 800 primaries, more than the 210
  // place-and-kind names: drawing until a name was new never ended.
  it('names every school of a borough ten times the demo, each once, with its own URN', () => {
    const schools = makeSchools(10, new Random(1));
    expect(schools).toHaveLength(1020);
    expect(new Set(schools.map((s) => s.name)).size).toBe(1020);
    expect(new Set(schools.map((s) => s.urn)).size).toBe(1020);
    expect(schools.filter((s) => / \d+$/.test(s.name) && s.phase !== 'SPECIAL').length).toBeGreaterThan(0);
  });
});

describe('identifiers', () => {
  it('computes the DfE UPN check letter', () => {
    expect(upnCheckLetter('801200005001')).toBe('B');
    expect(isValidUpn('B801200005001')).toBe(true);
    expect(isValidUpn('b801200005001')).toBe(true);
    expect(isValidUpn('A801200005001')).toBe(false);
    expect(isValidUpn('B80120000500')).toBe(false);
    expect(isValidUpn(makeUpn(2001, 19, 7))).toBe(true);
    expect(isValidUpn(makeUpn(2001, 19, 7, true))).toBe(true);
    expect(makeUpn(2001, 19, 7, true)).toMatch(/^[A-Z]\d{11}[A-Z]$/);
  });

  it('computes the NHS modulus-11 check digit', () => {
    expect(nhsCheckDigit('943476591')).toBe(9);
    expect(isValidNhsNumber('943 476 5919')).toBe(true);
    expect(isValidNhsNumber('943-476-5919')).toBe(true);
    expect(isValidNhsNumber('9434765918')).toBe(false);
    expect(isValidNhsNumber('943476591')).toBe(false);
    // 10 is never a check digit: bodies whose remainder gives 10 have no valid number.
    expect(nhsCheckDigit('000000040')).toBeUndefined();
  });
});

describe('generateBorough', () => {
  it('is deterministic: the same seed gives the same bytes, another seed different ones', async () => {
    expect(first.files.map((f) => f.key)).toEqual(again.files.map((f) => f.key));
    expect(first.facts).toEqual(again.facts);
    for (let i = 0; i < first.files.length; i++) {
      if (first.files[i].key.endsWith('.xlsx')) continue; // the zip container records when it was written
      expect(await sha(first.files[i].path), first.files[i].key).toBe(await sha(again.files[i].path));
    }
    const contacts = (b: Borough) => sha(latestOf(b, 'contacts'));
    expect(await contacts(first)).not.toBe(await contacts(other));
    const attendance = (b: Borough) => sha(latestOf(b, 'attendance'));
    expect(await attendance(first)).not.toBe(await attendance(other));
  });

  it('writes workbooks whose cells are the same for the same seed', async () => {
    const cells = async (path: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path);
      const values: unknown[] = [];
      wb.worksheets[0].eachRow((row) => values.push(row.values));
      return values;
    };
    const xlsx = first.files.filter((f) => f.key.endsWith('.xlsx'));
    expect(xlsx.length).toBeGreaterThan(0);
    for (const f of xlsx) expect(await cells(f.path)).toEqual(await cells(again.files.find((g) => g.key === f.key)!.path));
  });

  it('sends files for every dataset under keys that follow the landing layout', () => {
    const seen = new Set<string>();
    for (const f of first.files) {
      const [partner, dataset, period, name, ...rest] = f.key.split('/');
      expect(rest, f.key).toEqual([]);
      const contract = getDataset(dataset);
      expect(contract.partner).toBe(partner);
      const pattern = contract.cadence === 'snapshot' ? /^\d{4}-\d{2}-\d{2}$/ : contract.cadence === 'month' ? /^\d{4}-\d{2}$/ : /^\d{4}$/;
      expect(period, f.key).toMatch(pattern);
      expect(period <= '2025-11-15', f.key).toBe(true);
      expect(name).toMatch(/\.(csv|xlsx|json|ndjson)$/);
      expect(f.path.endsWith(f.key)).toBe(true);
      seen.add(dataset);
    }
    expect([...seen].sort()).toEqual(DATASETS.map((d) => d.name).sort());
    const months = new Set(first.files.filter((f) => f.key.startsWith('schools/attendance/')).map((f) => f.key.split('/')[2]));
    expect([...months].sort()).toEqual(['2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10']);
  });

  it('sends a header-only nil return for attendance in August', async () => {
    const august = first.files.find((f) => f.key.startsWith('schools/attendance/2025-08/'))!;
    expect((await readFile(august.path, 'utf8')).trim()).toBe('school_urn,upn,date,session,code');
  });

  it('mixes in the faulty files real partners send', async () => {
    const faults = first.files.filter((f) => f.fault);
    const has = (pattern: RegExp, key?: RegExp) => faults.some((f) => pattern.test(f.fault!) && (!key || key.test(f.key)));
    expect(has(/Windows-1252/, /establishments/)).toBe(true);
    expect(has(/Excel workbook/, /\.xlsx$/)).toBe(true);
    expect(has(/JSON/, /\.json$/)).toBe(true);
    expect(has(/NDJSON/, /\.ndjson$/)).toBe(true);
    expect(has(/F004/)).toBe(true);
    expect(has(/W002/)).toBe(true);
    expect(has(/ACCEPTED_WITH_ERRORS/, /attendance/)).toBe(true);
    expect(has(/older snapshot/)).toBe(true);
    expect(has(/restates/)).toBe(true);

    const windows = await readFile(first.files.find((f) => f.key.includes('/establishments/'))!.path);
    expect(windows.includes(Buffer.from([0x92]))).toBe(true); // ’ in Windows-1252
    expect(windows.includes(Buffer.from([0xe9]))).toBe(true); // é
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(windows)).toThrow();

    const duplicate = faults.find((f) => /DUPLICATE/.test(f.fault!))!;
    const original = first.files.find((f) => f.key !== duplicate.key && f.key.split('/').slice(0, 3).join('/') === duplicate.key.split('/').slice(0, 3).join('/'))!;
    expect(await sha(duplicate.path)).toBe(await sha(original.path));

    const missingColumn = faults.find((f) => /F004/.test(f.fault!))!;
    const header = (await readFile(missingColumn.path, 'utf8')).split('\r\n')[0];
    expect(header.split(',')).not.toContain('first_time_entrant');
    const index = first.files.indexOf(missingColumn);
    expect(first.files[index + 1].key.split('/').slice(0, 3)).toEqual(missingColumn.key.split('/').slice(0, 3));

    const bad = faults.find((f) => /ACCEPTED_WITH_ERRORS/.test(f.fault!) && f.key.includes('attendance'))!;
    const marks = (await readFile(bad.path, 'utf8')).trim().split('\n').slice(1).map((l) => l.split(','));
    const wrong = marks.filter(([, upn, date]) => !isValidUpn(upn) || /-02-30$/.test(date));
    expect(wrong.length).toBeGreaterThan(0);
    expect(wrong.length).toBeLessThan(marks.length * 0.01);
  });

  it('uses the contract aliases that real systems write', async () => {
    const header = async (dataset: string) => (await readFile(latestOf(first, dataset), 'utf8')).split('\r\n')[0].split(',');
    expect(await header('children')).toEqual(expect.arrayContaining(['CHILD', 'dob', 'gender']));
    expect(await header('lac_episodes')).toEqual(expect.arrayContaining(['CHILD', 'DECOM', 'DEC', 'REC']));
    expect(await header('care_leavers')).toEqual(['CHILD', 'DOB', 'IN_TOUCH', 'ACTIV', 'ACCOM']);
  });

  it('writes valid identifiers', async () => {
    const upns = await rows(`SELECT DISTINCT upn FROM children WHERE upn IS NOT NULL`);
    const nhs = await rows(`SELECT DISTINCT nhs_no FROM children WHERE nhs_no IS NOT NULL`);
    expect(upns.length).toBeGreaterThan(50);
    expect(upns.every((r) => isValidUpn(String(r.upn)))).toBe(true);
    expect(nhs.every((r) => isValidNhsNumber(String(r.nhs_no)))).toBe(true);
    expect(await rows(`SELECT CHILD FROM children WHERE NOT regexp_full_match(CHILD, 'C\\d{7}')`)).toEqual([]);
    expect(await rows(`SELECT postcode FROM children WHERE NOT regexp_full_match(postcode, '[A-Z]{1,2}\\d{1,2} \\d[A-Z]{2}')`)).toEqual([]);
  });

  it('keeps records hanging together', async () => {
    // Every assessment follows a referral, every referral a contact that led to one.
    expect(await rows(`SELECT a.assessment_id FROM assessments a ANTI JOIN referrals r USING (referral_id)`)).toEqual([]);
    expect(await rows(`SELECT r.referral_id FROM referrals r
      ANTI JOIN contacts c ON c.child_id = r.child_id AND c.outcome = 'REFERRAL' AND c.decision_at = r.referral_at`)).toEqual([]);
    expect(await rows(`SELECT a.assessment_id FROM assessments a JOIN referrals r USING (referral_id)
      WHERE a.child_id <> r.child_id OR a.start_date::DATE < r.referral_at::DATE`)).toEqual([]);
    // S47s: strategy before start before conference.
    expect(await rows(`SELECT s47_id FROM s47_enquiries WHERE start_date::DATE < strategy_date::DATE
      OR icpc_date::DATE < strategy_date::DATE OR completed_date::DATE < start_date::DATE`)).toEqual([]);
    // No child has two plans at once.
    expect(await rows(`SELECT a.plan_id FROM cp_plans a JOIN cp_plans b ON a.child_id = b.child_id AND a.plan_id < b.plan_id
      AND a.start_date::DATE < coalesce(b.end_date::DATE, DATE '9999-12-31') AND b.start_date::DATE < coalesce(a.end_date::DATE, DATE '9999-12-31')`)).toEqual([]);
    // Episodes chain: an X1 episode is followed by one starting on its end date; the others end a period.
    const episodes = `SELECT CHILD, strptime(DECOM, '%d/%m/%Y') AS decom, strptime(DEC, '%d/%m/%Y') AS dec, REC, RNE FROM lac_episodes`;
    expect(await rows(`WITH e AS (${episodes}) SELECT a.CHILD FROM e a WHERE a.REC = 'X1'
      AND NOT EXISTS (SELECT 1 FROM e b WHERE b.CHILD = a.CHILD AND b.decom = a.dec)`)).toEqual([]);
    expect(await rows(`WITH e AS (${episodes}) SELECT b.CHILD FROM e b WHERE b.RNE <> 'S'
      AND NOT EXISTS (SELECT 1 FROM e a WHERE a.CHILD = b.CHILD AND a.dec = b.decom AND a.REC = 'X1')`)).toEqual([]);
    expect(await rows(`WITH e AS (${episodes}) SELECT a.CHILD FROM e a JOIN e b ON a.CHILD = b.CHILD AND a.decom < b.decom
      AND b.decom < coalesce(a.dec, TIMESTAMP '9999-12-31')`)).toEqual([]);
    expect(await rows(`${episodes} WHERE (DEC IS NULL) <> (REC IS NULL)`)).toEqual([]);
    // Health assessments belong to looked-after children; interviews follow police episodes.
    expect(await rows(`SELECT child_id FROM lac_health ANTI JOIN (SELECT DISTINCT CHILD AS child_id FROM lac_episodes) USING (child_id)`)).toEqual([]);
    expect(await rows(`SELECT episode_ref FROM return_interviews ANTI JOIN (SELECT episode_ref FROM missing) USING (episode_ref)`)).toEqual([]);
    // Care leavers are 17 to 21 at the snapshot.
    const snapshot = first.facts.snapshotDate;
    expect(await rows(`SELECT CHILD FROM care_leavers
      WHERE date_diff('year', strptime(DOB, '%d/%m/%Y'), DATE '${snapshot}') NOT BETWEEN 17 AND 22`)).toEqual([]);
  });

  it('reports volumes in proportion to the borough', () => {
    const { facts } = first;
    expect(facts.children).toBe(2000);
    expect(facts.pupils).toBeGreaterThan(1200);
    // May to October: about 85 school days.
    expect(facts.attendanceRows).toBeGreaterThan(facts.pupils * 2 * 70);
    // About 12,000 contacts a year per 56,000 children: 4 years simulated.
    expect(facts.contacts).toBeGreaterThan(1400 * 0.7);
    expect(facts.contacts).toBeLessThan(1400 * 1.3);
    expect(facts.childrenLookedAfter).toBeGreaterThan(5);
  });
});
