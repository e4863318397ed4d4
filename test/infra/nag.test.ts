import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { synth } from './synth';

// CDK stores acknowledged ids as `Annotation::<id>`.
const bare = (id: string) => id.replace(/^annotation::/i, '');

describe('cdk-nag AwsSolutions', () => {
  const { app } = synth();

  it('finds no unacknowledged error or warning in the stack', () => {
    const report = new AwsSolutionsChecks().validateScope(app);
    const findings = report.violations.map((v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('gives every acknowledgement a reason', () => {
    const acknowledged = app.node.findAll().flatMap((c) => c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ id: bare(id), reason, path: c.node.path }))));
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const a of acknowledged) {
      expect(a.id, a.path).toMatch(/^AwsSolutions-[A-Z]+\d+/);
      expect(a.reason.length, `${a.id} at ${a.path}`).toBeGreaterThan(30);
    }
  });

  it('acknowledges IAM wildcards only for the prefixes and resources it names, never Resource::* on our own roles', () => {
    const wildcardAcks = app.node.findAll().flatMap((c) => c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.keys(m.data as Record<string, string>).map((id) => ({ id: bare(id), path: c.node.path }))))
      .filter((a) => a.id === 'AwsSolutions-IAM5[Resource::*]');
    // Only CDK's own notification handler, the state machine's X-Ray/logs policy and the
    // analyst's resource-less Athena List* actions.
    expect(wildcardAcks.length).toBeGreaterThan(0);
    for (const a of wildcardAcks) {
      expect(a.path).toMatch(/BucketNotificationsHandler|MonthlyRun\/StateMachine|Access\/Analyst/);
    }
  });
});
