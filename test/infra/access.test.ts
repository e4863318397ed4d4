import { describe, expect, it } from 'vitest';
import { PARTNERS } from '../../schemas';
import { allows, roleStatements, type Statement } from './iam-eval';
import { logicalId, resourcesOfType, synth } from './synth';

const POLICY_PROPERTIES: Record<string, string> = {
  'AWS::S3::BucketPolicy': 'PolicyDocument',
  'AWS::SQS::QueuePolicy': 'PolicyDocument',
  'AWS::SNS::TopicPolicy': 'PolicyDocument',
  'AWS::KMS::Key': 'KeyPolicy',
  'AWS::SecretsManager::ResourcePolicy': 'ResourcePolicy',
  'AWS::IAM::Role': 'AssumeRolePolicyDocument',
  'AWS::IAM::Policy': 'PolicyDocument',
};

describe('access', () => {
  const { template, stack } = synth({ 'outturn:partnerPrincipals': { police: 'arn:aws:iam::111122223333:role/force-uploader' } });
  const landing = `arn:aws:s3:::${logicalId(stack, stack.storage.landing)}`;
  const data = `arn:aws:s3:::${logicalId(stack, stack.storage.data)}`;
  const roles = stack.access.partnerRoles;

  it('creates one role per configured partner, assumable by the configured principal', () => {
    expect(Object.keys(roles).sort()).toEqual([...PARTNERS].sort());
    const trust = (partner: keyof typeof roles) => resourcesOfType(template, 'AWS::IAM::Role')[logicalId(stack, roles[partner]!)].Properties?.AssumeRolePolicyDocument.Statement[0];
    expect(trust('police').Principal).toEqual({ AWS: 'arn:aws:iam::111122223333:role/force-uploader' });
    expect(JSON.stringify(trust('council').Principal)).toContain(':root');
  });

  it.each([...PARTNERS])('lets %s write only its own landing prefix and read only its own receipts and quarantine', (partner) => {
    const statements = roleStatements(template, logicalId(stack, roles[partner]!));
    const can = (action: string, resource: string) => allows(statements, { action, resource }, template);
    const other = PARTNERS.find((p) => p !== partner)!;
    expect(can('s3:PutObject', `${landing}/landing/${partner}/children/2024-03-31/file.csv`)).toBe(true);
    expect(can('s3:PutObject', `${landing}/landing/${other}/children/2024-03-31/file.csv`)).toBe(false);
    expect(can('s3:PutObject', `${landing}/${partner}/file.csv`)).toBe(false);
    expect(can('s3:GetObject', `${landing}/landing/${partner}/children/2024-03-31/file.csv`)).toBe(false);
    expect(can('s3:GetObject', `${data}/receipts/${partner}/u1.json`)).toBe(true);
    expect(can('s3:GetObject', `${data}/quarantine/${partner}/u1/rows.csv`)).toBe(true);
    expect(can('s3:GetObject', `${data}/receipts/${other}/u1.json`)).toBe(false);
    expect(can('s3:GetObject', `${data}/quarantine/${other}/u1/rows.csv`)).toBe(false);
    for (const p of ['raw', 'curated', 'indicators', 'reports', 'published']) {
      expect(can('s3:GetObject', `${data}/${p}/${partner}/x`), p).toBe(false);
      expect(can('s3:PutObject', `${data}/${p}/${partner}/x`), p).toBe(false);
    }
    expect(can('s3:PutObject', `${data}/receipts/${partner}/forged.json`)).toBe(false);
    expect(can('s3:DeleteObject', `${landing}/landing/${partner}/x.csv`)).toBe(false);
    expect(can('athena:StartQueryExecution', '*')).toBe(false);
    // Listing only under its own receipts and quarantine.
    expect(allows(statements, { action: 's3:ListBucket', resource: data, context: { 's3:prefix': `receipts/${partner}/` } }, template)).toBe(true);
    expect(allows(statements, { action: 's3:ListBucket', resource: data, context: { 's3:prefix': `receipts/${other}/` } }, template)).toBe(false);
    // The key only through S3, for its own objects.
    const kms = statements.filter((s) => [s.Action].flat().some((a) => a?.startsWith('kms:')));
    expect(kms.every((s) => s.Condition?.StringEquals?.['kms:ViaService'] && s.Condition?.StringLike?.['kms:EncryptionContext:aws:s3:arn'])).toBe(true);
  });

  it('lets the analyst read curated/, indicators/ and reports/ but never raw/, quarantine/ or landing/', () => {
    const statements = roleStatements(template, logicalId(stack, stack.access.analystRole));
    const can = (action: string, resource: string, context?: Record<string, string>) => allows(statements, { action, resource, context }, template);
    for (const p of ['curated/children/snapshot_date=2024-03-31/u.parquet', 'indicators/indicator_values/period=2024-03/x.parquet', 'reports/2024-03/internal/scorecard.html']) {
      expect(can('s3:GetObject', `${data}/${p}`), p).toBe(true);
    }
    for (const p of ['raw/council/children/2024-03-31/u/c.csv', 'quarantine/council/u/rows.csv']) {
      expect(can('s3:GetObject', `${data}/${p}`), p).toBe(false);
      expect(can('s3:GetObjectVersion', `${data}/${p}`), p).toBe(false);
    }
    expect(can('s3:GetObject', `${landing}/landing/council/children/2024-03-31/c.csv`)).toBe(false);
    expect(can('s3:ListBucket', landing, { 's3:prefix': 'landing/' })).toBe(false);
    expect(can('s3:ListBucket', data, { 's3:prefix': 'raw/council/' })).toBe(false);
    expect(can('s3:ListBucket', data, { 's3:prefix': 'quarantine/' })).toBe(false);
    expect(can('s3:ListBucket', data, { 's3:prefix': 'curated/children/' })).toBe(true);
    expect(can('s3:PutObject', `${data}/curated/children/x.parquet`)).toBe(false);
    expect(can('athena:StartQueryExecution', 'arn:aws:athena:eu-west-2:123456789012:workgroup/outturn-dev')).toBe(true);
    expect(can('secretsmanager:GetSecretValue', `<${logicalId(stack, stack.ingest.pseudonymKey)}>`)).toBe(false);
    // The refusals are explicit Deny statements, not only missing grants.
    const denies = statements.filter((s) => s.Effect === 'Deny');
    expect(denies.some((s) => allows([{ ...s, Effect: 'Allow' }], { action: 's3:GetObject', resource: `${data}/raw/x` }, template))).toBe(true);
    expect(denies.some((s) => allows([{ ...s, Effect: 'Allow' }], { action: 's3:GetObject', resource: `${data}/quarantine/x` }, template))).toBe(true);
    expect(denies.some((s) => allows([{ ...s, Effect: 'Allow' }], { action: 's3:GetObject', resource: `${landing}/landing/x` }, template))).toBe(true);
  });

  it('lets the analyst query the views: the upload ledger under curated/ and the calendar under reference/, never receipts/', () => {
    const statements = roleStatements(template, logicalId(stack, stack.access.analystRole));
    const can = (action: string, resource: string, context?: Record<string, string>) => allows(statements, { action, resource, context }, template);
    expect(can('s3:GetObject', `${data}/curated/upload_ledger/referrals/referrals.2024-03.u1.json`)).toBe(true);
    expect(can('s3:ListBucket', data, { 's3:prefix': 'curated/upload_ledger/referrals/' })).toBe(true);
    expect(can('s3:GetObject', `${data}/reference/calendar/calendar.parquet`)).toBe(true);
    expect(can('s3:ListBucket', data, { 's3:prefix': 'reference/calendar/' })).toBe(true);
    expect(can('s3:PutObject', `${data}/reference/calendar/calendar.parquet`)).toBe(false);
    expect(can('s3:GetObject', `${data}/receipts/council/u1.json`)).toBe(false);
    expect(can('s3:ListBucket', data, { 's3:prefix': 'receipts/council/' })).toBe(false);
    expect(can('s3:ListBucket', data, { 's3:prefix': 'receipts' })).toBe(false);
    const denies = statements.filter((s) => s.Effect === 'Deny');
    expect(denies.some((s) => allows([{ ...s, Effect: 'Allow' }], { action: 's3:GetObject', resource: `${data}/receipts/council/u1.json` }, template))).toBe(true);
    // Glue: read every table and view of the database, change none.
    const glue = 'arn:aws:glue:eu-west-2:123456789012:table/outturn_dev/';
    for (const t of ['uploads', 'referrals', 'referrals_all', 'curated_referrals', 'upload_ledger', 'calendar', 'indicator_values']) {
      expect(can('glue:GetTable', `${glue}${t}`), t).toBe(true);
      expect(can('glue:UpdateTable', `${glue}${t}`), t).toBe(false);
    }
  });

  it('grants nothing to anonymous principals in any policy', () => {
    const all = template.toJSON().Resources as Record<string, { Type: string; Properties: any }>;
    let checked = 0;
    for (const [id, r] of Object.entries(all)) {
      const property = POLICY_PROPERTIES[r.Type];
      if (!property) continue;
      for (const s of [r.Properties[property].Statement].flat() as Statement[]) {
        checked += 1;
        if (s.Effect !== 'Allow') continue;
        const principal = JSON.stringify(s.Principal ?? null);
        expect(principal, `${id}: ${JSON.stringify(s)}`).not.toMatch(/^"\*"$|"AWS":"\*"|"AWS":\["\*"/);
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
