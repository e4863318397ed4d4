/**
 * Builds the CDK app in-process for the infra tests, with the context of cdk.json (as
 * `cdk synth` would) plus overrides, and without bundling the Lambda code (esbuild and
 * `npm ci` are exercised by `npx cdk synth`, not by every test).
 */
import { readFileSync } from 'node:fs';
import type { CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { buildApp } from '../../infra/app';

const CDK_JSON = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> };

export function synth(context: Record<string, unknown> = {}) {
  const built = buildApp({
    context: {
      ...CDK_JSON.context,
      'outturn:account': '123456789012',
      'outturn:region': 'eu-west-2',
      'aws:cdk:bundling-stacks': [],
      ...context,
    },
  });
  const template = Template.fromStack(built.stack);
  return { ...built, template };
}

/** The logical id of a construct's CloudFormation resource. */
export function logicalId(stack: Stack, construct: IConstruct): string {
  const child = (construct.node.defaultChild ?? construct) as CfnResource;
  return stack.getLogicalId(child);
}

export type Resources = Record<string, { Type: string; Properties?: Record<string, any> }>;

export function resourcesOfType(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}
