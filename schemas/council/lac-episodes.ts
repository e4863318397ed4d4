import { col, defineDataset, required, rule } from '../contract';
import { LEGAL_STATUS, NEED_CODES, PLACEMENT, PLACEMENT_PROVIDER, REASON_EPISODE_CEASED, RNE } from '../codes';

export const lacEpisodes = defineDataset({
  name: 'lac_episodes',
  partner: 'council',
  cadence: 'snapshot',
  description: 'Episodes of care in the SSDA903 "Episodes" layout; a period of care is a chain of episodes.',
  key: ['child_id', 'decom'],
  columns: {
    child_id: required(col.id({ pseudonym: 'child', aliases: ['CHILD'] })),
    decom: required(col.date({ aliases: ['DECOM'], note: 'episode start' })),
    rne: required(col.code(RNE, { note: 'reason for new episode' })),
    ls: required(col.code(LEGAL_STATUS, { note: 'legal status' })),
    cin: required(col.code(NEED_CODES.slice(0, 8), { note: 'category of need' })),
    place: required(col.code(PLACEMENT, { note: 'placement type' })),
    place_provider: col.code(PLACEMENT_PROVIDER),
    dec: col.date({ note: 'episode end' }),
    rec: col.code(REASON_EPISODE_CEASED, { note: 'reason episode ceased' }),
  },
  rules: [rule.order('decom', 'dec'), rule.together('dec', 'rec')],
  crossRowRules: [rule.noOverlap('child_id', 'decom', 'dec')],
});
