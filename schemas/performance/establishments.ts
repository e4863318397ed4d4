import { col, defineDataset, required } from '../contract';

export const establishments = defineDataset({
  name: 'establishments',
  partner: 'performance',
  cadence: 'snapshot',
  description: 'The schools in the area and their phase.',
  key: ['school_urn'],
  columns: {
    school_urn: required(col.id()),
    name: required(col.text({ note: 'kept as sent (not an identifier)' })),
    phase: required(col.code(['PRIMARY', 'SECONDARY', 'SPECIAL', 'OTHER'])),
    locality: col.code(['NORTH', 'SOUTH', 'CENTRAL']),
  },
});
