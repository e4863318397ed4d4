/**
 * Police data and the council's follow-up: missing-person episodes (with the council's
 * child id where the hub matched the child), the return interviews that follow them, and
 * youth justice outcomes with first-time entrants.
 */
import { addYears, ageAt, at, partsOf } from './calendar';
import type { Person, Register } from './people';
import type { Random } from './random';
import type { SocialCare } from './social-care';

export interface MissingEpisode {
  ref: string; person: Person; matched: boolean; reportedAt: number; returnedAt: number; risk: string;
}
export interface ReturnInterview { id: string; episode: MissingEpisode; offeredAt: number; completedAt?: number }
export interface YouthJusticeOutcome { ref: string; person: Person; date: number; outcome: string; firstTimeEntrant: boolean }

export interface Police { missing: MissingEpisode[]; interviews: ReturnInterview[]; outcomes: YouthJusticeOutcome[] }

/** Yearly volumes for 56,000 children. */
const PER_YEAR = { missing: 1_200, firstTimeEntrants: 110, priorOffenders: 40 } as const;

export function simulatePolice(options: {
  register: Register; care: SocialCare; random: Random; scale: number;
  /** First day of youth justice history (first-time entrants need it). */
  from: number;
  /** First day of missing episodes: the police send only the months of the window. */
  missingFrom: number;
  to: number;
}): Police {
  const { register, care, scale, from, missingFrom, to } = options;
  const random = options.random.fork('police');
  const out: Police = { missing: [], interviews: [], outcomes: [] };
  let nextRef = random.int(10_000_000, 19_000_000);
  const personRef = (p: Person) => (p.personRef ??= `P${nextRef++}`);
  const prone: Person[] = [];
  const periods = care.periods;
  const referrals = care.referrals;
  const known = new Set<Person>([...periods.map((p) => p.child), ...referrals.map((r) => r.child)]);
  const under18 = (p: Person, day: number) => ageAt(p.dob, day) < 18 && ageAt(p.dob, day) >= 8;

  const missingPerDay = (PER_YEAR.missing * scale) / 365.25;
  for (let day = missingFrom; day <= to; day++) {
    const r = random.fork(`missing:${day}`);
    for (let i = r.poisson(missingPerDay); i > 0; i--) {
      let person: Person | undefined;
      if (prone.length && r.chance(0.55)) person = r.pick(prone);
      else if (r.chance(0.45)) {
        const open = periods.filter((p) => p.start <= day && p.end > day && ageAt(p.child.dob, day) >= 10);
        person = open.length ? r.pick(open).child : undefined;
      } else if (r.chance(0.6) && referrals.length) person = r.pick(referrals).child;
      else person = register.childAged(day, 11, 17, r);
      if (!person || !under18(person, day)) continue;
      if (!prone.includes(person)) prone.push(person);
      personRef(person);
      const reportedAt = at(day, r.weighted([[7, 1], [10, 2], [14, 3], [17, 6], [20, 6], [22, 4]]) + r.int(0, 1), r.int(0, 59));
      const episode: MissingEpisode = {
        ref: `MP/${partsOf(day).y}/${String(out.missing.length + 1).padStart(6, '0')}`,
        person,
        matched: known.has(person) ? r.chance(0.93) : r.chance(0.3),
        reportedAt,
        returnedAt: reportedAt + Math.max(30, Math.round(r.logNormal(9 * 60, 1.1))),
        risk: r.weighted([['LOW', 25], ['MEDIUM', 62], ['HIGH', 13]]),
      };
      // Nobody is found in the hour that the clocks skip: keep returns out of 01:00–01:59.
      if (Math.floor((episode.returnedAt % 1440) / 60) === 1) episode.returnedAt += 60;
      out.missing.push(episode);
      if (episode.matched) {
        const hours = r.weighted<[number, number] | null>([[[8, 71], 68], [[73, 240], 14], [null, 18]]);
        const completedAt = hours ? episode.returnedAt + r.int(hours[0], hours[1]) * 60 : undefined;
        const offeredAt = episode.returnedAt + r.int(1, hours ? Math.min(30, hours[0] - 1) : 48) * 60;
        out.interviews.push({ id: `RI${String(out.interviews.length + 1).padStart(6, '0')}`, episode, offeredAt, completedAt });
      }
    }
  }

  // Youth justice: first-time entrants aged 10–17, some of whom offend again.
  const offended = new Set<Person>();
  const outcomes: YouthJusticeOutcome[] = [];
  const firstAge: readonly (readonly [number, number])[] = [[10, 2], [11, 3], [12, 6], [13, 10], [14, 15], [15, 20], [16, 22], [17, 22]];
  for (let day = from; day <= to; day++) {
    const r = random.fork(`yj:${day}`);
    for (let i = r.poisson((PER_YEAR.firstTimeEntrants * scale) / 365.25); i > 0; i--) {
      const age = r.weighted(firstAge);
      const person = register.childAged(day, age, age, r);
      if (!person || offended.has(person)) continue;
      offended.add(person);
      personRef(person);
      outcomes.push({ ref: '', person, date: day, outcome: r.weighted([['YOUTH_CAUTION', 40], ['CONDITIONAL_CAUTION', 20], ['REFERRAL_ORDER', 30], ['CONVICTION', 10]]), firstTimeEntrant: true });
      let next = day;
      while (r.chance(0.4)) {
        next += r.int(30, 400);
        if (next > to || next >= addYears(person.dob, 19)) break;
        outcomes.push({ ref: '', person, date: next, outcome: r.weighted([['CONVICTION', 50], ['REFERRAL_ORDER', 30], ['CONDITIONAL_CAUTION', 20]]), firstTimeEntrant: false });
      }
    }
    // Young people whose first outcome was before the records begin.
    for (let i = r.poisson((PER_YEAR.priorOffenders * scale) / 365.25); i > 0; i--) {
      const person = register.childAged(day, 14, 17, r);
      if (!person || offended.has(person)) continue;
      offended.add(person);
      personRef(person);
      outcomes.push({ ref: '', person, date: day, outcome: r.weighted([['CONVICTION', 60], ['REFERRAL_ORDER', 40]]), firstTimeEntrant: false });
    }
  }
  outcomes.sort((a, b) => a.date - b.date);
  outcomes.forEach((o, i) => { o.ref = `YJ${String(i + 1).padStart(6, '0')}`; });
  out.outcomes = outcomes;
  return out;
}

