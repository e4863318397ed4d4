/**
 * A small IAM policy evaluator for the synthesised template: enough of AWS's rules
 * (explicit Deny wins, then any Allow; Action/NotAction, Resource/NotResource with `*`
 * and `?` wildcards; String/Arn conditions on keys the request supplies) to ask "may
 * this role do X to Y?" of the policies the stack actually generates.
 *
 * CloudFormation references are flattened first: a bucket's `Fn::GetAtt Arn` becomes
 * `arn:aws:s3:::<LogicalId>`, so a request names buckets by logical id.
 */
import type { Template } from 'aws-cdk-lib/assertions';

export interface Statement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: unknown;
  readonly NotResource?: unknown;
  readonly Principal?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

export interface Request {
  readonly action: string;
  readonly resource: string;
  /** Condition keys known for this request, e.g. `{ 's3:prefix': 'raw/' }`. */
  readonly context?: Readonly<Record<string, string>>;
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Replaces CloudFormation intrinsics with plain strings. */
export function flatten(value: unknown, resources: Record<string, { Type: string }>): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, any>;
    if ('Fn::Join' in v) return (v['Fn::Join'][1] as unknown[]).map((p) => flatten(p, resources)).join(v['Fn::Join'][0]);
    if ('Fn::GetAtt' in v) {
      const [id, attr] = v['Fn::GetAtt'] as [string, string];
      if (resources[id]?.Type === 'AWS::S3::Bucket' && attr === 'Arn') return `arn:aws:s3:::${id}`;
      return `<${id}.${attr}>`;
    }
    if ('Ref' in v) {
      if (v.Ref === 'AWS::Partition') return 'aws';
      if (v.Ref === 'AWS::Region') return 'eu-west-2';
      if (v.Ref === 'AWS::AccountId') return '123456789012';
      if (v.Ref === 'AWS::URLSuffix') return 'amazonaws.com';
      return `<${v.Ref}>`;
    }
  }
  return JSON.stringify(value);
}

function wildcard(pattern: string, value: string, ignoreCase = false): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, ignoreCase ? 'i' : '').test(value);
}

function conditionHolds(condition: Statement['Condition'], context: Readonly<Record<string, string>>): boolean {
  for (const [operator, entries] of Object.entries(condition ?? {})) {
    for (const [key, expected] of Object.entries(entries)) {
      // Unknown keys are taken as satisfied: an Allow then grants at least as much as
      // in AWS, so "not allowed" findings stay sound.
      if (!(key in context)) continue;
      const actual = context[key];
      const values = list(expected as string | string[]);
      const op = operator.replace(/IfExists$/, '');
      const anyMatch = (f: (e: string) => boolean) => values.some(f);
      const ok = op === 'StringEquals' || op === 'ArnEquals' ? anyMatch((e) => e === actual)
        : op === 'StringLike' || op === 'ArnLike' ? anyMatch((e) => wildcard(e, actual))
        : op === 'StringNotEquals' || op === 'ArnNotEquals' ? !anyMatch((e) => e === actual)
        : op === 'StringNotLike' || op === 'ArnNotLike' ? !anyMatch((e) => wildcard(e, actual))
        : true;
      if (!ok) return false;
    }
  }
  return true;
}

export function statementApplies(s: Statement, request: Request, resources: Record<string, { Type: string }>): boolean {
  const actionMatch = s.Action !== undefined
    ? list(s.Action).some((a) => wildcard(a, request.action, true))
    : !list(s.NotAction).some((a) => wildcard(a, request.action, true));
  if (!actionMatch) return false;
  const resourceMatch = s.Resource !== undefined
    ? list(s.Resource).some((r) => wildcard(flatten(r, resources), request.resource))
    : !list(s.NotResource).some((r) => wildcard(flatten(r, resources), request.resource));
  if (!resourceMatch) return false;
  return conditionHolds(s.Condition, request.context ?? {});
}

/** Every identity-policy statement attached to a role (its inline policies and AWS::IAM::Policy resources). */
export function roleStatements(template: Template, roleLogicalId: string): Statement[] {
  const all = template.toJSON().Resources as Record<string, { Type: string; Properties: any }>;
  const statements: Statement[] = [];
  for (const p of list(all[roleLogicalId]?.Properties?.Policies)) statements.push(...list((p as any).PolicyDocument.Statement as Statement[]));
  for (const r of Object.values(all)) {
    if (r.Type === 'AWS::IAM::Policy' && list(r.Properties.Roles).some((x: any) => x?.Ref === roleLogicalId)) {
      statements.push(...list(r.Properties.PolicyDocument.Statement as Statement[]));
    }
  }
  return statements;
}

/** Whether the statements allow the request: no applicable Deny and at least one applicable Allow. */
export function allows(statements: readonly Statement[], request: Request, template: Template): boolean {
  const resources = template.toJSON().Resources as Record<string, { Type: string }>;
  if (statements.some((s) => s.Effect === 'Deny' && statementApplies(s, request, resources))) return false;
  return statements.some((s) => s.Effect === 'Allow' && statementApplies(s, request, resources));
}
