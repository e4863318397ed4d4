import { col, defineDataset, required, rule } from '../contract';
import { CONTACT_SOURCES } from '../codes';

export const referrals = defineDataset({
  name: 'referrals',
  partner: 'council',
  cadence: 'snapshot',
  description: 'Referrals accepted for a social work assessment.',
  key: ['referral_id'],
  columns: {
    referral_id: required(col.id()),
    child_id: required(col.id({ pseudonym: 'child' })),
    referral_at: required(col.datetime({ aliases: ['referral_date'] })),
    source: required(col.code(CONTACT_SOURCES)),
    decision_at: col.datetime(),
  },
  rules: [rule.order('referral_at', 'decision_at')],
});
