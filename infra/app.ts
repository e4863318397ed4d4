/**
 * The CDK app (`npx cdk synth`, `npx cdk deploy -c outturn:stage=prod`): one Outturn
 * stack per invocation, configured from context (see `config.ts` and cdk.json), checked
 * by cdk-nag's AwsSolutions rules.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { resolveConfig, stackName, type OutturnConfig } from './config';
import { OutturnStack } from './outturn-stack';

export interface BuildAppOptions {
  /** Context values, as `-c` would give them (tests pass these). @default cdk.json via the CLI */
  readonly context?: Record<string, unknown>;
  /** Where the CLI expects the cloud assembly. @default the CLI's choice */
  readonly outdir?: string;
}

/** Builds the app with its one stack; the stack and its resolved configuration are returned too. */
export function buildApp(options: BuildAppOptions = {}): { app: App; stack: OutturnStack; config: OutturnConfig } {
  const app = new App({ ...(options.context ? { context: options.context } : {}), ...(options.outdir ? { outdir: options.outdir } : {}) });
  const config = resolveConfig((key) => app.node.tryGetContext(key));
  const stack = new OutturnStack(app, stackName(config), {
    config,
    env: { ...(config.account ? { account: config.account } : {}), region: config.region },
    description: `Outturn performance-indicator warehouse (${config.name}, ${config.stage})`,
    tags: { project: 'outturn', stage: config.stage },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack, config };
}

const isMain = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('infra/app.ts');
if (isMain) buildApp().app.synth();
