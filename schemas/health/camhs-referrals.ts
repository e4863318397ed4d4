import { col, defineDataset, required, rule } from '../contract';

export const camhsReferrals = defineDataset({
  name: 'camhs_referrals',
  partner: 'health',
  cadence: 'snapshot',
  description: "The CAMHS provider's referrals, as at the extract date.",
  key: ['referral_ref'],
  columns: {
    referral_ref: required(col.id()),
    nhs_number: required(col.nhs()),
    referral_date: required(col.date()),
    triage_date: col.date(),
    assessment_date: col.date(),
  },
  rules: [rule.order('referral_date', 'triage_date'), rule.order('referral_date', 'assessment_date')],
});
