import { describe, expect, it } from 'vitest';
import { figures, insertPopulation, pseudo, sqlValues, withDb } from './fixtures';

// Working days in spring 2017 (Good Friday 14 April and Easter Monday 17 April are
// bank holidays): 2..31 March = 22; April to the 28th = 5 + 4 + 4 + 5 = 18;
// 23..28 February = 4 (23, 24, 27, 28); 1 March = 1.

const child = (n: string) => pseudo(`child-${n}`);

describe('CSC-09 assessments started', () => {
  it('counts starts in the month and the financial year to date', async () => {
    await withDb(async (db) => {
      await db.insert('assessments', ['2017-04-01', '2017-04-30', '2017-03-31', '2017-05-01'].map((d, i) =>
        ({ assessment_id: `A${i}`, child_id: child(String(i)), start_date: d })));
      const april = await sqlValues(db, '2017-04');
      expect(figures(april.get('CSC-09'))).toEqual({ numerator: 2, denominator: null, value: 2, ytd_numerator: 2, ytd_denominator: null, ytd_value: 2 });
      const may = await sqlValues(db, '2017-05');
      expect(figures(may.get('CSC-09'))).toEqual({ numerator: 1, denominator: null, value: 1, ytd_numerator: 3, ytd_denominator: null, ytd_value: 3 });
    });
  });
});

describe('CSC-10 and CSC-12 assessments completed', () => {
  it('applies the 45 working day timescale across Easter and counts NFA outcomes', async () => {
    await withDb(async (db) => {
      await db.insert('assessments', [
        // wd(22 Feb, 28 Apr) = 4 + 1 + 22 + 18 = 45 -> in time; NFA
        { assessment_id: 'A1', child_id: child('1'), start_date: '2017-02-22', completed_date: '2017-04-28', outcome: 'NFA' },
        // wd(21 Feb, 28 Apr) = 46 -> late
        { assessment_id: 'A2', child_id: child('2'), start_date: '2017-02-21', completed_date: '2017-04-28', outcome: 'STEP_DOWN' },
        // wd(12 Apr, 18 Apr) = 13th and 18th = 2 -> in time; NFA
        { assessment_id: 'A3', child_id: child('3'), start_date: '2017-04-12', completed_date: '2017-04-18', outcome: 'NFA' },
        // completed in March: the previous financial year
        { assessment_id: 'A4', child_id: child('4'), start_date: '2017-03-01', completed_date: '2017-03-31', outcome: 'NFA' },
        { assessment_id: 'A5', child_id: child('5'), start_date: '2017-04-20' },
      ]);
      const values = await sqlValues(db, '2017-04');
      // completed in April: A1, A2, A3 = 3; in 45 wd: A1, A3 = 2; NFA: A1, A3 = 2
      expect(figures(values.get('CSC-10'))).toEqual({ numerator: 2, denominator: 3, value: 200 / 3, ytd_numerator: 2, ytd_denominator: 3, ytd_value: 200 / 3 });
      expect(figures(values.get('CSC-12'))).toEqual({ numerator: 2, denominator: 3, value: 200 / 3, ytd_numerator: 2, ytd_denominator: 3, ytd_value: 200 / 3 });
    });
  });
});

describe('CSC-11 open assessments past 45 working days', () => {
  it('counts assessments open at Pend with more than 45 working days elapsed', async () => {
    await withDb(async (db) => {
      await db.insert('assessments', [
        // wd(21 Feb, 30 Apr) = wd(21 Feb, 28 Apr) = 46 (29/30 April are a weekend) -> counted
        { assessment_id: 'O1', child_id: child('1'), start_date: '2017-02-21' },
        // wd(22 Feb, 30 Apr) = 45 -> not past 45; completed after Pend so open at Pend
        { assessment_id: 'O2', child_id: child('2'), start_date: '2017-02-22', completed_date: '2017-05-10', outcome: 'NFA' },
        // completed on Pend -> not open at Pend
        { assessment_id: 'O3', child_id: child('3'), start_date: '2017-01-05', completed_date: '2017-04-30', outcome: 'NFA' },
        // completed the day after Pend -> open, long overdue -> counted
        { assessment_id: 'O4', child_id: child('4'), start_date: '2017-01-05', completed_date: '2017-05-01', outcome: 'NFA' },
        // starts after Pend
        { assessment_id: 'O5', child_id: child('5'), start_date: '2017-05-02' },
        // started before the calendar's first day (2010-01-01) and still open -> counted
        { assessment_id: 'O6', child_id: child('6'), start_date: '2009-11-02' },
      ]);
      const values = await sqlValues(db, '2017-04');
      expect(figures(values.get('CSC-11'))).toEqual({ numerator: 3, denominator: null, value: 3, ytd_numerator: 3, ytd_denominator: null, ytd_value: 3 });
    });
  });
});

describe('CSC-13 and CSC-14 section 47 enquiries', () => {
  it('rates S47 starts over the rolling year and times ICPCs in working days', async () => {
    await withDb(async (db) => {
      const s47 = (id: string, strategy: string, start: string, icpc?: string) =>
        ({ s47_id: id, child_id: child(id), strategy_date: strategy, start_date: start, icpc_date: icpc ?? null });
      await db.insert('s47_enquiries', [
        s47('S0', '2016-04-29', '2016-04-30'), // starts before the window (1 May 2016)
        s47('S1', '2016-05-01', '2016-05-01'), // in
        // wd(Fri 24 Mar, Thu 13 Apr) = 5 + 5 + 4 = 14 -> in time
        s47('S2', '2017-03-24', '2017-03-24', '2017-04-13'),
        // wd(Fri 24 Mar, Tue 18 Apr) = 14 + 1 (14th and 17th are bank holidays) = 15 -> in time
        s47('S3', '2017-03-24', '2017-03-24', '2017-04-18'),
        // wd(Thu 23 Mar, Tue 18 Apr) = 16 -> late
        s47('S4', '2017-03-23', '2017-03-23', '2017-04-18'),
        s47('S5', '2017-04-30', '2017-04-30'), // in the window, no ICPC
        s47('S6', '2017-04-30', '2017-05-01', '2017-05-02'), // starts after Pend
      ]);
      await insertPopulation(db, '2017', 100);
      const values = await sqlValues(db, '2017-04');
      // CSC-13: S1, S2, S3, S4, S5 = 5 / 1,800 x 10,000
      expect(figures(values.get('CSC-13'))).toEqual({
        numerator: 5, denominator: 1800, value: (5 / 1800) * 10000, ytd_numerator: 5, ytd_denominator: 1800, ytd_value: (5 / 1800) * 10000,
      });
      // CSC-14: ICPCs in April S2, S3, S4 = 3; in 15 wd: S2, S3 = 2
      expect(figures(values.get('CSC-14'))).toEqual({ numerator: 2, denominator: 3, value: 200 / 3, ytd_numerator: 2, ytd_denominator: 3, ytd_value: 200 / 3 });
    });
  });
});

describe('CSC-15 and CSC-16 children in need and on plans', () => {
  it('counts distinct children with a CIN episode or CP plan open at Pend', async () => {
    await withDb(async (db) => {
      await db.insert('cin_episodes', [
        { episode_id: 'E1', child_id: child('a'), start_date: '2017-01-01' }, // open
        { episode_id: 'E2', child_id: child('b'), start_date: '2017-01-01', end_date: '2017-04-30' }, // ends on Pend: closed
        { episode_id: 'E3', child_id: child('c'), start_date: '2017-01-01', end_date: '2017-05-01' }, // open
      ]);
      await db.insert('cp_plans', [
        { plan_id: 'P1', child_id: child('a'), start_date: '2017-02-01', category: 'NEGLECT' }, // open, child a already counted
        { plan_id: 'P2', child_id: child('d'), start_date: '2017-04-30', category: 'EMOTIONAL' }, // starts on Pend: open
        { plan_id: 'P3', child_id: child('e'), start_date: '2017-05-01', category: 'EMOTIONAL' }, // after Pend
      ]);
      await insertPopulation(db, '2016', 100);
      const values = await sqlValues(db, '2017-04');
      // CSC-15: a, c, d = 3; CSC-16: a, d = 2; pop(0-17) = 1,800
      expect(figures(values.get('CSC-15'))).toMatchObject({ numerator: 3, denominator: 1800, value: (3 * 10000) / 1800, ytd_value: (3 * 10000) / 1800 });
      expect(figures(values.get('CSC-16'))).toMatchObject({ numerator: 2, denominator: 1800, value: (2 * 10000) / 1800, ytd_numerator: 2 });
    });
  });
});

describe('CSC-17 and CSC-18 child protection plans', () => {
  it('finds repeat plans within exactly 730 days and plans that lasted 730 days or more', async () => {
    await withDb(async (db) => {
      const plan = (id: string, who: string, start: string, end?: string) =>
        ({ plan_id: id, child_id: child(who), start_date: start, end_date: end ?? null, category: 'NEGLECT' });
      await db.insert('cp_plans', [
        // 20 Apr 2015 -> 19 Apr 2017 = 366 (leap 2016) + 364 = 730 days -> repeat
        plan('A1', 'a', '2014-01-01', '2015-04-20'), plan('A2', 'a', '2017-04-19'),
        // 20 Apr 2015 -> 20 Apr 2017 = 731 days -> not a repeat
        plan('B1', 'b', '2014-01-01', '2015-04-20'), plan('B2', 'b', '2017-04-20'),
        // ended the day the new plan starts: 0 days -> repeat; C1 lasted 6 Apr 2015 -> 5 Apr 2017 = 366 + 364 = 730 days -> long
        plan('C1', 'c', '2015-04-06', '2017-04-05'), plan('C2', 'c', '2017-04-05'),
        plan('D1', 'd', '2017-04-10'), // first plan
        plan('E1', 'e', '2015-04-09', '2017-04-07'), // 729 days -> not long
        plan('F1', 'f', '2016-01-01', '2017-04-28'),
      ]);
      const values = await sqlValues(db, '2017-04');
      // CSC-17: starting in April A2, B2, C2, D1 = 4; repeats A2, C2 = 2
      expect(figures(values.get('CSC-17'))).toEqual({ numerator: 2, denominator: 4, value: 50, ytd_numerator: 2, ytd_denominator: 4, ytd_value: 50 });
      // CSC-18: ended in April C1, E1, F1 = 3; long: C1 = 1
      expect(figures(values.get('CSC-18'))).toEqual({ numerator: 1, denominator: 3, value: 100 / 3, ytd_numerator: 1, ytd_denominator: 3, ytd_value: 100 / 3 });
    });
  });
});
