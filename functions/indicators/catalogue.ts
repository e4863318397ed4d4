/**
 * The indicator catalogue of indicators.md §2, as data: the scorecard, the definitions
 * section and the SQL runner all read it. The SQL behind each indicator is in
 * `sql/indicators/<file>.sql`.
 */
import type { INDICATOR_IDS } from '../../schemas';
import { IndicatorError } from './errors';

export type IndicatorId = (typeof INDICATOR_IDS)[number];

export const THEMES = [
  'Front door',
  'Assessment and protection',
  'Looked after children and care leavers',
  'Missing and youth justice',
  'Early help',
  'Health',
  'Schools',
] as const;
export type Theme = (typeof THEMES)[number];

/** Which way is better (`INFO` = neither; `BAND` = closer to a reference). */
export const POLARITIES = ['HIGH', 'LOW', 'INFO', 'BAND'] as const;
export type Polarity = (typeof POLARITIES)[number];

export const UNITS = ['count', '%', 'per 10k', 'per 100k', 'per 100', 'days'] as const;
export type Unit = (typeof UNITS)[number];

export const WINDOWS = ['month', 'rolling12', 'rolling36', 'fy', 'ay', 'snapshot'] as const;
export type IndicatorWindow = (typeof WINDOWS)[number];

export interface IndicatorDefinition {
  readonly id: IndicatorId;
  readonly title: string;
  readonly theme: Theme;
  readonly polarity: Polarity;
  readonly unit: Unit;
  readonly window: IndicatorWindow;
  /** The catalogue's definition, numerator / denominator, as analysts read it. */
  readonly definition: string;
  /** Datasets the definition reads (for coverage and status). */
  readonly sources: readonly string[];
}

const FRONT: Theme = 'Front door';
const PROTECT: Theme = 'Assessment and protection';
const LAC: Theme = 'Looked after children and care leavers';
const MISSING: Theme = 'Missing and youth justice';
const EH: Theme = 'Early help';
const HEALTH: Theme = 'Health';
const SCHOOLS: Theme = 'Schools';

const define = (
  id: IndicatorId, title: string, theme: Theme, polarity: Polarity, unit: Unit, window: IndicatorWindow,
  sources: readonly string[], definition: string,
): IndicatorDefinition => ({ id, title, theme, polarity, unit, window, sources, definition });

/** Every indicator, in catalogue order. */
export const CATALOGUE: readonly IndicatorDefinition[] = [
  define('CSC-01', 'Contacts received', FRONT, 'INFO', 'count', 'month', ['contacts'],
    'Contacts with contact_at in the month.'),
  define('CSC-02', 'Contacts with a decision within 1 working day', FRONT, 'HIGH', '%', 'month', ['contacts'],
    'Contacts in the month with a decision within 1 working day of the contact (UK dates) / contacts in the month.'),
  define('CSC-03', 'Contacts progressing to referral', FRONT, 'INFO', '%', 'month', ['contacts'],
    'Contacts in the month with outcome REFERRAL / contacts in the month.'),
  define('CSC-04', 'Referrals per 10,000 children, rolling 12 months', FRONT, 'INFO', 'per 10k', 'rolling12', ['referrals', 'population'],
    'Referrals in the 12 months ending at the month end / population aged 0–17 × 10,000.'),
  define('CSC-05', 'Referrals progressing to assessment', FRONT, 'HIGH', '%', 'month', ['referrals', 'assessments'],
    'Referrals in the month for which an assessment with that referral_id exists / referrals in the month.'),
  define('CSC-06', 'Referral decisions within 48 hours', FRONT, 'HIGH', '%', 'month', ['referrals'],
    'Referrals in the month decided within 48 hours of the referral / referrals in the month.'),
  define('CSC-07', 'Re-referrals within 12 months', FRONT, 'LOW', '%', 'month', ['referrals'],
    'Referrals in the month whose child had another referral in the 365 days before / referrals in the month.'),
  define('CSC-08', 'Re-referrals within 12 months, rolling 12 months', FRONT, 'LOW', '%', 'rolling12', ['referrals'],
    'As CSC-07, over the 12 months ending at the month end.'),
  define('CSC-09', 'Assessments started', PROTECT, 'INFO', 'count', 'month', ['assessments'],
    'Assessments with start_date in the month.'),
  define('CSC-10', 'Assessments completed within 45 working days', PROTECT, 'HIGH', '%', 'month', ['assessments'],
    'Assessments completed in the month within 45 working days of the start / assessments completed in the month.'),
  define('CSC-11', 'Open assessments past 45 working days', PROTECT, 'LOW', 'count', 'snapshot', ['assessments'],
    'Assessments open at the month end that started more than 45 working days before it.'),
  define('CSC-12', 'Completed assessments ending in no further action', PROTECT, 'INFO', '%', 'month', ['assessments'],
    'Assessments completed in the month with outcome NFA / assessments completed in the month.'),
  define('CSC-13', 'Section 47 enquiries per 10,000 children, rolling 12 months', PROTECT, 'BAND', 'per 10k', 'rolling12', ['s47_enquiries', 'population'],
    'Section 47 enquiries started in the 12 months ending at the month end / population aged 0–17 × 10,000.'),
  define('CSC-14', 'Initial child protection conferences within 15 working days', PROTECT, 'HIGH', '%', 'month', ['s47_enquiries'],
    'Section 47 enquiries with an ICPC in the month held within 15 working days of the strategy discussion / S47s with an ICPC in the month.'),
  define('CSC-15', 'Children in need per 10,000 children', PROTECT, 'BAND', 'per 10k', 'snapshot', ['cin_episodes', 'cp_plans', 'population'],
    'Distinct children with a CIN episode or a CP plan open at the month end / population aged 0–17 × 10,000.'),
  define('CSC-16', 'Children subject to a child protection plan per 10,000', PROTECT, 'BAND', 'per 10k', 'snapshot', ['cp_plans', 'population'],
    'Distinct children with a CP plan open at the month end / population aged 0–17 × 10,000.'),
  define('CSC-17', 'Child protection plans that are repeat plans within 2 years', PROTECT, 'LOW', '%', 'month', ['cp_plans'],
    'Plans starting in the month where the child had an earlier plan that ended 0–730 days before / plans starting in the month.'),
  define('CSC-18', 'Child protection plans ended that lasted 2 years or more', PROTECT, 'LOW', '%', 'month', ['cp_plans'],
    'Plans ended in the month that lasted 730 days or more / plans ended in the month.'),
  define('CSC-19', 'Children looked after per 10,000 children', LAC, 'BAND', 'per 10k', 'snapshot', ['lac_episodes', 'population'],
    'Children looked after at the month end / population aged 0–17 × 10,000.'),
  define('CSC-20', 'Children looked after with 3 or more placements in 12 months', LAC, 'LOW', '%', 'snapshot', ['lac_episodes'],
    'Children looked after at the month end with 3 or more placements in the 12 months ending then / children looked after at the month end.'),
  define('CSC-21', 'Long-term placement stability', LAC, 'HIGH', '%', 'snapshot', ['lac_episodes', 'children'],
    'Of children under 16 looked after for 2½ years or more, those in the same placement for 2 years or more.'),
  define('CSC-22', 'Children looked after in family placements', LAC, 'HIGH', '%', 'snapshot', ['lac_episodes'],
    'Children looked after at the month end placed with foster carers or for adoption (U1–U6, A3–A6) / children looked after at the month end.'),
  define('CSC-23', 'Care leavers aged 19–21 in education, employment or training', LAC, 'HIGH', '%', 'snapshot', ['care_leavers'],
    'Care leavers aged 19–21 (not deceased) in education, employment or training / care leavers aged 19–21 (not deceased).'),
  define('CSC-24', 'Care leavers aged 19–21 in suitable accommodation', LAC, 'HIGH', '%', 'snapshot', ['care_leavers'],
    'Care leavers aged 19–21 (not deceased) in suitable accommodation / care leavers aged 19–21 (not deceased).'),
  define('CSC-25', 'Adoption: days from entering care to moving in with the adoptive family (3-year average)', LAC, 'LOW', 'days', 'rolling36', ['adoptions'],
    'Total days from entering care to moving in with the adoptive family / children adopted in the 36 months ending at the month end.'),
  define('CSC-26', 'Adoption: days from placement order to match (3-year average)', LAC, 'LOW', 'days', 'rolling36', ['adoptions'],
    'Total days from placement order to match / children adopted in the 36 months ending at the month end with both dates.'),
  define('POL-01', 'Children reported missing', MISSING, 'INFO', 'count', 'month', ['missing_episodes'],
    'Distinct people reported missing in the month.'),
  define('POL-02', 'Missing episodes', MISSING, 'INFO', 'count', 'month', ['missing_episodes'],
    'Missing episodes reported in the month.'),
  define('POL-03', 'Return interviews completed within 72 hours', MISSING, 'HIGH', '%', 'month', ['missing_episodes', 'return_interviews'],
    'Episodes whose child returned in the month with a return interview completed within 72 hours / episodes with a return in the month.'),
  define('YJ-01', 'First-time entrants to the youth justice system per 100,000 aged 10–17, rolling 12 months', MISSING, 'LOW', 'per 100k', 'rolling12', ['youth_justice_outcomes', 'population'],
    'Distinct first-time entrants aged 10–17 in the 12 months ending at the month end / population aged 10–17 × 100,000.'),
  define('EH-01', 'Early help contacts triaged within 5 working days', EH, 'HIGH', '%', 'month', ['early_help'],
    'Early help episodes triaged in the month within 5 working days of contact / episodes triaged in the month.'),
  define('EH-02', 'Early help assessments completed within 35 working days', EH, 'HIGH', '%', 'month', ['early_help'],
    'Early help assessments completed in the month within 35 working days / assessments completed in the month.'),
  define('EH-03', 'Early help assessments completed by partners', EH, 'HIGH', '%', 'month', ['early_help'],
    'Early help assessments completed in the month by partner agencies / assessments completed in the month.'),
  define('EH-04', 'Open early help family cases', EH, 'INFO', 'count', 'snapshot', ['early_help'],
    'Distinct families with an early help episode open at the month end.'),
  define('HLT-01', 'Children looked after 12 months+ with a health assessment in the last 12 months', HEALTH, 'HIGH', '%', 'snapshot', ['lac_episodes', 'lac_health'],
    'Of children looked after for 12 months or more at the month end, those with a health assessment in the 12 months ending then.'),
  define('HLT-02', 'Children looked after 12 months+ with a dental check in the last 12 months', HEALTH, 'HIGH', '%', 'snapshot', ['lac_episodes', 'lac_health'],
    'Of children looked after for 12 months or more at the month end, those with a dental check in the 12 months ending then.'),
  define('HLT-03', 'Initial health assessments within 20 working days of entering care', HEALTH, 'HIGH', '%', 'month', ['lac_health', 'lac_episodes'],
    'Initial health assessments completed in the month within 20 working days of the start of the period of care / IHAs completed in the month for a child in care.'),
  define('HLT-04', 'Mental health (CAMHS) referrals assessed within 3 weeks', HEALTH, 'HIGH', '%', 'month', ['camhs_referrals'],
    'CAMHS referrals assessed in the month within 21 days of referral / referrals assessed in the month.'),
  define('HLT-05', 'Obesity prevalence, Reception', HEALTH, 'LOW', '%', 'ay', ['child_measurements'],
    'Reception measurements in the academic year to date that are obese or severely obese / Reception measurements.'),
  define('HLT-06', 'Obesity prevalence, Year 6', HEALTH, 'LOW', '%', 'ay', ['child_measurements'],
    'Year 6 measurements in the academic year to date that are obese or severely obese / Year 6 measurements.'),
  define('SCH-01', 'Attendance, primary', SCHOOLS, 'HIGH', '%', 'ay', ['attendance', 'establishments'],
    'Sessions attended / possible sessions in primary schools, academic year to date.'),
  define('SCH-02', 'Attendance, secondary', SCHOOLS, 'HIGH', '%', 'ay', ['attendance', 'establishments'],
    'Sessions attended / possible sessions in secondary schools, academic year to date.'),
  define('SCH-03', 'Persistent absence, primary', SCHOOLS, 'LOW', '%', 'ay', ['attendance', 'establishments'],
    'Primary pupils absent for 10% or more of their possible sessions / primary pupils with a possible session, academic year to date.'),
  define('SCH-04', 'Persistent absence, secondary', SCHOOLS, 'LOW', '%', 'ay', ['attendance', 'establishments'],
    'Secondary pupils absent for 10% or more of their possible sessions / secondary pupils with a possible session, academic year to date.'),
  define('SCH-05', 'Suspensions per 100 pupils', SCHOOLS, 'LOW', 'per 100', 'ay', ['exclusions', 'attendance'],
    'Suspensions starting in the academic year to date / distinct pupils with a possible session × 100.'),
  define('SCH-06', 'Permanent exclusions', SCHOOLS, 'LOW', 'count', 'ay', ['exclusions'],
    'Permanent exclusions starting in the academic year to date.'),
];

const byId = new Map(CATALOGUE.map((d) => [d.id, d]));

export function getIndicator(id: string): IndicatorDefinition {
  const d = byId.get(id as IndicatorId);
  if (!d) throw new IndicatorError(`Unknown indicator '${id}'; the catalogue has ${CATALOGUE.length} ids, e.g. CSC-01`);
  return d;
}
