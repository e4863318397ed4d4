import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { allows, roleStatements, type Statement } from './iam-eval';
import { logicalId, resourcesOfType, synth } from './synth';

describe('ingest', () => {
  const { template, stack } = synth({ 'outturn:ingestReservedConcurrency': 4 });
  const keyId = logicalId(stack, stack.storage.key);
  const queueId = logicalId(stack, stack.ingest.queue);
  const dlqId = logicalId(stack, stack.ingest.deadLetterQueue);
  const fnId = logicalId(stack, stack.ingest.handler.fn);
  const roleId = logicalId(stack, stack.ingest.handler.role);
  const secretId = logicalId(stack, stack.ingest.pseudonymKey);
  const functions = resourcesOfType(template, 'AWS::Lambda::Function');

  it('queues landing events, KMS-encrypted, with a dead-letter queue after 5 receives', () => {
    const queues = resourcesOfType(template, 'AWS::SQS::Queue');
    expect(queues[queueId].Properties).toMatchObject({
      KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: 5 },
    });
    expect(queues[dlqId].Properties).toMatchObject({ KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    // Every queue, the dead-letter ones included, is encrypted with the key and TLS-only.
    for (const [id, q] of Object.entries(queues)) expect(q.Properties?.KmsMasterKeyId, id).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    const tlsOnly = Object.values(resourcesOfType(template, 'AWS::SQS::QueuePolicy'))
      .filter((p) => (p.Properties?.PolicyDocument.Statement as any[]).some((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false'))
      .flatMap((p) => p.Properties?.Queues.map((q: any) => q.Ref));
    expect(tlsOnly.sort()).toEqual(Object.keys(queues).sort());
  });

  it('keeps a message invisible longer than the function may run', () => {
    const visibility = resourcesOfType(template, 'AWS::SQS::Queue')[queueId].Properties?.VisibilityTimeout;
    expect(visibility).toBeGreaterThan(functions[fnId].Properties?.Timeout);
  });

  it('sends ObjectCreated events under landing/ to the queue', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: logicalId(stack, stack.storage.landing) },
      NotificationConfiguration: {
        QueueConfigurations: [{
          Events: ['s3:ObjectCreated:*'],
          QueueArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'landing/' }] } },
        }],
      },
    });
  });

  it('runs the ingest function on Node.js 22 with reserved concurrency, one message at a time, reporting item failures', () => {
    expect(functions[fnId].Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      ReservedConcurrentExecutions: 4,
      Role: { 'Fn::GetAtt': [roleId, 'Arn'] },
      Environment: { Variables: expect.objectContaining({ PSEUDONYM_SECRET_ARN: { Ref: secretId } }) },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fnId },
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 4 },
    });
    for (const [id, fn] of Object.entries(functions)) {
      if (fn.Properties?.Runtime?.startsWith('nodejs') && id.includes('Function')) expect(fn.Properties.Runtime, id).toBe('nodejs22.x');
    }
  });

  it('keeps idempotency records in an on-demand, KMS-encrypted table with TTL and point-in-time recovery', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it('generates the pseudonymisation key, KMS-encrypted, readable by the ingest role only', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      GenerateSecretString: Match.objectLike({ PasswordLength: 64 }),
    });
    const roles = Object.keys(resourcesOfType(template, 'AWS::IAM::Role'));
    const secretArn = `<${secretId}>`;
    const readers = roles.filter((r) => allows(roleStatements(template, r), { action: 'secretsmanager:GetSecretValue', resource: secretArn }, template));
    expect(readers).toEqual([roleId]);
    // And the secret's own policy denies everyone else, whatever IAM grants them.
    const resourcePolicy = Object.values(resourcesOfType(template, 'AWS::SecretsManager::ResourcePolicy'))
      .find((p) => p.Properties?.SecretId.Ref === secretId);
    const deny = (resourcePolicy?.Properties?.ResourcePolicy.Statement as Statement[]).find((s) => s.Effect === 'Deny');
    expect(deny).toMatchObject({
      Action: 'secretsmanager:GetSecretValue',
      Principal: { AWS: '*' },
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': { 'Fn::GetAtt': [roleId, 'Arn'] } } },
    });
  });

  it('lets the ingest role read landing/ and write raw/, curated/, quarantine/, receipts/, but not indicators or reports', () => {
    const statements = roleStatements(template, roleId);
    const landing = `arn:aws:s3:::${logicalId(stack, stack.storage.landing)}`;
    const data = `arn:aws:s3:::${logicalId(stack, stack.storage.data)}`;
    const can = (action: string, resource: string) => allows(statements, { action, resource }, template);
    expect(can('s3:GetObject', `${landing}/landing/council/children/2024-03-31/c.csv`)).toBe(true);
    for (const p of ['raw', 'curated', 'quarantine', 'receipts']) expect(can('s3:PutObject', `${data}/${p}/x`), p).toBe(true);
    for (const p of ['indicators', 'reports', 'published']) expect(can('s3:PutObject', `${data}/${p}/x`), p).toBe(false);
    expect(can('s3:PutObject', `${landing}/landing/council/x.csv`)).toBe(false);
    expect(can('s3:DeleteObject', `${data}/raw/x`)).toBe(false);
  });
});
