import { col, defineDataset, required, rule } from '../contract';

export const s47Enquiries = defineDataset({
  name: 's47_enquiries',
  partner: 'council',
  cadence: 'snapshot',
  description: 'Section 47 enquiries, from the strategy discussion to the initial child protection conference.',
  key: ['s47_id'],
  columns: {
    s47_id: required(col.id()),
    child_id: required(col.id({ pseudonym: 'child' })),
    strategy_date: required(col.date({ note: 'date of the strategy discussion' })),
    start_date: required(col.date()),
    completed_date: col.date(),
    outcome: col.code(['SUBSTANTIATED_AT_RISK', 'SUBSTANTIATED_NOT_AT_RISK', 'NOT_SUBSTANTIATED']),
    icpc_date: col.date({ weekdayExpected: true, note: 'initial child protection conference' }),
  },
  rules: [
    rule.order('strategy_date', 'start_date'),
    rule.order('start_date', 'completed_date'),
    rule.requires('outcome', 'completed_date'),
    rule.order('strategy_date', 'icpc_date'),
  ],
});
