import { col, defineDataset, required, rule } from '../contract';

export const assessments = defineDataset({
  name: 'assessments',
  partner: 'council',
  cadence: 'snapshot',
  description: 'Single social work assessments (statutory timescale 45 working days).',
  key: ['assessment_id'],
  columns: {
    assessment_id: required(col.id()),
    child_id: required(col.id({ pseudonym: 'child' })),
    referral_id: col.id(),
    start_date: required(col.date()),
    completed_date: col.date(),
    outcome: col.code(['ONGOING', 'NFA', 'STEP_DOWN', 'OUT_OF_AREA', 'OTHER']),
  },
  rules: [rule.order('start_date', 'completed_date'), rule.requires('outcome', 'completed_date')],
});
