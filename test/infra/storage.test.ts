import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { logicalId, resourcesOfType, synth } from './synth';

describe('storage', () => {
  const { template, stack } = synth({ 'outturn:rawRetentionYears': 7, 'outturn:quarantineExpiryDays': 45 });
  const buckets = resourcesOfType(template, 'AWS::S3::Bucket');
  const ids = {
    landing: logicalId(stack, stack.storage.landing),
    data: logicalId(stack, stack.storage.data),
    results: logicalId(stack, stack.storage.athenaResults),
    logs: logicalId(stack, stack.storage.accessLogs),
  };
  const keyId = logicalId(stack, stack.storage.key);

  it('has exactly the four buckets', () => {
    expect(Object.keys(buckets).sort()).toEqual(Object.values(ids).sort());
  });

  it('blocks public access and versions every bucket', () => {
    for (const [id, bucket] of Object.entries(buckets)) {
      expect(bucket.Properties?.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
      });
      expect(bucket.Properties?.VersioningConfiguration, id).toEqual({ Status: 'Enabled' });
    }
  });

  it('encrypts landing, data and results with the customer-managed key, which rotates', () => {
    for (const id of [ids.landing, ids.data, ids.results]) {
      expect(buckets[id].Properties?.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault, id).toEqual({
        SSEAlgorithm: 'aws:kms',
        KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] },
      });
    }
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    // S3 cannot deliver server access logs to an SSE-KMS bucket.
    expect(buckets[ids.logs].Properties?.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'AES256' });
  });

  it('logs access to landing, data and results into the access-log bucket', () => {
    for (const id of [ids.landing, ids.data, ids.results]) {
      expect(buckets[id].Properties?.LoggingConfiguration?.DestinationBucketName, id).toEqual({ Ref: ids.logs });
    }
  });

  it('denies every request without TLS, on every bucket', () => {
    const policies = resourcesOfType(template, 'AWS::S3::BucketPolicy');
    const secured = Object.values(policies)
      .filter((p) => (p.Properties?.PolicyDocument.Statement as any[]).some((s) =>
        s.Effect === 'Deny' && s.Action === 's3:*' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false'))
      .map((p) => p.Properties?.Bucket.Ref);
    expect(secured.sort()).toEqual(Object.values(ids).sort());
  });

  it('expires quarantine after the configured days, keeps raw for the configured years and expires old versions', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: Match.anyValue(),
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Prefix: 'quarantine/', ExpirationInDays: 45, Status: 'Enabled' }),
          Match.objectLike({ Prefix: 'raw/', ExpirationInDays: 7 * 365 + 2, Status: 'Enabled' }),
          Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 } }),
        ]),
      },
    });
    for (const [id, bucket] of Object.entries(buckets)) {
      const rules = bucket.Properties?.LifecycleConfiguration.Rules as any[];
      expect(rules.some((r) => r.NoncurrentVersionExpiration?.NoncurrentDays > 0), id).toBe(true);
    }
  });
});
