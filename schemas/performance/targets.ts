import { col, defineDataset, required, rule } from '../contract';
import { INDICATOR_IDS, INDICATOR_RULES } from '../codes';

export const targets = defineDataset({
  name: 'targets',
  partner: 'performance',
  cadence: 'year',
  financialYear: true,
  description: 'Targets and tolerances per indicator for the financial year starting 1 April of the period year.',
  key: ['indicator_id'],
  columns: {
    indicator_id: required(col.code(INDICATOR_IDS, { note: 'a catalogue id, any case' })),
    rule: required(col.code(INDICATOR_RULES)),
    green: required(col.number()),
    amber: col.number(),
    band_reference: col.number(),
    rag_basis: col.code(['MONTH', 'YTD'], { note: 'default MONTH' }),
  },
  rules: [rule.requiredWhenEquals('band_reference', 'rule', 'BAND')],
});
