import { col, defineDataset, required, rule } from '../contract';

export const cpPlans = defineDataset({
  name: 'cp_plans',
  partner: 'council',
  cadence: 'snapshot',
  description: 'Child protection plans; two plans of one child may not overlap.',
  key: ['plan_id'],
  columns: {
    plan_id: required(col.id()),
    child_id: required(col.id({ pseudonym: 'child' })),
    start_date: required(col.date()),
    end_date: col.date(),
    category: required(col.code(['NEGLECT', 'PHYSICAL', 'EMOTIONAL', 'SEXUAL', 'MULTIPLE'])),
  },
  rules: [rule.order('start_date', 'end_date')],
  crossRowRules: [rule.noOverlap('child_id', 'start_date', 'end_date')],
});
