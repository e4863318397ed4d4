import { describe, expect, it } from 'vitest';
import { figures, insertPopulation, pseudo, sqlValues, withDb } from './fixtures';

const person = (n: string) => pseudo(`police-${n}`);
const family = (n: string) => pseudo(`family-${n}`);

describe('POL-01 and POL-02 missing episodes', () => {
  it('counts distinct people and episodes by UK date, with the YTD counting each person once', async () => {
    await withDb(async (db) => {
      const ep = (ref: string, who: string, at: string) =>
        ({ episode_ref: ref, person_ref: person(who), date_of_birth: '2005-01-01', reported_at: at });
      await db.insert('missing_episodes', [
        ep('E1', 'p1', '2017-04-02T10:00:00Z'),
        ep('E2', 'p1', '2017-04-20T10:00:00Z'),
        ep('E3', 'p2', '2017-04-21T10:00:00Z'),
        ep('E4', 'p3', '2017-03-31T23:30:00Z'), // 1 April 00:30 in the UK
        ep('E5', 'p1', '2017-04-30T23:30:00Z'), // 1 May 00:30 in the UK
      ]);
      const april = await sqlValues(db, '2017-04');
      // April: E1, E2, E3, E4 = 4 episodes of p1, p2, p3 = 3 people
      expect(figures(april.get('POL-01'))).toEqual({ numerator: 3, denominator: null, value: 3, ytd_numerator: 3, ytd_denominator: null, ytd_value: 3 });
      expect(figures(april.get('POL-02'))).toEqual({ numerator: 4, denominator: null, value: 4, ytd_numerator: 4, ytd_denominator: null, ytd_value: 4 });
      const may = await sqlValues(db, '2017-05');
      // May: E5 (p1); YTD: 5 episodes of 3 people (p1 counted once)
      expect(figures(may.get('POL-01'))).toEqual({ numerator: 1, denominator: null, value: 1, ytd_numerator: 3, ytd_denominator: null, ytd_value: 3 });
      expect(figures(may.get('POL-02'))).toEqual({ numerator: 1, denominator: null, value: 1, ytd_numerator: 5, ytd_denominator: null, ytd_value: 5 });
    });
  });
});

describe('POL-03 return interviews', () => {
  it('counts returns in the month with an interview within exactly 72 hours, once per episode', async () => {
    await withDb(async (db) => {
      const ep = (ref: string, reported: string, returned: string | null) =>
        ({ episode_ref: ref, person_ref: person(ref), date_of_birth: '2005-01-01', reported_at: reported, returned_at: returned });
      await db.insert('missing_episodes', [
        ep('E1', '2017-04-01T10:00:00Z', '2017-04-02T10:00:00Z'),
        ep('E2', '2017-04-01T10:00:00Z', '2017-04-02T10:00:00Z'),
        ep('E3', '2017-04-09T10:00:00Z', '2017-04-10T10:00:00Z'),
        ep('E4', '2017-04-09T10:00:00Z', null),
        ep('E5', '2017-03-30T10:00:00Z', '2017-04-01T10:00:00Z'), // reported in March, returned in April
      ]);
      await db.insert('return_interviews', [
        { interview_id: 'I1', episode_ref: 'E1', completed_at: '2017-04-05T10:00:00Z' }, // exactly 72 h
        { interview_id: 'I2', episode_ref: 'E2', completed_at: '2017-04-05T10:00:01Z' }, // 72 h and 1 s
        { interview_id: 'I3', episode_ref: 'E3', completed_at: '2017-04-10T09:00:00Z' }, // before the return
        { interview_id: 'I4', episode_ref: 'E3', completed_at: '2017-04-11T10:00:00Z' }, // in time
        { interview_id: 'I5', episode_ref: 'E3', completed_at: '2017-04-12T10:00:00Z' }, // a second one: still one episode
      ]);
      const values = await sqlValues(db, '2017-04');
      // returns in April: E1, E2, E3, E5 = 4; timely: E1, E3 = 2
      expect(figures(values.get('POL-03'))).toEqual({ numerator: 2, denominator: 4, value: 50, ytd_numerator: 2, ytd_denominator: 4, ytd_value: 50 });
    });
  });
});

describe('YJ-01 first-time entrants', () => {
  it('counts distinct first-time entrants aged 10-17 on the outcome date over the rolling year per 100,000', async () => {
    await withDb(async (db) => {
      const outcome = (ref: string, who: string, dob: string, date: string, fte: boolean) =>
        ({ outcome_ref: ref, person_ref: person(who), date_of_birth: dob, outcome_date: date, outcome: 'YOUTH_CAUTION', first_time_entrant: fte });
      await db.insert('youth_justice_outcomes', [
        outcome('Y1', 'a', '2007-05-01', '2017-04-30', true), // aged 9 (10 on 1 May)
        outcome('Y2', 'b', '1999-05-01', '2017-04-30', true), // aged 17
        outcome('Y3', 'c', '1999-04-01', '2017-04-30', true), // turned 18 in April
        outcome('Y4', 'd', '2005-01-01', '2016-06-01', true), // aged 11
        outcome('Y5', 'd', '2005-01-01', '2016-09-01', true), // the same person again
        outcome('Y6', 'e', '2005-01-01', '2016-10-01', false), // not a first-time entrant
        outcome('Y7', 'f', '2005-01-01', '2016-04-30', true), // before the window
      ]);
      await insertPopulation(db, '2016', 100);
      const values = await sqlValues(db, '2017-04');
      // b and d = 2; pop(10-17) = 8 x 100 = 800; 2 / 800 x 100,000 = 250
      expect(figures(values.get('YJ-01'))).toEqual({ numerator: 2, denominator: 800, value: 250, ytd_numerator: 2, ytd_denominator: 800, ytd_value: 250 });
    });
  });
});

describe('EH-01..04 early help', () => {
  it('times triage and assessments in working days across Easter, counts partner assessments and open families', async () => {
    await withDb(async (db) => {
      const eh = (id: string, fam: string, contact: string, extra: Record<string, unknown> = {}) =>
        ({ episode_id: id, family_id: family(fam), contact_date: contact, ...extra });
      await db.insert('early_help', [
        // triage wd(Mon 10 Apr, Tue 18 Apr) = 11, 12, 13, 18 = 4 -> in time;
        // assessment wd(1 Mar, Thu 20 Apr) = 22 + 5 + 4 + 3 = 34 -> in time, by a partner; open family f1
        eh('H1', 'f1', '2017-04-10', { triage_date: '2017-04-18', assessment_start: '2017-03-01', assessment_completed: '2017-04-20', assessment_by: 'PARTNER' }),
        // triage wd(Fri 7 Apr, Wed 19 Apr) = 6 -> late; assessment wd(1 Mar, Mon 24 Apr) = 36 -> late; family f1 again, closes after Pend
        eh('H2', 'f1', '2017-04-07', { triage_date: '2017-04-19', assessment_start: '2017-03-01', assessment_completed: '2017-04-24', assessment_by: 'LA', closed_date: '2017-05-01' }),
        // triage wd(Fri 7 Apr, Tue 18 Apr) = 5 -> in time; assessment wd(1 Mar, Fri 21 Apr) = 35 -> in time, by the LA; closed on Pend
        eh('H3', 'f2', '2017-04-07', { triage_date: '2017-04-18', assessment_start: '2017-03-01', assessment_completed: '2017-04-21', assessment_by: 'LA', closed_date: '2017-04-30' }),
        eh('H4', 'f3', '2017-04-25', { triage_date: '2017-05-02' }), // triaged in May; open family
        eh('H5', 'f4', '2017-05-01'), // contact after Pend
      ]);
      const values = await sqlValues(db, '2017-04');
      expect(figures(values.get('EH-01'))).toEqual({ numerator: 2, denominator: 3, value: 200 / 3, ytd_numerator: 2, ytd_denominator: 3, ytd_value: 200 / 3 });
      expect(figures(values.get('EH-02'))).toEqual({ numerator: 2, denominator: 3, value: 200 / 3, ytd_numerator: 2, ytd_denominator: 3, ytd_value: 200 / 3 });
      expect(figures(values.get('EH-03'))).toEqual({ numerator: 1, denominator: 3, value: 100 / 3, ytd_numerator: 1, ytd_denominator: 3, ytd_value: 100 / 3 });
      // open at Pend: f1 (H1, H2), f3 (H4) = 2
      expect(figures(values.get('EH-04'))).toEqual({ numerator: 2, denominator: null, value: 2, ytd_numerator: 2, ytd_denominator: null, ytd_value: 2 });
    });
  });
});
