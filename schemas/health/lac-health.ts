import { col, defineDataset, required } from '../contract';

export const lacHealth = defineDataset({
  name: 'lac_health',
  partner: 'health',
  cadence: 'month',
  description: 'Health assessments of looked-after children completed in the month.',
  key: ['assessment_ref'],
  columns: {
    assessment_ref: required(col.id()),
    child_id: required(col.id({ pseudonym: 'child', note: "the council's id, supplied with the council's request" })),
    nhs_number: col.nhs(),
    type: required(col.code(['IHA', 'RHA'])),
    requested_date: col.date(),
    completed_date: required(col.date({ periodDate: true })),
    dental_check_date: col.date(),
    immunisations_up_to_date: col.bool(),
  },
});
