/**
 * Issue 8, access: the deployed policies against the access table of operations.md §2,
 * asked the other way round from test/infra/ (which checks what each role may do):
 * here, for each sensitive object, *which* roles of the whole template may touch it,
 * so a role added later with too much reach fails too. Plus what test/infra/ leaves
 * out of "nothing readable anonymously": no public endpoint of any kind.
 */
import { describe, expect, it } from 'vitest';
import { PARTNERS } from '../../schemas';
import { allows, roleStatements } from '../infra/iam-eval';
import { logicalId, resourcesOfType, synth } from '../infra/synth';

describe('who may touch what (operations.md §2)', () => {
  const { template, stack } = synth();
  const roles = Object.keys(resourcesOfType(template, 'AWS::IAM::Role'));
  const statements = new Map(roles.map((r) => [r, roleStatements(template, r)]));
  const landing = `arn:aws:s3:::${logicalId(stack, stack.storage.landing)}`;
  const data = `arn:aws:s3:::${logicalId(stack, stack.storage.data)}`;
  const ingest = logicalId(stack, stack.ingest.handler.role);
  const partner = (p: (typeof PARTNERS)[number]) => logicalId(stack, stack.access.partnerRoles[p]!);
  const analyst = logicalId(stack, stack.access.analystRole);

  /** Every role of the template that the policies allow `action` on `resource`. */
  const who = (action: string, resource: string) =>
    roles.filter((r) => allows(statements.get(r)!, { action, resource }, template)).sort();

  it('lets only the ingest function read landing/ and only each partner write its own prefix', () => {
    for (const p of PARTNERS) {
      expect(who('s3:GetObject', `${landing}/landing/${p}/children/2024-03-31/c.csv`), p).toEqual([ingest]);
      expect(who('s3:PutObject', `${landing}/landing/${p}/children/2024-03-31/c.csv`), p).toEqual([partner(p)]);
    }
  });

  it('lets no one but the ingest function read raw/, and only the partner and ingest see its quarantine', () => {
    for (const action of ['s3:GetObject', 's3:GetObjectVersion']) {
      expect(who(action, `${data}/raw/council/children/2024-03-31/u/c.csv`).filter((r) => r !== ingest)).toEqual([]);
      for (const p of PARTNERS) {
        expect(who(action, `${data}/quarantine/${p}/u/rows.csv`).filter((r) => r !== ingest), p).toEqual(action === 's3:GetObject' ? [partner(p)] : []);
      }
    }
    expect(who('s3:GetObject', `${data}/raw/x`)).not.toContain(analyst);
  });

  it('lets only the ingest function write raw/, curated/, quarantine/ and receipts/ (nobody forges a receipt)', () => {
    for (const p of ['raw/council/x', 'curated/children/snapshot_date=2024-03-31/u.parquet', 'quarantine/council/u/rows.csv', 'receipts/council/u.json']) {
      expect(who('s3:PutObject', `${data}/${p}`), p).toEqual([ingest]);
    }
  });

  it('lets the ingest function alone read the pseudonymisation secret, and no role change or delete it', () => {
    const secret = `<${logicalId(stack, stack.ingest.pseudonymKey)}>`;
    expect(who('secretsmanager:GetSecretValue', secret)).toEqual([ingest]);
    for (const action of ['secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecret', 'secretsmanager:DeleteSecret', 'secretsmanager:PutResourcePolicy', 'secretsmanager:RotateSecret']) {
      expect(who(action, secret), action).toEqual([]);
    }
  });

  it('gives partner and analyst roles no wildcard action', () => {
    for (const role of [...PARTNERS.map(partner), analyst]) {
      const wild = statements.get(role)!.filter((s) => s.Effect === 'Allow' && [s.Action ?? []].flat().some((a) => a === '*' || a.endsWith(':*')));
      expect(wild, role).toEqual([]);
    }
  });
});

describe('nothing is readable anonymously', () => {
  const { template } = synth();
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties?: Record<string, any> }>;

  it('has no public endpoint: no function URL, API, open Lambda permission or public bucket ACL', () => {
    const types = new Set(Object.values(resources).map((r) => r.Type));
    for (const t of ['AWS::Lambda::Url', 'AWS::ApiGateway::RestApi', 'AWS::ApiGatewayV2::Api', 'AWS::CloudFront::Distribution', 'AWS::S3::AccessPoint']) {
      expect(types.has(t), t).toBe(false);
    }
    for (const [id, r] of Object.entries(resources)) {
      if (r.Type === 'AWS::Lambda::Permission') {
        expect(r.Properties?.Principal, id).not.toBe('*');
        expect(r.Properties?.SourceArn ?? r.Properties?.SourceAccount, id).toBeDefined();
      }
      if (r.Type === 'AWS::S3::Bucket') {
        expect(r.Properties?.AccessControl ?? 'Private', id).not.toMatch(/Public|AuthenticatedRead/);
        expect(r.Properties?.PublicAccessBlockConfiguration, id).toEqual({
          BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
        });
      }
    }
  });

  it('trusts no anonymous or foreign-wildcard principal in any role', () => {
    for (const [id, r] of Object.entries(resources)) {
      if (r.Type !== 'AWS::IAM::Role') continue;
      for (const s of [r.Properties?.AssumeRolePolicyDocument.Statement].flat()) {
        expect(JSON.stringify(s.Principal), id).not.toMatch(/^"\*"$|"AWS":"\*"/);
      }
    }
  });
});
