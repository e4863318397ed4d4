import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { BANK_HOLIDAYS, bankHolidays, calendarRows, registerCalendar, writeCalendarParquet } from '../../functions/indicators/calendar';

const row = (day: string) => calendarRows().find((r) => r.day === day)!;
const wd = (a: string, b: string) => row(b).working_day_number - row(a).working_day_number;

describe('England and Wales bank holidays', () => {
  it('has 8 a year, 9 in 2011, 2012 and 2023 and 10 in 2022', () => {
    const perYear = new Map<string, number>();
    for (const h of BANK_HOLIDAYS) perYear.set(h.date.slice(0, 4), (perYear.get(h.date.slice(0, 4)) ?? 0) + 1);
    const extra: Record<string, number> = { '2011': 9, '2012': 9, '2022': 10, '2023': 9 };
    for (let y = 2010; y <= 2030; y++) expect(perYear.get(String(y)), String(y)).toBe(extra[String(y)] ?? 8);
  });

  it('includes every one-off and moved holiday and the substitute days', () => {
    for (const day of [
      '2011-04-29', '2012-06-04', '2012-06-05', '2020-05-08', '2022-06-02', '2022-06-03', '2022-09-19', '2023-05-08',
      '2010-12-27', '2010-12-28', '2011-01-03', '2015-12-28', '2016-12-27', '2017-01-02', '2020-12-28', '2021-12-27',
      '2021-12-28', '2022-01-03', '2022-12-27', '2023-01-02', '2026-12-28', '2027-12-27', '2027-12-28',
      '2017-04-14', '2017-04-17', '2024-03-29', '2024-04-01', '2025-04-18', '2025-04-21', '2030-04-19', '2030-04-22',
    ]) expect(bankHolidays.has(day), day).toBe(true);
    // the days the moved holidays would otherwise have been
    for (const day of ['2012-05-28', '2020-05-04', '2022-05-30']) expect(bankHolidays.has(day), day).toBe(false);
    // every holiday falls on a weekday
    for (const h of BANK_HOLIDAYS) expect([0, 6]).not.toContain(new Date(`${h.date}T00:00:00Z`).getUTCDay());
  });
});

describe('the working-day calendar', () => {
  it('covers 2010-2030 and counts working days up to and including each day', () => {
    const rows = calendarRows();
    expect(rows[0].day).toBe('2010-01-01');
    expect(rows.at(-1)!.day).toBe('2030-12-31');
    expect(rows).toHaveLength(7670);
    // 2017: 260 weekdays less 8 bank holidays
    expect(row('2017-12-31').working_day_number - row('2016-12-31').working_day_number).toBe(252);
  });

  it('measures wd(a, b) across a weekend and the Easter 2017 bank holidays', () => {
    expect(wd('2017-04-07', '2017-04-10')).toBe(1); // Fri -> Mon
    expect(wd('2017-04-13', '2017-04-18')).toBe(1); // Thu -> Tue over Good Friday and Easter Monday
    expect(wd('2017-04-13', '2017-04-13')).toBe(0);
    expect(row('2017-04-14').is_working_day).toBe(false);
    expect(row('2017-04-15').is_working_day).toBe(false);
    expect(row('2017-04-18').is_working_day).toBe(true);
  });

  it('registers the same rows in DuckDB and writes them as Parquet', async () => {
    const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false' });
    const connection = await instance.connect();
    const dir = await mkdtemp(join(tmpdir(), 'calendar-test-'));
    try {
      await registerCalendar(connection);
      await registerCalendar(connection); // replaces, does not fail
      const path = join(dir, 'calendar.parquet');
      await writeCalendarParquet(path);
      const reader = await connection.runAndReadAll(`
        SELECT count(*) AS n, sum(CASE WHEN is_working_day THEN 1 ELSE 0 END) AS working, max(working_day_number) AS last_number,
               (SELECT count(*) FROM read_parquet('${path}') AS p JOIN calendar AS c USING (day)
                 WHERE p.working_day_number = c.working_day_number AND p.is_working_day = c.is_working_day) AS matching
        FROM calendar`);
      const [result] = reader.getRowObjectsJS();
      expect(Number(result.n)).toBe(7670);
      expect(Number(result.working)).toBe(calendarRows().at(-1)!.working_day_number);
      expect(Number(result.last_number)).toBe(Number(result.working));
      expect(Number(result.matching)).toBe(7670);
      // the SQL and the JS rows agree day by day
      const table = (await connection.runAndReadAll(`SELECT strftime(day, '%Y-%m-%d') AS day, is_working_day, working_day_number FROM calendar ORDER BY day`))
        .getRowObjectsJS().map((r) => ({ day: r.day, is_working_day: r.is_working_day, working_day_number: Number(r.working_day_number) }));
      expect(table).toEqual(calendarRows());
    } finally {
      connection.closeSync();
      instance.closeSync();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
