import { col, defineDataset, required, rule } from '../contract';

export const missingEpisodes = defineDataset({
  name: 'missing_episodes',
  partner: 'police',
  cadence: 'month',
  description: 'Missing-person episodes of children, by the month they were reported.',
  key: ['episode_ref'],
  columns: {
    episode_ref: required(col.id()),
    person_ref: required(col.id({ pseudonym: 'police', note: 'police person reference' })),
    child_id: col.id({ pseudonym: 'child', note: "the council's id where the hub has matched the child" }),
    date_of_birth: required(col.dob()),
    reported_at: required(col.datetime({ periodDate: true })),
    returned_at: col.datetime({ note: 'may fall after the month' }),
    risk: col.code(['LOW', 'MEDIUM', 'HIGH']),
  },
  rules: [rule.order('reported_at', 'returned_at')],
});
