import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidUpn } from '../../../functions/demo/identifiers';
import { getDataset } from '../../../schemas';
import { attendanceFile, BENCH_PERIOD } from '../../../scripts/bench/attendance-file';
import { issueOf, newWarehouse, uploadPath } from '../../helpers/ingest';

describe('the benchmark attendance file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'outturn-bench-file-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('holds the rows asked for, with valid URNs, UPNs, school days, sessions and codes, each key once', async () => {
    const file = await attendanceFile({ rows: 20_000, dir, schools: 10 });
    const lines = (await readFile(file.path, 'utf8')).trimEnd().split('\n');
    expect(lines[0]).toBe('school_urn,upn,date,session,code');
    expect(lines).toHaveLength(20_001);
    expect(file.bytes).toBe((await stat(file.path)).size);

    const codes = new Set<string>(getDataset('attendance').columns.find((c) => c.name === 'code')!.codes);
    const keys = new Set<string>();
    const upns = new Set<string>();
    const urns = new Set<string>();
    for (const line of lines.slice(1)) {
      const [urn, upn, date, session, code] = line.split(',');
      expect(urn).toMatch(/^\d{6}$/);
      expect(isValidUpn(upn)).toBe(true);
      expect(date).toMatch(/^2024-09-\d{2}$/);
      expect([1, 2, 3, 4, 5]).toContain(new Date(`${date}T12:00:00Z`).getUTCDay());
      expect(['AM', 'PM']).toContain(session);
      expect(codes.has(code)).toBe(true);
      keys.add(`${urn}|${upn}|${date}|${session}`);
      upns.add(upn);
      urns.add(urn);
    }
    expect(keys.size).toBe(20_000);
    expect(upns.size).toBe(file.pupils);
    expect(urns.size).toBe(10);
  });

  it('has a faulty variant: the same rows but for a wrong check letter in 1 in 100 and a repeated key in 1 in 1,000', async () => {
    const clean = (await readFile((await attendanceFile({ rows: 20_000, dir, schools: 10 })).path, 'utf8')).split('\n');
    const faulty = await attendanceFile({ rows: 20_000, dir, schools: 10, faulty: true });
    const lines = (await readFile(faulty.path, 'utf8')).split('\n');
    expect(lines).toHaveLength(clean.length);
    const changed = lines.flatMap((line, i) => (line === clean[i] ? [] : [i - 1]));
    expect(changed).toHaveLength(faulty.faultyRows);
    expect(faulty.faultyRows).toBe(220);
    const badUpns = changed.filter((n) => !isValidUpn(lines[n + 1].split(',')[1]));
    expect(badUpns).toEqual(changed.filter((n) => n % 100 === 50));
    const repeats = changed.filter((n) => n % 1000 === 999);
    expect(badUpns.length + repeats.length).toBe(220);
    for (const n of repeats) expect(lines[n + 1].split(',').slice(0, 4)).toEqual(lines[n].split(',').slice(0, 4));
  });

  it("is ingested with exactly its faulty rows rejected, with the partner's row numbers", async () => {
    const faulty = await attendanceFile({ rows: 20_000, dir, schools: 10, faulty: true });
    const warehouse = await newWarehouse();
    try {
      const receipt = await uploadPath(warehouse, `schools/attendance/${BENCH_PERIOD}/marks.csv`, faulty.path);
      expect(receipt.status).toBe('ACCEPTED_WITH_ERRORS');
      expect(receipt.rows_rejected).toBe(faulty.faultyRows);
      // Data row n (from 0) is the partner's row n + 2.
      expect(issueOf(receipt.errors, 'R004', 'upn').count).toBe(200);
      expect(issueOf(receipt.errors, 'R004', 'upn').rows.slice(0, 3)).toEqual([52, 152, 252]);
      expect(issueOf(receipt.errors, 'R007').count).toBe(20);
      expect(issueOf(receipt.errors, 'R007').rows.slice(0, 2)).toEqual([1001, 2001]);
    } finally {
      await rm(join(warehouse.store.root, '..'), { recursive: true, force: true });
    }
  });

  it('gives the same bytes for the same size and reuses a file already there', async () => {
    const other = await mkdtemp(join(tmpdir(), 'outturn-bench-file-'));
    try {
      const a = await attendanceFile({ rows: 5_000, dir, schools: 10 });
      const b = await attendanceFile({ rows: 5_000, dir: other, schools: 10 });
      expect(await readFile(b.path)).toEqual(await readFile(a.path));
      const modified = (await stat(a.path)).mtimeMs;
      await attendanceFile({ rows: 5_000, dir, schools: 10 });
      expect((await stat(a.path)).mtimeMs).toBe(modified);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});
