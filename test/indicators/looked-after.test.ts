import { describe, expect, it } from 'vitest';
import { figures, insertPopulation, pseudo, sqlValues, withDb } from './fixtures';

// Period 2017-04: Pend = 30 April 2017; the rolling year starts Ws = 1 May 2016.
const child = (n: string) => pseudo(`child-${n}`);
const episode = (who: string, decom: string, rne: string, place: string, dec?: string, rec?: string) =>
  ({ child_id: child(who), decom, rne, ls: 'C2', cin: 'N1', place, dec: dec ?? null, rec: rec ?? null });

describe('CSC-19 and CSC-22 children looked after', () => {
  it('counts children with an episode open at Pend and those in family placements', async () => {
    await withDb(async (db) => {
      await db.insert('lac_episodes', [
        episode('a', '2016-01-01', 'S', 'U1'), // looked after, foster care
        episode('b', '2017-01-01', 'S', 'U1', '2017-04-30', 'E11'), // ceased on Pend: not looked after
        episode('c', '2017-04-30', 'S', 'K2'), // started on Pend: looked after, children's home
        episode('d', '2017-05-01', 'S', 'U1'), // after Pend
        episode('e', '2016-06-01', 'S', 'U3', '2017-03-01', 'X1'),
        episode('e', '2017-03-01', 'L', 'A4'), // open episode placed for adoption
      ]);
      await insertPopulation(db, '2017', 100);
      const values = await sqlValues(db, '2017-04');
      // looked after: a, c, e = 3 -> 3 / 1,800 x 10,000; family placements a (U1), e (A4) = 2 of 3
      expect(figures(values.get('CSC-19'))).toEqual({
        numerator: 3, denominator: 1800, value: (3 / 1800) * 10000, ytd_numerator: 3, ytd_denominator: 1800, ytd_value: (3 / 1800) * 10000,
      });
      expect(figures(values.get('CSC-22'))).toEqual({ numerator: 2, denominator: 3, value: 200 / 3, ytd_numerator: 2, ytd_denominator: 3, ytd_value: 200 / 3 });
    });
  });
});

describe('CSC-20 placement moves', () => {
  it('counts placements in the rolling year with the one carried in, and ignores L episodes', async () => {
    await withDb(async (db) => {
      await db.insert('lac_episodes', [
        // f: 1 carried in (open on Ws, started before) + P + T = 3 -> counted
        episode('f', '2016-03-01', 'S', 'U1', '2016-08-01', 'X1'),
        episode('f', '2016-08-01', 'P', 'U2', '2017-01-10', 'X1'),
        episode('f', '2017-01-10', 'T', 'U3'),
        // g: S starting on Ws (not carried in again) + an L episode (not a placement) = 1
        episode('g', '2016-05-01', 'S', 'U1', '2016-09-01', 'X1'),
        episode('g', '2016-09-01', 'L', 'U1'),
        // h: the episode open on Ws started on Ws with rne = L -> carried in (1) + P + B = 3 -> counted
        episode('h', '2016-01-01', 'S', 'U1', '2016-05-01', 'X1'),
        episode('h', '2016-05-01', 'L', 'U1', '2016-10-01', 'X1'),
        episode('h', '2016-10-01', 'P', 'U4', '2017-02-01', 'X1'),
        episode('h', '2017-02-01', 'B', 'U5'),
        // i: left care before Pend: not in the denominator
        episode('i', '2017-02-01', 'S', 'U1', '2017-03-01', 'E11'),
        // j: two periods of care; every S/P/U episode in the window counts = 4 -> counted
        episode('j', '2016-06-01', 'S', 'U1', '2016-07-01', 'X1'),
        episode('j', '2016-07-01', 'P', 'U1', '2016-08-01', 'X1'),
        episode('j', '2016-08-01', 'U', 'U1', '2016-09-01', 'E11'),
        episode('j', '2017-01-01', 'S', 'U1'),
      ]);
      const values = await sqlValues(db, '2017-04');
      // looked after at Pend: f, g, h, j = 4; with 3 or more placements: f, h, j = 3 -> 75 %
      expect(figures(values.get('CSC-20'))).toEqual({ numerator: 3, denominator: 4, value: 75, ytd_numerator: 3, ytd_denominator: 4, ytd_value: 75 });
    });
  });
});

describe('CSC-21 long-term placement stability', () => {
  it('uses chained periods of care, the current placement start, 913 and 730 days and age under 16', async () => {
    await withDb(async (db) => {
      // 913 days before 30 Apr 2017 is 30 Oct 2014; 730 days before is 1 May 2015.
      await db.insert('lac_episodes', [
        // k: period from 30 Oct 2014 (913 days), current placement from 1 May 2015 (730 days) -> num and den
        episode('k', '2014-10-30', 'S', 'U1', '2015-05-01', 'X1'),
        episode('k', '2015-05-01', 'P', 'U2'),
        // l: period from 31 Oct 2014 = 912 days -> not in the denominator
        episode('l', '2014-10-31', 'S', 'U1'),
        // m: aged 15 (16 on 1 May 2017); placement from 2 May 2015 = 729 days -> den only
        episode('m', '2014-01-01', 'S', 'U1', '2015-05-02', 'X1'),
        episode('m', '2015-05-02', 'P', 'U2'),
        // n: turned 16 on 1 April 2017 -> not in the denominator
        episode('n', '2014-01-01', 'S', 'U1'),
        // o: two L episodes change only the legal status: placement from 1 Jan 2014 -> num and den
        episode('o', '2014-01-01', 'S', 'U1', '2015-05-01', 'X1'),
        episode('o', '2015-05-01', 'L', 'U1', '2016-01-01', 'X1'),
        episode('o', '2016-01-01', 'L', 'U1'),
        // p: the first period ended (E11) on the day the next began: a new period from 1 Jan 2015 (850 days) -> not in den
        episode('p', '2013-01-01', 'S', 'U1', '2015-01-01', 'E11'),
        episode('p', '2015-01-01', 'S', 'U1'),
      ]);
      await db.insert('children', [
        { child_id: child('k'), date_of_birth: '2003-05-01', sex: 'F' },
        { child_id: child('l'), date_of_birth: '2003-05-01', sex: 'F' },
        { child_id: child('m'), date_of_birth: '2001-05-01', sex: 'M' },
        { child_id: child('n'), date_of_birth: '2001-04-01', sex: 'M' },
        { child_id: child('o'), date_of_birth: '2005-01-01', sex: 'U' },
        { child_id: child('p'), date_of_birth: '2005-01-01', sex: 'F' },
      ]);
      const values = await sqlValues(db, '2017-04');
      // denominator k, m, o = 3; numerator k, o = 2
      expect(figures(values.get('CSC-21'))).toEqual({ numerator: 2, denominator: 3, value: 200 / 3, ytd_numerator: 2, ytd_denominator: 3, ytd_value: 200 / 3 });
    });
  });
});

describe('CSC-23 and CSC-24 care leavers', () => {
  it('selects ages 19 to 21 at Pend, not deceased, and reads activity and accommodation codes', async () => {
    await withDb(async (db) => {
      const leaver = (who: string, dob: string, inTouch: string, activity: string | null, accommodation: string | null) =>
        ({ child_id: child(who), date_of_birth: dob, in_touch: inTouch, activity, accommodation });
      await db.insert('care_leavers', [
        leaver('q', '1998-04-01', 'YES', 'F1', 'B1'), // turned 19 in April: in; EET, suitable
        leaver('r', '1998-05-01', 'YES', 'F1', 'B1'), // 18 until May: out
        leaver('s', '1995-05-01', 'YES', 'G4', 'B2'), // 21 until May: in; NEET, unsuitable
        leaver('t', '1996-01-01', 'DIED', null, null), // deceased: out
        leaver('u', '1997-01-01', 'NO', null, 'Z1'), // 20: in; no activity, suitable
        leaver('v', '1995-04-01', 'YES', 'F1', 'B1'), // turned 22 in April: out
      ]);
      const values = await sqlValues(db, '2017-04');
      // denominator q, s, u = 3; EET q = 1; suitable q, u = 2
      expect(figures(values.get('CSC-23'))).toEqual({ numerator: 1, denominator: 3, value: 100 / 3, ytd_numerator: 1, ytd_denominator: 3, ytd_value: 100 / 3 });
      expect(figures(values.get('CSC-24'))).toEqual({ numerator: 2, denominator: 3, value: 200 / 3, ytd_numerator: 2, ytd_denominator: 3, ytd_value: 200 / 3 });
    });
  });
});

describe('CSC-25 and CSC-26 adoption timeliness', () => {
  it('averages days over adoptions in the 36 months ending Pend with the dates each measure needs', async () => {
    await withDb(async (db) => {
      await db.insert('adoptions', [
        // placed 365 days after entering care; matched 122 days after the order (Jun 30 + Jul 31 + Aug 31 + Sep 30)
        { child_id: child('w1'), date_entered_care: '2015-01-01', date_placement_order: '2015-06-01', date_matched: '2015-10-01', date_placed: '2016-01-01', date_adopted: '2017-04-30' },
        // first day of the window (1 May 2014); no placement order -> CSC-25 only
        { child_id: child('w2'), date_entered_care: '2013-01-01', date_matched: '2013-12-01', date_placed: '2014-01-01', date_adopted: '2014-05-01' },
        // adopted the day before the window
        { child_id: child('w3'), date_entered_care: '2012-01-01', date_placement_order: '2012-02-01', date_matched: '2012-03-01', date_placed: '2013-01-01', date_adopted: '2014-04-30' },
        // not yet placed -> CSC-26 only: 31 days
        { child_id: child('w4'), date_entered_care: '2015-01-01', date_placement_order: '2015-03-01', date_matched: '2015-04-01', date_adopted: '2016-06-01' },
      ]);
      const values = await sqlValues(db, '2017-04');
      // CSC-25: (365 + 365) / 2 = 365; CSC-26: (122 + 31) / 2 = 76.5
      expect(figures(values.get('CSC-25'))).toEqual({ numerator: 730, denominator: 2, value: 365, ytd_numerator: 730, ytd_denominator: 2, ytd_value: 365 });
      expect(figures(values.get('CSC-26'))).toEqual({ numerator: 153, denominator: 2, value: 76.5, ytd_numerator: 153, ytd_denominator: 2, ytd_value: 76.5 });
    });
  });
});
