import { col, defineDataset, required } from '../contract';

export const population = defineDataset({
  name: 'population',
  partner: 'performance',
  cadence: 'year',
  description: 'ONS mid-year population estimates by single year of age.',
  key: ['age'],
  columns: {
    age: required(col.int({ min: 0, max: 120, note: 'single years; 90 may mean 90+' })),
    count: required(col.int({ min: 0 })),
  },
});
