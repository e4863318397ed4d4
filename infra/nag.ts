/**
 * cdk-nag acknowledgements, each with its reason.
 *
 * cdk-nag 3 acknowledges findings through CDK's `Validations.of(c).acknowledge`, one
 * exact finding id at a time (e.g. `AwsSolutions-IAM5[Resource::<Data1234.Arn>/raw/*]`),
 * and has no pattern form. Finding ids name logical ids that exist only once the stack
 * is built, so a pattern is recorded here with its reason and turned into the exact ids
 * it matches by `applyAcknowledgements`, called at the end of the stack's constructor.
 */
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

interface Pending {
  readonly pattern: RegExp;
  readonly reason: string;
}

const pending = new WeakMap<IConstruct, Pending[]>();

/**
 * Acknowledges a rule on a construct and everything below it. A string is one exact
 * rule or finding id; a RegExp covers every finding id it matches in full (for
 * findings such as IAM5 whose ids carry logical ids).
 */
export function acknowledge(scope: IConstruct, rule: string | RegExp, reason: string): void {
  if (typeof rule === 'string') {
    Validations.of(scope).acknowledge({ id: rule, reason });
    return;
  }
  const list = pending.get(scope) ?? [];
  list.push({ pattern: new RegExp(`^(?:${rule.source})$`, rule.flags.replace('g', '')), reason });
  pending.set(scope, list);
}

/** Turns the pattern acknowledgements under `root` into exact ones; returns how many were made. */
export function applyAcknowledgements(root: IConstruct): number {
  const byPath = new Map(root.node.findAll().map((c) => [c.node.path, c]));
  const report = new AwsSolutionsChecks().validateScope(root);
  let made = 0;
  for (const violation of report.violations) {
    for (const resource of violation.violatingResources) {
      for (let c = resource.constructPath ? byPath.get(resource.constructPath) : undefined; c; c = c.node.scope) {
        const match = pending.get(c)?.find((p) => p.pattern.test(violation.ruleName));
        if (match) {
          Validations.of(c).acknowledge({ id: violation.ruleName, reason: match.reason });
          made += 1;
          break;
        }
      }
    }
  }
  return made;
}
