import { describe, expect, it } from 'vitest';
import { figures, pseudo, sqlValues, withDb } from './fixtures';

const child = (n: string) => pseudo(`child-${n}`);
const nhs = (n: string) => pseudo(`nhs-${n}`);
const episode = (who: string, decom: string, rne: string, dec?: string, rec?: string) =>
  ({ child_id: child(who), decom, rne, ls: 'C2', cin: 'N1', place: 'U1', dec: dec ?? null, rec: rec ?? null });
const check = (ref: string, who: string, type: string, completed: string, dental: string | null = null) =>
  ({ assessment_ref: ref, child_id: child(who), type, completed_date: completed, dental_check_date: dental });

describe('HLT-01 and HLT-02 annual health and dental checks', () => {
  it('takes children looked after 365 days or more and checks in the 12 months ending Pend, from any month file', async () => {
    await withDb(async (db) => {
      // Pend 30 Apr 2017; 365 days before is 30 Apr 2016; the 12 months start 1 May 2016.
      await db.insert('lac_episodes', [
        episode('a', '2016-04-30', 'S'), // exactly 365 days
        episode('b', '2016-05-01', 'S'), // 364 days: out
        episode('c', '2015-01-01', 'S', '2016-12-01', 'X1'), episode('c', '2016-12-01', 'P'), // chained from 2015
        episode('d', '2015-06-01', 'S'),
      ]);
      await db.insert('lac_health', [
        check('H1', 'a', 'RHA', '2016-05-01', '2016-04-30'), // assessment in; dental check the day before the window
        check('H2', 'b', 'RHA', '2017-01-01', '2017-01-01'), // not in the denominator
      ]);
      // c's IHA was in April 2016 (before the window) but the file carried a dental check in April 2017
      await db.insert('lac_health', [check('H3', 'c', 'IHA', '2016-04-30', '2017-04-30')], { period: '2016-04' });
      const values = await sqlValues(db, '2017-04');
      // denominator a, c, d = 3; assessment a = 1; dental c = 1
      expect(figures(values.get('HLT-01'))).toEqual({ numerator: 1, denominator: 3, value: 100 / 3, ytd_numerator: 1, ytd_denominator: 3, ytd_value: 100 / 3 });
      expect(figures(values.get('HLT-02'))).toEqual({ numerator: 1, denominator: 3, value: 100 / 3, ytd_numerator: 1, ytd_denominator: 3, ytd_value: 100 / 3 });
    });
  });
});

describe('HLT-03 initial health assessments', () => {
  it('measures 20 working days from the start of the chained period of care open on the completion date', async () => {
    await withDb(async (db) => {
      await db.insert('lac_episodes', [
        episode('e', '2017-03-24', 'S'),
        episode('f', '2017-03-24', 'S'),
        // g: chained from 1 March, so the care start is 1 March, not 20 March
        episode('g', '2017-03-01', 'S', '2017-03-20', 'X1'), episode('g', '2017-03-20', 'P'),
        episode('h', '2016-06-01', 'S', '2017-01-01', 'E11'), // left care before the IHA
        // i: one period ends on 3 April and another starts that day: the later one counts
        episode('i', '2016-01-01', 'S', '2017-04-03', 'E11'), episode('i', '2017-04-03', 'S'),
      ]);
      await db.insert('lac_health', [
        // wd(Fri 24 Mar, Tue 25 Apr) = 5 + 5 + 4 + 4 + 2 = 20 -> in time
        check('I1', 'e', 'IHA', '2017-04-25'),
        // wd(Fri 24 Mar, Wed 26 Apr) = 21 -> late
        check('I2', 'f', 'IHA', '2017-04-26'),
        // wd(1 Mar, Mon 3 Apr) = 22 + 1 = 23 -> late (10 if the chain were ignored)
        check('I3', 'g', 'IHA', '2017-04-03'),
        check('I4', 'h', 'IHA', '2017-04-10'), // no period of care open: not counted
        check('I5', 'i', 'IHA', '2017-04-03'), // care start 3 April: 0 working days -> in time
        check('I6', 'e', 'RHA', '2017-04-28'), // a review: not an IHA
      ]);
      const values = await sqlValues(db, '2017-04');
      // denominator e, f, g, i = 4; in time e, i = 2
      expect(figures(values.get('HLT-03'))).toEqual({ numerator: 2, denominator: 4, value: 50, ytd_numerator: 2, ytd_denominator: 4, ytd_value: 50 });
    });
  });
});

describe('HLT-04 CAMHS assessments', () => {
  it('counts assessments in the month within exactly 21 days of referral', async () => {
    await withDb(async (db) => {
      await db.insert('camhs_referrals', [
        { referral_ref: 'R1', nhs_number: nhs('1'), referral_date: '2017-04-01', assessment_date: '2017-04-22' }, // 21 days
        { referral_ref: 'R2', nhs_number: nhs('2'), referral_date: '2017-04-01', assessment_date: '2017-04-23' }, // 22 days
        { referral_ref: 'R3', nhs_number: nhs('3'), referral_date: '2017-04-01' }, // not assessed
        { referral_ref: 'R4', nhs_number: nhs('4'), referral_date: '2017-03-01', assessment_date: '2017-03-10' }, // March
      ]);
      const values = await sqlValues(db, '2017-04');
      expect(figures(values.get('HLT-04'))).toEqual({ numerator: 1, denominator: 2, value: 50, ytd_numerator: 1, ytd_denominator: 2, ytd_value: 50 });
      const may = await sqlValues(db, '2017-05');
      // May has none; YTD keeps April's 1 of 2
      expect(figures(may.get('HLT-04'))).toEqual({ numerator: 0, denominator: 0, value: null, ytd_numerator: 1, ytd_denominator: 2, ytd_value: 50 });
    });
  });
});

describe('HLT-05 and HLT-06 child obesity', () => {
  it('counts obese and severely obese measurements in the academic year to date by year group', async () => {
    await withDb(async (db) => {
      const m = (ref: string, year: string, date: string, bmi: string) =>
        ({ measurement_ref: ref, school_year: year, measured_date: date, bmi_category: bmi });
      await db.insert('child_measurements', [
        m('M1', 'R', '2016-09-01', 'OBESE'),
        m('M2', 'R', '2016-10-01', 'HEALTHY'),
        m('M3', 'R', '2017-04-30', 'SEVERELY_OBESE'),
        m('M4', 'R', '2016-08-31', 'OBESE'), // the previous academic year
        m('M5', 'R', '2017-05-01', 'OBESE'), // after Pend
        m('M6', '6', '2017-01-10', 'OVERWEIGHT'),
        m('M7', '6', '2017-02-10', 'OBESE'),
      ]);
      const values = await sqlValues(db, '2017-04');
      // Reception: M1, M2, M3 = 3, obese M1, M3 = 2; Year 6: M6, M7 = 2, obese M7 = 1
      expect(figures(values.get('HLT-05'))).toEqual({ numerator: 2, denominator: 3, value: 200 / 3, ytd_numerator: 2, ytd_denominator: 3, ytd_value: 200 / 3 });
      expect(figures(values.get('HLT-06'))).toEqual({ numerator: 1, denominator: 2, value: 50, ytd_numerator: 1, ytd_denominator: 2, ytd_value: 50 });
    });
  });
});
