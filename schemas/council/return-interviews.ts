import { col, defineDataset, required } from '../contract';

export const returnInterviews = defineDataset({
  name: 'return_interviews',
  partner: 'council',
  cadence: 'snapshot',
  description: 'Return interviews offered and completed after a missing episode.',
  key: ['interview_id'],
  columns: {
    interview_id: required(col.id()),
    episode_ref: required(col.id({ note: 'the police missing-episode reference it follows up' })),
    child_id: col.id({ pseudonym: 'child' }),
    offered_at: col.datetime(),
    completed_at: col.datetime(),
  },
});
