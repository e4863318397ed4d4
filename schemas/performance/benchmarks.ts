import { col, defineDataset, required } from '../contract';
import { INDICATOR_IDS } from '../codes';

export const benchmarks = defineDataset({
  name: 'benchmarks',
  partner: 'performance',
  cadence: 'year',
  description: 'Comparator values per indicator: statistical neighbours and England.',
  key: ['indicator_id'],
  columns: {
    indicator_id: required(col.code(INDICATOR_IDS, { note: 'a catalogue id, any case' })),
    stat_neighbour_avg: col.number(),
    best_stat_neighbour: col.number(),
    national_avg: col.number(),
    national_top_quartile: col.number(),
    label: col.text({ note: 'e.g. 2015/16' }),
  },
});
