/**
 * Snapshot extracts as a case-management system would produce them on a given date:
 * records that had started by then, with every later event (a decision, a completion,
 * an end) still blank. The same records therefore give the latest extract and an older
 * one that a partner sends late.
 */
import { ageAt, dayOfTime } from './calendar';
import type { Health } from './health';
import type { Person } from './people';
import type { Police } from './police';
import type { Random } from './random';
import type { SocialCare } from './social-care';
import type { Row, Table } from './table';

const known = (day: number | undefined, asAt: number) => (day !== undefined && day <= asAt ? { day } : null);
const knownTime = (time: number | undefined, asAt: number) =>
  (time !== undefined && dayOfTime(time) <= asAt ? { time } : null);

/** Reasons a period of care ends when a young person leaves care as a young adult. */
const LEAVING_CARE = new Set(['E17', 'E5', 'E6', 'E8']);
const EET = ['F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5'] as const;
const SUITABLE = ['B1', 'C1', 'D1', 'E1', 'G1', 'H1', 'K1', 'R1', 'T1', 'U1', 'V1', 'W1', 'Y1', 'Z1'] as const;
const UNSUITABLE = ['B2', 'C2', 'D2', 'E2', 'G2', 'H2', 'R2', 'S2', 'T2', 'U2', 'W2', 'X2', 'Y2', 'Z2'] as const;

/** Every council snapshot dataset as at `asAt`, plus the children they mention. */
export function councilExtract(care: SocialCare, police: Police, health: Health, asAt: number, random: Random): Table[] {
  const mentioned = new Set<Person>();
  const mention = (p: Person | undefined) => {
    if (p) mentioned.add(p);
    return p?.childId ?? null;
  };

  const contacts: Row[] = care.contacts.filter((c) => dayOfTime(c.at) <= asAt).map((c) => {
    const decided = knownTime(c.decisionAt, asAt);
    return { contact_id: c.id, child_id: mention(c.child), contact_at: { time: c.at }, source: c.source, decision_at: decided, outcome: decided ? c.outcome : null };
  });
  const referrals: Row[] = care.referrals.filter((r) => dayOfTime(r.at) <= asAt).map((r) => ({
    referral_id: r.id, child_id: mention(r.child), referral_at: { time: r.at }, source: r.source, decision_at: knownTime(r.decisionAt, asAt),
  }));
  const assessments: Row[] = care.assessments.filter((a) => a.start <= asAt).map((a) => {
    const completed = known(a.completed, asAt);
    return { assessment_id: a.id, child_id: mention(a.child), referral_id: a.referralId, start_date: { day: a.start }, completed_date: completed, outcome: completed ? a.outcome : null };
  });
  const s47: Row[] = care.s47.filter((s) => s.start <= asAt).map((s) => {
    const completed = known(s.completed, asAt);
    return {
      s47_id: s.id, child_id: mention(s.child), strategy_date: { day: s.strategy }, start_date: { day: s.start },
      completed_date: completed, outcome: completed ? s.outcome : null, icpc_date: known(s.icpc, asAt),
    };
  });
  const cin: Row[] = care.cin.filter((e) => e.start <= asAt).map((e) => ({
    episode_id: e.id, child_id: mention(e.child), start_date: { day: e.start }, end_date: known(e.end, asAt), primary_need: e.need,
  }));
  const plans: Row[] = care.plans.filter((p) => p.start <= asAt).map((p) => ({
    plan_id: p.id, child_id: mention(p.child), start_date: { day: p.start }, end_date: known(p.end, asAt), category: p.category,
  }));
  const episodes: Row[] = care.periods.flatMap((p) => p.episodes).filter((e) => e.decom <= asAt).map((e) => {
    const dec = known(e.dec, asAt);
    return {
      child_id: mention(e.child), decom: { day: e.decom }, rne: e.rne, ls: e.ls, cin: e.cin, place: e.place,
      place_provider: e.provider, dec, rec: dec ? e.rec : null,
    };
  });
  const adoptions: Row[] = care.adoptions.filter((a) => a.shouldBePlaced <= asAt).map((a) => ({
    child_id: mention(a.child), date_entered_care: { day: a.enteredCare }, date_should_be_placed: { day: a.shouldBePlaced },
    date_placement_order: known(a.placementOrder, asAt), date_matched: known(a.matched, asAt), date_placed: known(a.placed, asAt),
    date_adopted: known(a.adopted, asAt),
  }));
  // Care leavers: young people aged 17–21 who left care at 16 or older after at least 13 weeks.
  const leavers: Row[] = [];
  const seen = new Set<Person>();
  for (const p of care.periods) {
    const age = ageAt(p.child.dob, asAt);
    if (p.end > asAt || !LEAVING_CARE.has(p.reason) || age < 17 || age > 21 || seen.has(p.child)) continue;
    if (ageAt(p.child.dob, p.end) < 16 || p.end - p.start < 91) continue;
    seen.add(p.child);
    const r = random.fork(`leaver:${p.child.index}`);
    const inTouch = r.weighted([['YES', 88], ['NO', 5], ['REFU', 3], ['NREQ', 2], ['RHOM', 1.5], ['DIED', 0.5]]);
    const contact = inTouch === 'YES';
    leavers.push({
      child_id: mention(p.child), date_of_birth: { day: p.child.dob }, in_touch: inTouch,
      activity: contact ? (r.chance(0.55) ? r.pick(EET) : r.pick(['G4', 'G5', 'G6'])) : '0',
      accommodation: contact ? (r.chance(0.86) ? r.pick(SUITABLE) : r.pick(UNSUITABLE)) : '0',
    });
  }
  const interviews: Row[] = police.interviews.filter((i) => dayOfTime(i.offeredAt) <= asAt).map((i) => ({
    interview_id: i.id, episode_ref: i.episode.ref, child_id: mention(i.episode.person),
    offered_at: { time: i.offeredAt }, completed_at: knownTime(i.completedAt, asAt),
  }));
  const earlyHelp: Row[] = care.earlyHelp.filter((e) => e.contact <= asAt).map((e) => {
    const started = known(e.assessmentStart, asAt);
    return {
      episode_id: e.id, family_id: e.familyId, child_id: mention(e.child), contact_date: { day: e.contact },
      triage_date: known(e.triage, asAt), allocated_date: known(e.allocated, asAt), assessment_start: started,
      assessment_completed: known(e.assessmentCompleted, asAt), assessment_by: started ? e.by : null, closed_date: known(e.closed, asAt),
    };
  });
  // Children matched by the police hub or named in health assessments are known to the council too.
  for (const m of police.missing) if (m.matched && dayOfTime(m.reportedAt) <= asAt) mentioned.add(m.person);
  for (const a of health.assessments) if (a.completed <= asAt) mentioned.add(a.child);

  const children: Row[] = [...mentioned].sort((a, b) => a.index - b.index).map((p) => {
    const r = random.fork(`child:${p.index}`);
    return {
      child_id: p.childId, upn: r.chance(0.9) ? p.upn : null, nhs_number: r.chance(0.96) ? p.nhs : null,
      date_of_birth: { day: p.dob }, sex: p.sex === 'M' ? 1 : 2, ethnicity: p.ethnicity, postcode: p.postcode,
    };
  });

  return [
    { dataset: 'children', rows: children, headers: { child_id: 'CHILD', nhs_number: 'nhs_no', date_of_birth: 'dob', sex: 'gender', ethnicity: 'ETHNIC' } },
    { dataset: 'contacts', rows: contacts },
    { dataset: 'referrals', rows: referrals },
    { dataset: 'assessments', rows: assessments },
    { dataset: 's47_enquiries', rows: s47 },
    { dataset: 'cin_episodes', rows: cin },
    { dataset: 'cp_plans', rows: plans },
    {
      dataset: 'lac_episodes', rows: episodes,
      // The SSDA903 "Episodes" layout, upper-case headers.
      headers: { child_id: 'CHILD', decom: 'DECOM', rne: 'RNE', ls: 'LS', cin: 'CIN', place: 'PLACE', place_provider: 'PLACE_PROVIDER', dec: 'DEC', rec: 'REC' },
    },
    { dataset: 'adoptions', rows: adoptions },
    { dataset: 'care_leavers', rows: leavers, headers: { child_id: 'CHILD', date_of_birth: 'DOB', in_touch: 'IN_TOUCH', activity: 'ACTIV', accommodation: 'ACCOM' } },
    { dataset: 'return_interviews', rows: interviews },
    { dataset: 'early_help', rows: earlyHelp },
  ];
}

/** The CAMHS provider's referral list as at `asAt`. */
export function camhsExtract(health: Health, asAt: number): Table {
  return {
    dataset: 'camhs_referrals',
    rows: health.camhs.filter((c) => c.referral <= asAt).map((c) => ({
      referral_ref: c.ref, nhs_number: c.child.nhs, referral_date: { day: c.referral },
      triage_date: known(c.triage, asAt), assessment_date: known(c.assessment, asAt),
    })),
  };
}
