import { describe, expect, it } from 'vitest';
import { figures, pseudo, sqlValues, withDb } from './fixtures';

const upn = (n: string) => pseudo(`upn-${n}`);

/** One register mark per session, on consecutive school days from 5 September 2016. */
function marks(school: string, pupil: string, codes: string, firstDay = '2016-09-05') {
  let day = new Date(`${firstDay}T00:00:00Z`);
  return [...codes].map((code, i) => {
    const row = { school_urn: school, upn: upn(pupil), date: day.toISOString().slice(0, 10), session: i % 2 === 0 ? 'AM' : 'PM', code };
    if (i % 2 === 1) day = new Date(day.getTime() + 86_400_000);
    return row;
  });
}

describe('SCH-01..06 schools', () => {
  it('computes attendance, persistent absence by phase, suspensions per 100 pupils and permanent exclusions', async () => {
    await withDb(async (db) => {
      await db.insert('establishments', [
        { school_urn: '100001', name: 'Primary', phase: 'PRIMARY' },
        { school_urn: '200001', name: 'Secondary', phase: 'SECONDARY' },
        { school_urn: '300001', name: 'Special', phase: 'SPECIAL' },
      ]);
      await db.insert('attendance', [
        // u1 at the primary: 8 present, 1 authorised (C), 1 unauthorised (G): 2 of 10 absent -> persistent
        ...marks('100001', 'u1', '////////CG'),
        // u2: 9 present (\\), 1 absent (N): exactly 10 % -> persistent
        ...marks('100001', 'u2', '\\\\\\\\\\\\\\\\\\N'),
        // u3: 10 approved activity (B), 1 absent (O), 3 not possible (X X D): 1 of 11 -> not persistent
        ...marks('100001', 'u3', 'BBBBBBBBBBOXXD'),
        // u4: only not-possible marks: not a pupil anywhere
        ...marks('100001', 'u4', 'Y#Z'),
        // u5 at the secondary: attended / P V K -> 4 of 4
        ...marks('200001', 'u5', '/PVK'),
        // u1 dual-registered at the secondary: 2 unauthorised (U) -> a separate pupil, persistent
        ...marks('200001', 'u1', 'UU'),
        // u6 at a special school, u7 at a school not in the reference data: in neither phase, but pupils for SCH-05
        ...marks('300001', 'u6', '//'),
        ...marks('999999', 'u7', 'E'),
        // outside the academic year to date
        ...marks('100001', 'u8', '//', '2016-08-31'),
        ...marks('100001', 'u9', '//', '2017-05-02'),
      ]);
      await db.insert('exclusions', [
        { exclusion_ref: 'X1', school_urn: '100001', upn: upn('u1'), start_date: '2016-09-05', category: 'SUSPENSION' },
        { exclusion_ref: 'X2', school_urn: '200001', upn: upn('u5'), start_date: '2017-01-01', category: 'SUSPENSION' },
        { exclusion_ref: 'X3', school_urn: '200001', upn: upn('u5'), start_date: '2017-04-30', category: 'SUSPENSION' },
        { exclusion_ref: 'X4', school_urn: '200001', upn: upn('u1'), start_date: '2016-08-31', category: 'SUSPENSION' },
        { exclusion_ref: 'X5', school_urn: '200001', upn: upn('u1'), start_date: '2017-02-01', category: 'PERMANENT' },
        { exclusion_ref: 'X6', school_urn: '200001', upn: upn('u6'), start_date: '2016-07-01', category: 'PERMANENT' },
      ]);
      const values = await sqlValues(db, '2017-04');
      // SCH-01: primary attended 8 + 9 + 10 = 27 of possible 10 + 10 + 11 = 31
      expect(figures(values.get('SCH-01'))).toEqual({ numerator: 27, denominator: 31, value: 2700 / 31, ytd_numerator: 27, ytd_denominator: 31, ytd_value: 2700 / 31 });
      // SCH-02: secondary attended 4 of possible 4 + 2 = 6
      expect(figures(values.get('SCH-02'))).toEqual({ numerator: 4, denominator: 6, value: 400 / 6, ytd_numerator: 4, ytd_denominator: 6, ytd_value: 400 / 6 });
      // SCH-03: primary pupils u1, u2, u3 = 3; persistent u1, u2 = 2
      expect(figures(values.get('SCH-03'))).toEqual({ numerator: 2, denominator: 3, value: 200 / 3, ytd_numerator: 2, ytd_denominator: 3, ytd_value: 200 / 3 });
      // SCH-04: secondary pupils u5, u1 = 2; persistent u1 = 1
      expect(figures(values.get('SCH-04'))).toEqual({ numerator: 1, denominator: 2, value: 50, ytd_numerator: 1, ytd_denominator: 2, ytd_value: 50 });
      // SCH-05: suspensions X1, X2, X3 = 3; UPNs with a possible session u1, u2, u3, u5, u6, u7 = 6 -> 50 per 100
      expect(figures(values.get('SCH-05'))).toEqual({ numerator: 3, denominator: 6, value: 50, ytd_numerator: 3, ytd_denominator: 6, ytd_value: 50 });
      // SCH-06: X5 = 1
      expect(figures(values.get('SCH-06'))).toEqual({ numerator: 1, denominator: null, value: 1, ytd_numerator: 1, ytd_denominator: null, ytd_value: 1 });
    });
  });
});
