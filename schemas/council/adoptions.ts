import { col, defineDataset, required, rule } from '../contract';

export const adoptions = defineDataset({
  name: 'adoptions',
  partner: 'council',
  cadence: 'snapshot',
  description: 'Children adopted or with an adoption decision, with the adoption scorecard dates.',
  key: ['child_id'],
  columns: {
    child_id: required(col.id({ pseudonym: 'child' })),
    date_entered_care: required(col.date({ note: 'start of the period of care that led to adoption' })),
    date_should_be_placed: col.date(),
    date_placement_order: col.date(),
    date_matched: col.date(),
    date_placed: col.date({ note: 'moved in with the adoptive family' }),
    date_adopted: col.date({ note: 'adoption order' }),
  },
  rules: [rule.order('date_placed', 'date_adopted')],
});
