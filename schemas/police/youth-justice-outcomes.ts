import { col, defineDataset, required } from '../contract';

export const youthJusticeOutcomes = defineDataset({
  name: 'youth_justice_outcomes',
  partner: 'police',
  cadence: 'month',
  description: 'Youth justice outcomes (cautions and convictions) in the month.',
  key: ['outcome_ref'],
  columns: {
    outcome_ref: required(col.id()),
    person_ref: required(col.id({ pseudonym: 'police' })),
    date_of_birth: required(col.dob()),
    outcome_date: required(col.date({ periodDate: true })),
    outcome: required(col.code(['CAUTION', 'CONDITIONAL_CAUTION', 'YOUTH_CAUTION', 'CONVICTION', 'REFERRAL_ORDER'])),
    first_time_entrant: required(col.bool()),
  },
});
