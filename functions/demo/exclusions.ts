/**
 * Suspensions and permanent exclusions, on school days, mostly in secondary schools.
 */
import { academicYearOf, dayOf, isSchoolDay } from './calendar';
import type { Person, Register } from './people';
import type { Random } from './random';

export interface Exclusion { ref: string; pupil: Person; schoolUrn: string; date: number; permanent: boolean; sessions?: number }

/** Per pupil per school year. */
const RATE = { primarySuspension: 0.015, secondarySuspension: 0.13, primaryPermanent: 0.00005, secondaryPermanent: 0.0006 } as const;
const SCHOOL_DAYS_PER_YEAR = 190;

export function simulateExclusions(options: { register: Register; random: Random; from: number; to: number }): Exclusion[] {
  const { register, from, to } = options;
  const random = options.random.fork('exclusions');
  const people = register.people;
  // Reception year follows the academic year of birth (4 years on), and people are sorted
  // by date of birth, so a range of Reception years is a range of indexes.
  const firstWithReception = (year: number) => register.firstBornFrom(dayOf(year - 4, 9, 1));
  const out: Exclusion[] = [];
  for (let day = from; day <= to; day++) {
    if (!isSchoolDay(day)) continue;
    const r = random.fork(`day:${day}`);
    const ay = academicYearOf(day);
    const phases = [
      { lo: firstWithReception(ay - 6), hi: firstWithReception(ay + 1), secondary: false },
      { lo: firstWithReception(ay - 11), hi: firstWithReception(ay - 6), secondary: true },
    ];
    for (const { lo, hi, secondary } of phases) {
      const pupils = hi - lo;
      if (pupils <= 0) continue;
      const draw = (perYear: number, permanent: boolean) => {
        for (let i = r.poisson((pupils * perYear) / SCHOOL_DAYS_PER_YEAR); i > 0; i--) {
          const pupil = people[r.int(lo, hi - 1)];
          out.push({
            ref: '', pupil, schoolUrn: secondary ? pupil.secondaryUrn : pupil.primaryUrn, date: day, permanent,
            sessions: permanent ? undefined : r.weighted([[1, 10], [2, 40], [3, 8], [4, 17], [6, 12], [10, 13]]),
          });
        }
      };
      draw(secondary ? RATE.secondarySuspension : RATE.primarySuspension, false);
      draw(secondary ? RATE.secondaryPermanent : RATE.primaryPermanent, true);
    }
  }
  out.forEach((e, i) => { e.ref = `EX${String(i + 1).padStart(6, '0')}`; });
  return out;
}
