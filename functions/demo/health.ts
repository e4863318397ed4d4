/**
 * NHS providers' data: health assessments of looked-after children (initial within
 * about 20 working days of entering care, reviews yearly, six-monthly under 5), CAMHS
 * referrals, and the National Child Measurement Programme in Reception and Year 6.
 */
import { addWorkingDays, ageAt, isSchoolDay, isWorkingDay, monthStart, monthEnd, monthIndex, partsOf } from './calendar';
import type { Person, Register, School } from './people';
import type { Random } from './random';
import type { SocialCare } from './social-care';

export interface HealthAssessment {
  ref: string; child: Person; type: 'IHA' | 'RHA'; requested?: number; completed: number; dental?: number; immunised: boolean; withNhs: boolean;
}
export interface CamhsReferral { ref: string; child: Person; referral: number; triage?: number; assessment?: number }
export interface Measurement { ref: string; child: Person; withNhs: boolean; year: 'R' | '6'; date: number; category: string }

export interface Health { assessments: HealthAssessment[]; camhs: CamhsReferral[]; measurements: Measurement[] }

const CAMHS_PER_YEAR = 1_800;
/** NCMP runs in these months of the academic year (November to June). */
const PROGRAMME_MONTHS = [11, 12, 1, 2, 3, 4, 5, 6] as const;

export function simulateHealth(options: {
  register: Register; schools: readonly School[]; care: SocialCare; random: Random; scale: number; from: number; to: number;
}): Health {
  const { register, schools, care, scale, from, to } = options;
  const random = options.random.fork('health');
  const out: Health = { assessments: [], camhs: [], measurements: [] };

  const assessments: Omit<HealthAssessment, 'ref'>[] = [];
  for (const period of care.periods) {
    if (period.end < from) continue;
    const r = random.fork(`lac:${period.child.index}:${period.start}`);
    const child = period.child;
    const record = (type: 'IHA' | 'RHA', completed: number, requested?: number) => {
      if (completed >= period.end || completed > to || completed < from) return;
      assessments.push({
        child, type, requested, completed, immunised: r.chance(0.87), withNhs: r.chance(0.96),
        dental: ageAt(child.dob, completed) >= 1 && r.chance(0.83) ? completed - r.int(0, 120) : undefined,
      });
    };
    const iha = addWorkingDays(period.start, r.chance(0.72) ? r.int(5, 20) : r.int(21, 55));
    record('IHA', iha, period.start + r.int(1, 5));
    let review = iha;
    for (;;) {
      review += (ageAt(child.dob, review) < 5 ? 182 : 365) + r.int(-40, 25);
      if (review >= period.end || review > to) break;
      if (r.chance(0.9)) record('RHA', review, review - r.int(20, 40));
    }
  }
  assessments.sort((a, b) => a.completed - b.completed || a.child.index - b.child.index);
  out.assessments = assessments.map((a, i) => ({ ...a, ref: `HA${String(i + 1).padStart(6, '0')}` }));

  for (let day = from; day <= to; day++) {
    if (!isWorkingDay(day)) continue;
    const r = random.fork(`camhs:${day}`);
    for (let i = r.poisson((CAMHS_PER_YEAR * scale) / 253); i > 0; i--) {
      const child = register.childAged(day, 5, 17, r);
      if (!child) continue;
      const referral: CamhsReferral = { ref: `CAMHS${String(out.camhs.length + 1).padStart(6, '0')}`, child, referral: day };
      if (r.chance(0.9)) referral.triage = day + r.int(1, 10);
      if (r.chance(0.88)) referral.assessment = day + (r.chance(0.62) ? r.int(5, 21) : r.int(22, 100));
      out.camhs.push(referral);
    }
  }

  // NCMP: each primary school is visited once a year; most children in Reception and Year 6 are measured.
  const first = partsOf(from);
  const last = partsOf(to);
  const primaries = schools.filter((s) => s.phase === 'PRIMARY');
  for (let ay = (first.m >= 9 ? first.y : first.y - 1); ay <= (last.m >= 9 ? last.y : last.y - 1); ay++) {
    const r = random.fork(`ncmp:${ay}`);
    const days: number[] = [];
    for (const m of PROGRAMME_MONTHS) {
      const index = monthIndex(m >= 9 ? ay : ay + 1, m);
      for (let d = monthStart(index); d <= monthEnd(index); d++) if (d >= from && d <= to && isSchoolDay(d)) days.push(d);
    }
    if (!days.length) continue;
    const visit = new Map(primaries.map((s) => [s.urn, r.pick(days)]));
    for (const child of register.people) {
      const year = child.receptionYear === ay ? 'R' : child.receptionYear === ay - 6 ? '6' : undefined;
      if (!year || !r.chance(0.95)) continue;
      const date = visit.get(child.primaryUrn);
      if (date === undefined) continue;
      const category = year === 'R'
        ? r.weighted([['UNDERWEIGHT', 1], ['HEALTHY', 76], ['OVERWEIGHT', 13], ['OBESE', 7], ['SEVERELY_OBESE', 3]])
        : r.weighted([['UNDERWEIGHT', 1.5], ['HEALTHY', 63], ['OVERWEIGHT', 15], ['OBESE', 15], ['SEVERELY_OBESE', 5.5]]);
      out.measurements.push({ ref: '', child, withNhs: r.chance(0.97), year, date, category });
    }
  }
  out.measurements.sort((a, b) => a.date - b.date || a.child.index - b.child.index);
  out.measurements.forEach((m, i) => { m.ref = `NCMP${String(i + 1).padStart(7, '0')}`; });
  return out;
}
