/**
 * The attendance feed: AM and PM register marks for every pupil on every school day,
 * one file per month for the whole borough, written by DuckDB. Randomness is a hash of
 * the seed, the pupil and the day, so the feed is the same on every run without holding
 * tens of millions of rows in JavaScript.
 */
import { writeFile } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import { academicYearOf, isoDate, monthStart, partsOf, schoolDaysOfMonth } from './calendar';
import { DemoError } from './errors';
import type { Person } from './people';

export interface AttendanceMonth {
  /** Month index (year × 12 + month − 1). */
  month: number;
  path: string;
  /** Rows with a deliberately wrong UPN check letter or an impossible date. */
  faultyRows?: { schoolUrn: string; upn: string; date: string; session: 'AM' | 'PM'; code: string }[];
}

/** A uniform number in [0, 1) from a hash of the arguments. */
const uniform = (args: string) => `((hash(${args}) % 1000003)::DOUBLE / 1000003)`;

/**
 * A pupil's absence rate from their own uniform draw `u`: most pupils miss a few
 * percent of sessions; a tail (7 % in primary, 12 % in secondary) misses 10 % or more,
 * in secondary up to three days in five (the severely absent). Over a whole year that
 * gives persistent absence near the tail's share; early in the autumn term chance adds
 * pupils who happened to be ill for a few of the first days, as in real returns
 * (about 9 % primary and 13 % secondary by the end of October).
 */
const absenceRate = (u: string, secondary: boolean) => secondary
  ? `CASE WHEN ${u} < 0.877 THEN 0.05 * pow(${u} / 0.877, 1.5) ELSE 0.12 + 0.49 * pow((${u} - 0.877) / 0.123, 2) END`
  : `CASE WHEN ${u} < 0.93 THEN 0.062 * pow(${u} / 0.93, 1.5) ELSE 0.10 + 0.20 * pow((${u} - 0.93) / 0.07, 2) END`;

/** Writes one CSV per month; returns the number of data rows written. */
export async function writeAttendance(options: {
  seed: number; pupils: readonly Person[]; months: readonly AttendanceMonth[];
}): Promise<number> {
  const { seed, pupils, months } = options;
  const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false' });
  const connection = await instance.connect();
  try {
    await connection.run('CREATE TABLE pupils (upn VARCHAR, reception_year INTEGER, primary_urn VARCHAR, secondary_urn VARCHAR)');
    const appender = await connection.createAppender('pupils');
    for (const p of pupils) {
      appender.appendVarchar(p.upn);
      appender.appendInteger(p.receptionYear);
      appender.appendVarchar(p.primaryUrn);
      appender.appendVarchar(p.secondaryUrn);
      appender.endRow();
    }
    appender.closeSync();
    await connection.run(`CREATE TABLE pupil_rates AS
      SELECT upn, reception_year, primary_urn, secondary_urn,
        ${absenceRate('u', false)} AS primary_rate, ${absenceRate('u', true)} AS secondary_rate
      FROM (SELECT *, ${uniform(`${seed}, upn`)} AS u FROM pupils)`);
    let rows = 0;
    for (const month of months) {
      const days = schoolDaysOfMonth(month.month);
      const header = 'school_urn,upn,date,session,code';
      if (!days.length) {
        await writeFile(month.path, `${header}\n`);
        continue;
      }
      const ay = academicYearOf(monthStart(month.month));
      const m = partsOf(monthStart(month.month)).m;
      // Winter illness raises absence; the summer term lowers it a little.
      const season = m === 12 || m === 1 || m === 2 ? 1.2 : m === 6 || m === 7 ? 0.85 : 1;
      // Snow closes a school for a day now and then in winter ('#': not a possible session).
      const closures = m === 12 || m === 1 || m === 2 ? 0.006 : 0;
      const faulty = (month.faultyRows ?? [])
        .map((f) => `UNION ALL SELECT '${f.schoolUrn}', '${f.upn}', '${f.date}', '${f.session}', '${f.code.replace(/'/g, "''")}'`)
        .join('\n');
      const sql = `COPY (
        WITH days AS (SELECT unnest([${days.map((d) => `DATE '${isoDate(d)}'`).join(', ')}]) AS d),
        enrolled AS (
          SELECT upn,
            CASE WHEN ${ay} - reception_year <= 6 THEN primary_urn ELSE secondary_urn END AS school_urn,
            CASE WHEN ${ay} - reception_year <= 6 THEN primary_rate ELSE secondary_rate END * ${season} AS rate
          FROM pupil_rates WHERE reception_year BETWEEN ${ay - 11} AND ${ay}
        ),
        pupil_days AS (
          SELECT school_urn, upn, d, rate, h,
            ((h % 1000003)::DOUBLE / 1000003) AS r_day,
            (h // 1000003) % 1000 AS r_code
            ${closures ? `, ${uniform(`${seed} + 2, school_urn, d`)} < ${closures} AS closed` : ', false AS closed'}
          -- BIGINT arithmetic: mixing UBIGINT with INTEGER would widen every row to HUGEINT.
          FROM (SELECT *, (hash(${seed}, upn, d) >> 1)::BIGINT AS h FROM enrolled CROSS JOIN days)
        ),
        sessions AS (
          SELECT pupil_days.*, s.session, s.present, (h // 1000003000 + s.n * 7919) % 1000 AS r_mark
          FROM pupil_days CROSS JOIN (VALUES ('AM', 0, '/'), ('PM', 1, '\\')) s(session, n, present)
        ),
        -- Searched CASEs on precomputed draws: DuckDB runs them far faster than CASE x WHEN.
        marks AS (
          SELECT school_urn, upn, d, session,
            CASE
              WHEN closed THEN '#'
              WHEN r_day < rate THEN CASE
                WHEN r_code < 560 THEN 'I' WHEN r_code < 610 THEN 'M' WHEN r_code < 670 THEN 'C' WHEN r_code < 680 THEN 'R'
                WHEN r_code < 700 THEN 'E' WHEN r_code < 710 THEN 'H' WHEN r_code < 713 THEN 'T' WHEN r_code < 716 THEN 'S'
                WHEN r_code < 860 THEN 'O' WHEN r_code < 930 THEN 'G' WHEN r_code < 975 THEN 'N' ELSE 'U' END
              WHEN session = 'AM' AND r_day < rate + 0.004 THEN 'M'
              WHEN r_mark >= 19 THEN present
              WHEN r_mark >= 7 THEN 'L'
              ELSE CASE WHEN r_mark < 1 THEN 'B' WHEN r_mark < 2 THEN 'V' WHEN r_mark < 3 THEN 'P' WHEN r_mark < 4 THEN 'K'
                WHEN r_mark < 5 THEN 'J' WHEN r_mark < 6 THEN 'Y' ELSE 'D' END
            END AS code
          FROM sessions
        )
        SELECT school_urn, upn, strftime(d, '%Y-%m-%d') AS date, session, code FROM marks
        ${faulty}
        ORDER BY school_urn, upn, date, session
      ) TO '${month.path.replace(/'/g, "''")}' (HEADER, DELIMITER ',')`;
      const result = await connection.run(sql);
      rows += Number(result.rowsChanged);
    }
    return rows;
  } catch (cause) {
    throw new DemoError('Could not write the attendance feed', { cause });
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
