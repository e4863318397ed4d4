import { col, defineDataset, required, rule } from '../contract';

export const earlyHelp = defineDataset({
  name: 'early_help',
  partner: 'council',
  cadence: 'snapshot',
  description: 'Early help episodes, from contact to closure.',
  key: ['episode_id'],
  columns: {
    episode_id: required(col.id()),
    family_id: required(col.id({ pseudonym: 'family' })),
    child_id: col.id({ pseudonym: 'child' }),
    contact_date: required(col.date()),
    triage_date: col.date(),
    allocated_date: col.date(),
    assessment_start: col.date(),
    assessment_completed: col.date(),
    assessment_by: col.code(['LA', 'PARTNER']),
    closed_date: col.date(),
  },
  rules: [
    rule.order('contact_date', 'triage_date'),
    rule.order('assessment_start', 'assessment_completed'),
    rule.requires('assessment_start', 'assessment_completed'),
  ],
});
