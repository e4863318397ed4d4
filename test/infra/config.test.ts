import { describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig, stackName } from '../../infra/config';
import { PARTNERS } from '../../schemas';

const from = (context: Record<string, unknown>) => resolveConfig((k) => context[k], {});

describe('resolveConfig', () => {
  it('defaults every setting when the context is empty', () => {
    const config = from({});
    expect(config).toMatchObject({
      stage: 'dev',
      name: 'outturn',
      region: 'eu-west-2',
      partners: [...PARTNERS],
      rawRetentionYears: 7,
      quarantineExpiryDays: 90,
      athenaBytesScannedCutoff: 10 * 1024 ** 3,
      scheduleExpression: 'cron(0 8 5 * ? *)',
      scheduleTimezone: 'Europe/London',
      ingestReservedConcurrency: 5,
    });
    expect(config.account).toBeUndefined();
    expect(stackName(config)).toBe('Outturn-dev');
  });

  it('reads -c values given as strings', () => {
    const config = from({
      'outturn:stage': 'prod',
      'outturn:name': 'northshire',
      'outturn:rawRetentionYears': '10',
      'outturn:partners': 'council,health',
      'outturn:partnerPrincipals': '{"health":"arn:aws:iam::111122223333:role/uploader"}',
    });
    expect(config.rawRetentionYears).toBe(10);
    expect(config.partners).toEqual(['council', 'health']);
    expect(config.partnerPrincipals.health).toBe('arn:aws:iam::111122223333:role/uploader');
    expect(stackName(config)).toBe('Outturn-northshire-prod');
  });

  it('takes account and region from the CDK environment when the context has none', () => {
    const config = resolveConfig(() => undefined, { CDK_DEFAULT_ACCOUNT: '210987654321', CDK_DEFAULT_REGION: 'eu-west-1' });
    expect(config.account).toBe('210987654321');
    expect(config.region).toBe('eu-west-1');
  });

  it.each([
    ['outturn:stage', 'Prod!', /1–20 lower-case/],
    ['outturn:quarantineExpiryDays', 0, /at least 1/],
    ['outturn:partners', ['council', 'fire'], /non-empty list of council/],
    ['outturn:athenaBytesScannedCutoff', 1000, /at least 10000000/],
    ['outturn:scheduleExpression', 'monthly', /Scheduler expression/],
    ['outturn:partnerPrincipals', { police: 'someone' }, /IAM role, user or account-root ARN/],
  ])('rejects a malformed %s with the value and what is allowed', (key, value, message) => {
    expect(() => from({ [key]: value })).toThrow(ConfigError);
    expect(() => from({ [key]: value })).toThrow(message);
  });
});
