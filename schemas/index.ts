/**
 * The registry of dataset contracts (datasets.md §4): every other module finds a
 * dataset here by name.
 */
import type { DatasetContract } from './contract';
import { adoptions } from './council/adoptions';
import { assessments } from './council/assessments';
import { careLeavers } from './council/care-leavers';
import { children } from './council/children';
import { cinEpisodes } from './council/cin-episodes';
import { contacts } from './council/contacts';
import { cpPlans } from './council/cp-plans';
import { earlyHelp } from './council/early-help';
import { lacEpisodes } from './council/lac-episodes';
import { referrals } from './council/referrals';
import { returnInterviews } from './council/return-interviews';
import { s47Enquiries } from './council/s47-enquiries';
import { camhsReferrals } from './health/camhs-referrals';
import { childMeasurements } from './health/child-measurements';
import { lacHealth } from './health/lac-health';
import { benchmarks } from './performance/benchmarks';
import { establishments } from './performance/establishments';
import { population } from './performance/population';
import { targets } from './performance/targets';
import { missingEpisodes } from './police/missing-episodes';
import { youthJusticeOutcomes } from './police/youth-justice-outcomes';
import { attendance } from './schools/attendance';
import { exclusions } from './schools/exclusions';

export * from './contract';
export * from './codes';
export * from './receipt';

/** Every dataset, in the order of datasets.md §4. */
export const DATASETS: readonly DatasetContract[] = [
  children, contacts, referrals, assessments, s47Enquiries, cinEpisodes, cpPlans, lacEpisodes, adoptions,
  careLeavers, returnInterviews, earlyHelp,
  lacHealth, camhsReferrals, childMeasurements,
  attendance, exclusions,
  missingEpisodes, youthJusticeOutcomes,
  population, establishments, targets, benchmarks,
];

const byName = new Map(DATASETS.map((d) => [d.name, d]));

/** The contract of a dataset, or undefined for an unknown name. */
export function findDataset(name: string): DatasetContract | undefined {
  return byName.get(name);
}

/** The contract of a dataset; throws for an unknown name (a programming error). */
export function getDataset(name: string): DatasetContract {
  const d = byName.get(name);
  if (!d) throw new Error(`Unknown dataset '${name}'; known: ${DATASETS.map((x) => x.name).join(', ')}`);
  return d;
}
