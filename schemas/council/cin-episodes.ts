import { col, defineDataset, required, rule } from '../contract';
import { NEED_CODES } from '../codes';

export const cinEpisodes = defineDataset({
  name: 'cin_episodes',
  partner: 'council',
  cadence: 'snapshot',
  description: 'Child in need (section 17) episodes.',
  key: ['episode_id'],
  columns: {
    episode_id: required(col.id()),
    child_id: required(col.id({ pseudonym: 'child' })),
    start_date: required(col.date()),
    end_date: col.date(),
    primary_need: col.code(NEED_CODES),
  },
  rules: [rule.order('start_date', 'end_date')],
});
