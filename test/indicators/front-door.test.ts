import { describe, expect, it } from 'vitest';
import { figures, insertPopulation, pseudo, sqlValues, withDb } from './fixtures';

// April 2017 holds Easter: Good Friday 14 April and Easter Monday 17 April are bank
// holidays, so Thursday 13 April to Tuesday 18 April is one working day.
// British Summer Time began on 26 March 2017: UTC 23:30 is 00:30 the next UK day.

const child = (n: string) => pseudo(`child-${n}`);

describe('CSC-01..03 contacts', () => {
  it('counts contacts by UK date, decisions within 1 working day across Easter, and referrals, with YTD from April', async () => {
    await withDb(async (db) => {
      await db.insert('contacts', [
        // c1: Thu 13 Apr -> Tue 18 Apr: wd = 1 (14 and 17 are bank holidays, 15/16 weekend) -> decided in time; REFERRAL
        { contact_id: 'C1', child_id: child('1'), contact_at: '2017-04-13T10:00:00Z', source: 'POLICE', decision_at: '2017-04-18T09:00:00Z', outcome: 'REFERRAL' },
        // c2: Thu 13 Apr -> Wed 19 Apr: wd = 2 -> late; NFA
        { contact_id: 'C2', child_id: child('2'), contact_at: '2017-04-13T10:00:00Z', source: 'POLICE', decision_at: '2017-04-19T09:00:00Z', outcome: 'NFA' },
        // c3: Fri 7 Apr -> Mon 10 Apr: wd = 1 across a weekend -> in time; REFERRAL
        { contact_id: 'C3', child_id: child('3'), contact_at: '2017-04-07T12:00:00Z', source: 'HEALTH', decision_at: '2017-04-10T08:00:00Z', outcome: 'REFERRAL' },
        // c4: 30 Apr 23:30 UTC is 1 May 00:30 in the UK -> a May contact, undecided
        { contact_id: 'C4', child_id: child('4'), contact_at: '2017-04-30T23:30:00Z', source: 'PUBLIC' },
        // c5: 31 Mar 23:30 UTC is 1 Apr 00:30 in the UK -> an April contact, undecided
        { contact_id: 'C5', child_id: child('5'), contact_at: '2017-03-31T23:30:00Z', source: 'PUBLIC' },
        // c6: March, decided the same day (wd = 0) -> last financial year only
        { contact_id: 'C6', child_id: child('6'), contact_at: '2017-03-15T10:00:00Z', source: 'OTHER', decision_at: '2017-03-15T15:00:00Z', outcome: 'INFORMATION' },
      ]);

      // April: c1, c2, c3, c5 = 4 contacts; decided in 1 wd: c1, c3 = 2 (50 %); referrals c1, c3 = 2 (50 %).
      // YTD (from 1 April 2017) is April alone.
      const april = await sqlValues(db, '2017-04');
      expect(figures(april.get('CSC-01'))).toEqual({ numerator: 4, denominator: null, value: 4, ytd_numerator: 4, ytd_denominator: null, ytd_value: 4 });
      expect(figures(april.get('CSC-02'))).toEqual({ numerator: 2, denominator: 4, value: 50, ytd_numerator: 2, ytd_denominator: 4, ytd_value: 50 });
      expect(figures(april.get('CSC-03'))).toEqual({ numerator: 2, denominator: 4, value: 50, ytd_numerator: 2, ytd_denominator: 4, ytd_value: 50 });

      // May: c4 alone (undecided, no outcome); YTD April+May = 5 contacts, 2 decided (40 %), 2 referrals (40 %).
      const may = await sqlValues(db, '2017-05');
      expect(figures(may.get('CSC-01'))).toEqual({ numerator: 1, denominator: null, value: 1, ytd_numerator: 5, ytd_denominator: null, ytd_value: 5 });
      expect(figures(may.get('CSC-02'))).toEqual({ numerator: 0, denominator: 1, value: 0, ytd_numerator: 2, ytd_denominator: 5, ytd_value: 40 });
      expect(figures(may.get('CSC-03'))).toEqual({ numerator: 0, denominator: 1, value: 0, ytd_numerator: 2, ytd_denominator: 5, ytd_value: 40 });

      // March 2017 closes FY 2016/17: c6 only (c5 is 1 April in the UK); YTD of that year is c6 too.
      const march = await sqlValues(db, '2017-03');
      expect(figures(march.get('CSC-01'))).toEqual({ numerator: 1, denominator: null, value: 1, ytd_numerator: 1, ytd_denominator: null, ytd_value: 1 });
      expect(figures(march.get('CSC-02'))).toEqual({ numerator: 1, denominator: 1, value: 100, ytd_numerator: 1, ytd_denominator: 1, ytd_value: 100 });

      // A month with no contacts: zero counts, a zero denominator gives a null value.
      const june = await sqlValues(db, '2017-06');
      expect(figures(june.get('CSC-02'))).toMatchObject({ numerator: 0, denominator: 0, value: null, ytd_denominator: 5 });
    });
  });
});

describe('CSC-04 referrals per 10,000', () => {
  it('counts referrals by UK date over the rolling 12 months against pop(0-17) of the latest year up to Pend', async () => {
    await withDb(async (db) => {
      await db.insert('referrals', [
        // Window for 2017-04: 1 May 2016 .. 30 April 2017 (UK dates).
        { referral_id: 'R1', child_id: child('1'), referral_at: '2016-04-30T23:30:00Z', source: 'POLICE' }, // 1 May 00:30 BST: in
        { referral_id: 'R2', child_id: child('2'), referral_at: '2016-04-30T22:00:00Z', source: 'POLICE' }, // 30 Apr 23:00 BST: out
        { referral_id: 'R3', child_id: child('3'), referral_at: '2017-04-30T22:59:00Z', source: 'POLICE' }, // 30 Apr 23:59 BST: in
        { referral_id: 'R4', child_id: child('4'), referral_at: '2017-04-30T23:00:00Z', source: 'POLICE' }, // 1 May 00:00 BST: out
      ]);
      // pop(0-17) in 2016 = 18 ages x 100 = 1,800 (ages 18+ ignored); 2018 is after the year of Pend; 2015 is older.
      await insertPopulation(db, '2015', 50);
      await insertPopulation(db, '2016', 100);
      await insertPopulation(db, '2018', 999);
      const values = await sqlValues(db, '2017-04');
      // 2 / 1,800 x 10,000 = 11.11…
      expect(figures(values.get('CSC-04'))).toEqual({
        numerator: 2, denominator: 1800, value: (2 / 1800) * 10000, ytd_numerator: 2, ytd_denominator: 1800, ytd_value: (2 / 1800) * 10000,
      });
    });
  });
});

describe('CSC-05 and CSC-06 referrals', () => {
  it('finds assessments by referral_id and decisions within exactly 48 hours', async () => {
    await withDb(async (db) => {
      await db.insert('referrals', [
        // RA: decided after exactly 48 h -> in time; has an assessment
        { referral_id: 'RA', child_id: child('a'), referral_at: '2017-04-03T09:00:00Z', source: 'POLICE', decision_at: '2017-04-05T09:00:00Z' },
        // RB: 48 h and 1 s -> late; no assessment
        { referral_id: 'RB', child_id: child('b'), referral_at: '2017-04-03T09:00:00Z', source: 'POLICE', decision_at: '2017-04-05T09:00:01Z' },
        // RC: undecided; two assessments (counted once)
        { referral_id: 'RC', child_id: child('c'), referral_at: '2017-04-10T09:00:00Z', source: 'HEALTH' },
        // RM: March, across the clock change: 48 h elapsed though the UK clock moved 49 h -> in time
        { referral_id: 'RM', child_id: child('m'), referral_at: '2017-03-25T12:00:00Z', source: 'HEALTH', decision_at: '2017-03-27T12:00:00Z' },
      ]);
      await db.insert('assessments', [
        { assessment_id: 'A1', child_id: child('a'), referral_id: 'RA', start_date: '2017-06-01' },
        { assessment_id: 'A2', child_id: child('c'), referral_id: 'RC', start_date: '2017-04-11' },
        { assessment_id: 'A3', child_id: child('c'), referral_id: 'RC', start_date: '2017-04-12' },
        { assessment_id: 'A4', child_id: child('x'), start_date: '2017-04-12' },
      ]);
      const values = await sqlValues(db, '2017-04');
      // April referrals RA, RB, RC = 3: assessed RA, RC = 2; decided in 48 h: RA = 1.
      expect(figures(values.get('CSC-05'))).toEqual({ numerator: 2, denominator: 3, value: 200 / 3, ytd_numerator: 2, ytd_denominator: 3, ytd_value: 200 / 3 });
      expect(figures(values.get('CSC-06'))).toEqual({ numerator: 1, denominator: 3, value: 100 / 3, ytd_numerator: 1, ytd_denominator: 3, ytd_value: 100 / 3 });
      const march = await sqlValues(db, '2017-03');
      expect(figures(march.get('CSC-06'))).toMatchObject({ numerator: 1, denominator: 1, value: 100 });
    });
  });
});

describe('CSC-07 and CSC-08 re-referrals', () => {
  it('looks back exactly 365 days, excludes same-day referrals, and computes the rolling year', async () => {
    await withDb(async (db) => {
      const referral = (id: string, who: string, day: string) =>
        ({ referral_id: id, child_id: child(who), referral_at: `${day}T12:00:00Z`, source: 'POLICE' });
      await db.insert('referrals', [
        referral('A0', 'a', '2016-04-20'), referral('A1', 'a', '2017-04-19'), // 364 days: re-referral
        referral('B0', 'b', '2016-04-20'), referral('B1', 'b', '2017-04-20'), // exactly 365 days: re-referral
        referral('C0', 'c', '2016-04-20'), referral('C1', 'c', '2017-04-21'), // 366 days: not
        referral('D1', 'd', '2017-04-05'), referral('D2', 'd', '2017-04-05'), // same day: neither
        referral('E0', 'e', '2016-09-01'), referral('E1', 'e', '2016-10-01'), // E1 re-referral, in the rolling year only
      ]);
      const values = await sqlValues(db, '2017-04');
      // CSC-07, April: A1, B1, C1, D1, D2 = 5; re-referrals A1, B1 = 2 -> 40 %. YTD = April.
      expect(figures(values.get('CSC-07'))).toEqual({ numerator: 2, denominator: 5, value: 40, ytd_numerator: 2, ytd_denominator: 5, ytd_value: 40 });
      // CSC-08, 1 May 2016 .. 30 Apr 2017: E0, E1, A1, B1, C1, D1, D2 = 7; re-referrals E1, A1, B1 = 3.
      expect(figures(values.get('CSC-08'))).toEqual({ numerator: 3, denominator: 7, value: 300 / 7, ytd_numerator: 3, ytd_denominator: 7, ytd_value: 300 / 7 });
    });
  });
});
