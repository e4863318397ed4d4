/**
 * The council's children's social care and early help, simulated day by day: contacts
 * at the front door, referrals, assessments, section 47 enquiries and conferences, child
 * protection plans, children in need, periods of care as chains of SSDA903 episodes,
 * adoptions and care leavers. Every record follows from an earlier one of the same
 * child, and follow-ups may lie after the extract date: the extract shows each record as
 * it stood on its date (see `extracts.ts`).
 */
import { addWorkingDays, addYears, ageAt, at, dayOfTime, isWorkingDay, weekday } from './calendar';
import type { Person, Register } from './people';
import type { Random } from './random';

export interface Contact { id: string; child: Person; at: number; source: string; decisionAt?: number; outcome?: string }
export interface Referral { id: string; child: Person; at: number; source: string; decisionAt?: number }
export interface Assessment { id: string; child: Person; referralId: string; start: number; completed?: number; outcome?: string }
export interface S47 { id: string; child: Person; strategy: number; start: number; completed?: number; outcome?: string; icpc?: number }
export interface Plan { id: string; child: Person; start: number; end?: number; category: string; removed?: boolean }
export interface CinEpisode { id: string; child: Person; start: number; end?: number; need: string }
export interface LacEpisode {
  child: Person; decom: number; rne: string; ls: string; cin: string; place: string; provider: string; dec?: number; rec?: string;
}
export interface PeriodOfCare { child: Person; start: number; end: number; reason: string; episodes: LacEpisode[] }
export interface Adoption {
  child: Person; enteredCare: number; shouldBePlaced: number; placementOrder?: number; matched?: number; placed?: number; adopted?: number;
}
export interface EarlyHelp {
  id: string; familyId: string; child?: Person; contact: number; triage?: number; allocated?: number;
  assessmentStart?: number; assessmentCompleted?: number; by?: string; closed?: number;
}

export interface SocialCare {
  contacts: Contact[];
  referrals: Referral[];
  assessments: Assessment[];
  s47: S47[];
  plans: Plan[];
  cin: CinEpisode[];
  periods: PeriodOfCare[];
  adoptions: Adoption[];
  earlyHelp: EarlyHelp[];
}

export interface SocialCareOptions {
  register: Register;
  random: Random;
  /** Children aged 0–17 ÷ 56,000: every volume scales with it. */
  scale: number;
  /** First day of front-door history. */
  from: number;
  /** First day of care history: long-stay children entered care years before. */
  careFrom: number;
  /** Last day simulated (the extract date). */
  to: number;
}

/** Yearly volumes for 56,000 children (scorecard.md §7). */
const PER_YEAR = { contacts: 12_000, earlyHelpDirect: 1_500, careEntries: 160 } as const;
const SOURCES: readonly (readonly [string, number])[] = [
  ['POLICE', 29], ['EDUCATION', 20], ['HEALTH', 14], ['LA_INTERNAL', 10], ['PUBLIC', 8], ['OTHER_LA', 3], ['OTHER', 16],
];
const NEEDS: readonly (readonly [string, number])[] = [
  ['N1', 50], ['N2', 8], ['N3', 4], ['N4', 10], ['N5', 15], ['N6', 4], ['N7', 1], ['N8', 4], ['N9', 4],
];
/** Re-contacts come from children referred in the last year: this sets the re-referral rate. */
const RECONTACT_SHARE = 0.205;

const id = (prefix: string, n: number, width = 7) => `${prefix}${String(n).padStart(width, '0')}`;

/** A time on `day` during office hours, not before `notBefore`. */
function officeTime(random: Random, day: number, notBefore = 0): number {
  const t = at(day, random.int(8, 17), random.int(0, 59));
  return Math.max(t, notBefore + random.int(15, 120));
}

export function simulateSocialCare(options: SocialCareOptions): SocialCare {
  const { register, scale, from, careFrom, to } = options;
  const random = options.random.fork('social-care');
  const out: SocialCare = { contacts: [], referrals: [], assessments: [], s47: [], plans: [], cin: [], periods: [], adoptions: [], earlyHelp: [] };
  const plansOf = new Map<Person, Plan[]>();
  const recentReferrals: { child: Person; day: number }[] = [];
  let recentFrom = 0;
  const recentS47: { child: Person; day: number }[] = [];

  const addEarlyHelp = (r: Random, contactDay: number, child: Person | undefined, familyId: string) => {
    const triage = r.chance(0.93) ? addWorkingDays(contactDay + 1, r.int(0, 4)) : addWorkingDays(contactDay + 1, r.int(5, 12));
    const e: EarlyHelp = { id: id('EH', out.earlyHelp.length + 1, 6), familyId, child, contact: contactDay, triage };
    if (r.chance(0.9)) {
      e.allocated = triage + r.int(1, 10);
      if (r.chance(0.85)) {
        e.assessmentStart = e.allocated + r.int(0, 10);
        e.assessmentCompleted = addWorkingDays(e.assessmentStart, r.chance(0.92) ? r.int(8, 35) : r.int(36, 60));
        e.by = r.chance(0.45) ? 'PARTNER' : 'LA';
        e.closed = e.assessmentCompleted + Math.round(r.logNormal(120, 0.5));
      } else e.closed = e.allocated + r.int(20, 90);
    } else e.closed = triage + r.int(1, 15);
    out.earlyHelp.push(e);
  };

  const addPlan = (r: Random, child: Person, start: number) => {
    const end = start + Math.max(30, Math.round(r.logNormal(240, 0.6)));
    const existing = plansOf.get(child) ?? [];
    if (existing.some((p) => p.start < end && (p.end === undefined || start < p.end))) return undefined;
    const plan: Plan = {
      id: id('CP', out.plans.length + 1, 6), child, start, end,
      category: r.weighted([['NEGLECT', 48], ['EMOTIONAL', 35], ['PHYSICAL', 8], ['SEXUAL', 4], ['MULTIPLE', 5]]),
    };
    existing.push(plan);
    plansOf.set(child, existing);
    out.plans.push(plan);
    return plan;
  };

  const addReferral = (r: Random, contact: Contact) => {
    const referralAt = contact.decisionAt as number;
    const referral: Referral = {
      id: id('R', out.referrals.length + 1), child: contact.child, at: referralAt, source: contact.source,
      decisionAt: referralAt + (r.chance(0.935) ? r.int(60, 47 * 60) : r.int(49 * 60, 120 * 60)),
    };
    out.referrals.push(referral);
    recentReferrals.push({ child: contact.child, day: dayOfTime(referralAt) });
    const referralDay = dayOfTime(referralAt);
    const cin: CinEpisode = { id: id('CIN', out.cin.length + 1, 6), child: contact.child, start: referralDay, need: r.weighted(NEEDS) };
    out.cin.push(cin);
    if (!r.chance(0.94)) {
      cin.end = addWorkingDays(dayOfTime(referral.decisionAt as number), r.int(1, 10));
      return;
    }
    const start = addWorkingDays(dayOfTime(referral.decisionAt as number), r.weighted([[0, 5], [1, 3], [2, 1], [3, 1]]));
    const assessment: Assessment = {
      id: id('A', out.assessments.length + 1), child: contact.child, referralId: referral.id, start,
      completed: addWorkingDays(start, r.chance(0.865) ? r.int(10, 45) : r.int(46, 75)),
    };
    out.assessments.push(assessment);
    let plan: Plan | undefined;
    if (r.chance(0.26)) {
      const strategy = addWorkingDays(start, r.int(0, 6));
      const s47: S47 = {
        id: id('S', out.s47.length + 1, 6), child: contact.child, strategy, start: strategy + r.weighted([[0, 3], [1, 1]]),
      };
      s47.completed = addWorkingDays(s47.start, r.int(5, 20));
      s47.outcome = r.weighted([['SUBSTANTIATED_AT_RISK', 50], ['SUBSTANTIATED_NOT_AT_RISK', 18], ['NOT_SUBSTANTIATED', 32]]);
      if (s47.outcome === 'SUBSTANTIATED_AT_RISK') {
        s47.icpc = addWorkingDays(strategy, r.chance(0.8) ? r.int(7, 15) : r.int(16, 28));
        if (r.chance(0.88)) plan = addPlan(r, contact.child, s47.icpc);
      }
      out.s47.push(s47);
      recentS47.push({ child: contact.child, day: strategy });
    }
    assessment.outcome = plan || r.chance(0.3) ? 'ONGOING' : r.weighted([['NFA', 55], ['STEP_DOWN', 32], ['OUT_OF_AREA', 4], ['OTHER', 9]]);
    const completed = assessment.completed as number;
    cin.end = assessment.outcome === 'ONGOING'
      ? Math.max(plan?.end ?? 0, completed + Math.round(r.logNormal(170, 0.7)))
      : completed;
  };

  // Front door: contacts arrive every day, mostly on weekdays.
  const contactsPerDay = (PER_YEAR.contacts * scale) / 365.25;
  const ehPerDay = (PER_YEAR.earlyHelpDirect * scale) / 365.25;
  for (let day = from; day <= to; day++) {
    const r = random.fork(`day:${day}`);
    const workday = isWorkingDay(day);
    const n = r.poisson(contactsPerDay * (workday ? 1.3 : weekday(day) === 0 || weekday(day) === 6 ? 0.25 : 0.4));
    while (recentFrom < recentReferrals.length && recentReferrals[recentFrom].day < day - 365) recentFrom++;
    for (let i = 0; i < n; i++) {
      const child = r.chance(RECONTACT_SHARE) && recentFrom < recentReferrals.length
        ? recentReferrals[r.int(recentFrom, recentReferrals.length - 1)].child
        : register.childAged(day, 0, 17, r);
      if (!child || ageAt(child.dob, day) > 17) continue;
      const contactAt = workday ? at(day, r.int(7, 19), r.int(0, 59)) : at(day, r.int(9, 22), r.int(0, 59));
      const contact: Contact = { id: id('CT', out.contacts.length + 1), child, at: contactAt, source: r.weighted(SOURCES) };
      const lag = r.weighted([[0, 62], [1, 28], [2, 5], [3, 3], [5, 2]]);
      const decisionDay = lag === 0 && workday && contactAt < at(day, 16) ? day : addWorkingDays(day + 1, Math.max(0, lag - 1));
      contact.decisionAt = officeTime(r, decisionDay, decisionDay === day ? contactAt : 0);
      contact.outcome = r.weighted([['REFERRAL', 37.5], ['EARLY_HELP', 20], ['NFA', 30], ['INFORMATION', 12.5]]);
      out.contacts.push(contact);
      if (contact.outcome === 'REFERRAL') addReferral(r, contact);
      else if (contact.outcome === 'EARLY_HELP') addEarlyHelp(r, dayOfTime(contact.decisionAt), child, child.familyId);
    }
    if (workday) {
      for (let i = r.poisson(ehPerDay * 1.4); i > 0; i--) {
        const child = register.childAged(day, 0, 17, r);
        if (child) addEarlyHelp(r, day, r.chance(0.8) ? child : undefined, child.familyId);
      }
    }
  }

  simulateCare({ ...options, random: random.fork('care') }, out, plansOf, recentS47);
  return out;
}

const FOSTER: readonly (readonly [string, number])[] = [
  ['U1', 4], ['U2', 4], ['U3', 4], ['U4', 20], ['U5', 22], ['U6', 18], ['K2', 10], ['R1', 6], ['P1', 2], ['R2', 1], ['S1', 1], ['Z1', 1],
];
const SUPPORTED: readonly (readonly [string, number])[] = [['H5', 50], ['P2', 20], ['U4', 15], ['K2', 15]];

function provider(r: Random, place: string): string {
  if (place === 'R1' || place === 'P1') return 'PR0';
  return r.weighted([['PR1', 55], ['PR4', 33], ['PR2', 4], ['PR3', 3], ['PR5', 5]]);
}

/**
 * Periods of care: each child who enters care gets a plan for how it ends (home,
 * special guardianship, adoption, or leaving care at 18) and a chain of episodes for
 * its placement moves and legal-status changes.
 */
function simulateCare(
  options: SocialCareOptions, out: SocialCare, plansOf: Map<Person, Plan[]>, recentS47: { child: Person; day: number }[],
): void {
  const { register, scale, careFrom, from, to } = options;
  const random = options.random;
  const careUntil = new Map<Person, number>();
  const perDay = (PER_YEAR.careEntries * scale) / 365.25;
  let s47From = 0;
  for (let day = careFrom; day <= to; day++) {
    const r = random.fork(`care:${day}`);
    while (s47From < recentS47.length && recentS47[s47From].day < day - 120) s47From++;
    for (let i = r.poisson(perDay); i > 0; i--) {
      let child: Person | undefined;
      for (let attempt = 0; attempt < 6 && !child; attempt++) {
        const candidate = day >= from && s47From < recentS47.length && r.chance(0.6)
          ? recentS47[r.int(s47From, recentS47.length - 1)].child
          : (() => {
            const [lo, hi] = r.weighted<[number, number]>([[[0, 0], 18], [[1, 4], 17], [[5, 9], 18], [[10, 15], 38], [[16, 17], 9]]);
            return register.childAged(day, lo, hi, r);
          })();
        if (candidate && (careUntil.get(candidate) ?? -Infinity) < day && ageAt(candidate.dob, day) < 18
          && addYears(candidate.dob, 18) - day > 14) child = candidate;
      }
      if (!child) continue;
      const period = makePeriod(r, child, day);
      careUntil.set(child, period.end);
      out.periods.push(period);
      if (period.adoption) out.adoptions.push(period.adoption);
      // A child in care is no longer on a child protection plan.
      for (const plan of plansOf.get(child) ?? []) {
        if (plan.start >= day && plan.start < period.end) plan.removed = true;
        else if (plan.start < day && (plan.end === undefined || plan.end > day)) plan.end = day;
      }
      if (period.end >= from) {
        out.cin.push({ id: `CIN${String(out.cin.length + 1).padStart(6, '0')}`, child, start: day, end: period.end, need: period.episodes[0].cin });
      }
    }
  }
  out.plans = out.plans.filter((p) => !p.removed);
}

function makePeriod(r: Random, child: Person, start: number): PeriodOfCare & { adoption?: Adoption } {
  const age = ageAt(child.dob, start);
  const eighteen = addYears(child.dob, 18);
  const plan = r.weighted<'home' | 'sgo' | 'adoption' | 'adult' | 'other'>(
    age < 4 ? [['adoption', 30], ['sgo', 22], ['home', 30], ['adult', 18]]
      : age < 10 ? [['sgo', 25], ['home', 35], ['adult', 35], ['other', 5]]
        : [['home', 40], ['adult', 48], ['other', 7], ['sgo', 5]],
  );
  let endDay: number;
  let reason: string;
  let adoption: Adoption | undefined;
  switch (plan) {
    case 'home':
      endDay = start + Math.max(3, Math.round(r.logNormal(110, 1.1)));
      reason = r.weighted([['E13', 80], ['E4A', 20]]);
      break;
    case 'sgo':
      endDay = start + Math.round(r.logNormal(600, 0.4));
      reason = r.weighted([['E45', 40], ['E46', 40], ['E41', 10], ['E47', 5], ['E48', 5]]);
      break;
    case 'adoption': {
      const shouldBePlaced = start + r.int(100, 300);
      const placementOrder = shouldBePlaced + r.int(20, 120);
      const matched = placementOrder + Math.round(r.logNormal(170, 0.5));
      const placed = matched + r.int(10, 60);
      const adopted = placed + r.int(120, 400);
      adoption = { child, enteredCare: start, shouldBePlaced, placementOrder, matched, placed, adopted };
      endDay = adopted;
      reason = r.weighted([['E11', 70], ['E12', 30]]);
      break;
    }
    case 'adult':
      endDay = eighteen;
      reason = r.weighted([['E17', 20], ['E5', 45], ['E6', 15], ['E8', 20]]);
      break;
    default:
      endDay = start + Math.round(r.logNormal(300, 0.8));
      reason = r.weighted([['E3', 35], ['E9', 15], ['E8', 40], ['E16', 10]]);
  }
  if (endDay >= eighteen) {
    endDay = eighteen;
    reason = r.weighted([['E17', 20], ['E5', 45], ['E6', 15], ['E8', 20]]);
    adoption = undefined;
  }
  // The events of the period: placement moves (P), legal-status changes (L), both (T).
  const events: { day: number; rne: string; ls?: string; place?: string }[] = [];
  const moveRate = r.chance(0.18) ? 2.4 : 0.22;
  for (let d = start + Math.round(r.logNormal(365 / moveRate, 0.6)); d < endDay; d += Math.max(7, Math.round(r.logNormal(365 / moveRate, 0.6)))) {
    const old = ageAt(child.dob, d) >= 16;
    events.push({ day: d, rne: 'P', place: r.weighted(old ? SUPPORTED : FOSTER) });
  }
  let ls = age >= 10 && r.chance(0.05) ? 'J2' : r.weighted([['V2', 38], ['C2', 42], ['L1', 10], ['L2', 10]]);
  if (ls === 'L1' || ls === 'L2') events.push({ day: start + r.int(1, 3), rne: 'L', ls: r.chance(0.6) ? 'C2' : 'V2' });
  if (ls === 'C2' || events.some((e) => e.ls === 'C2')) events.push({ day: start + r.int(150, 320), rne: 'L', ls: 'C1' });
  if (adoption) {
    events.push({ day: adoption.placementOrder as number, rne: 'L', ls: 'E1' });
    events.push({ day: adoption.placed as number, rne: 'T', ls: 'E1', place: r.chance(0.6) ? 'A5' : 'A6' });
  }
  const inPeriod = events.filter((e) => e.day > start && e.day < endDay).sort((a, b) => a.day - b.day);
  const cin = r.weighted(NEEDS.slice(0, 8));
  let place = r.weighted(age >= 16 ? SUPPORTED : FOSTER);
  let prov = provider(r, place);
  const episodes: LacEpisode[] = [{ child, decom: start, rne: 'S', ls, cin, place, provider: prov }];
  let afterPlacementOrder = false;
  for (const e of inPeriod) {
    const last = episodes[episodes.length - 1];
    if (e.day === last.decom) continue;
    // Once the court has made a placement order the child stays put for adoption.
    if (afterPlacementOrder && e.rne === 'P') continue;
    if (afterPlacementOrder && e.ls && e.ls !== 'E1') continue;
    if (e.ls) ls = e.ls;
    if (ls === 'E1') afterPlacementOrder = true;
    if (e.place) {
      place = e.place;
      prov = provider(r, place);
    }
    last.dec = e.day;
    last.rec = 'X1';
    episodes.push({ child, decom: e.day, rne: e.rne, ls, cin, place, provider: prov });
  }
  const final = episodes[episodes.length - 1];
  final.dec = endDay;
  final.rec = reason;
  return { child, start, end: endDay, reason, episodes, adoption };
}
