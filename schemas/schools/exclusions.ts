import { col, defineDataset, required } from '../contract';

export const exclusions = defineDataset({
  name: 'exclusions',
  partner: 'schools',
  cadence: 'month',
  description: 'Suspensions and permanent exclusions starting in the month.',
  key: ['exclusion_ref'],
  columns: {
    exclusion_ref: required(col.id()),
    school_urn: required(col.id()),
    upn: required(col.upn()),
    start_date: required(col.date({ periodDate: true })),
    category: required(col.code(['PERMANENT', 'SUSPENSION'])),
    sessions: col.number(),
  },
});
