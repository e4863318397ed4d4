import { col, defineDataset, required, rule } from '../contract';
import { CONTACT_SOURCES } from '../codes';

export const contacts = defineDataset({
  name: 'contacts',
  partner: 'council',
  cadence: 'snapshot',
  description: 'Contacts received by children\'s social care (the front door).',
  key: ['contact_id'],
  columns: {
    contact_id: required(col.id()),
    child_id: required(col.id({ pseudonym: 'child' })),
    contact_at: required(col.datetime({ aliases: ['contact_date'] })),
    source: required(col.code(CONTACT_SOURCES)),
    decision_at: col.datetime(),
    outcome: col.code(['REFERRAL', 'EARLY_HELP', 'NFA', 'INFORMATION']),
  },
  rules: [rule.order('contact_at', 'decision_at'), rule.requires('outcome', 'decision_at')],
});
