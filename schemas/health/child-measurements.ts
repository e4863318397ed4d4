import { col, defineDataset, required } from '../contract';

export const childMeasurements = defineDataset({
  name: 'child_measurements',
  partner: 'health',
  cadence: 'month',
  description: 'National Child Measurement Programme measurements taken in the month.',
  key: ['measurement_ref'],
  columns: {
    measurement_ref: required(col.id()),
    nhs_number: col.nhs(),
    school_year: required(col.code(['R', '6'])),
    measured_date: required(col.date({ periodDate: true })),
    bmi_category: required(col.code(['UNDERWEIGHT', 'HEALTHY', 'OVERWEIGHT', 'OBESE', 'SEVERELY_OBESE'])),
  },
});
