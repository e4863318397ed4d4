import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidUpn } from '../../../functions/demo/identifiers';
import { getDataset } from '../../../schemas';
import { attendanceFile } from '../../../scripts/bench/attendance-file';

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
