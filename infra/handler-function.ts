/**
 * One Lambda handler of `functions/`: its own role (nothing granted by default), its
 * own KMS-encrypted log group, Node.js 22, bundled by the locally installed esbuild
 * (no Docker). Functions that use DuckDB ship `@duckdb/node-api` and its native
 * binding as a real `node_modules`, installed for Lambda's platform. Folders the code
 * reads at run time (the indicator SQL) are copied into the bundle, so that they sit
 * under `/var/task/<folder>` in Lambda.
 */
import { Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import type { OutturnConfig } from './config';
import { acknowledge } from './nag';

/** The project root, where `functions/` and `package-lock.json` live. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Modules left to the Lambda runtime's own AWS SDK v3. */
export const RUNTIME_PROVIDED_MODULES = ['@aws-sdk/util-dynamodb'] as const;

export interface HandlerFunctionProps {
  readonly config: OutturnConfig;
  readonly key: kms.IKey;
  /** The handler file, relative to the project root, e.g. `functions/ingest-handler.ts`. */
  readonly entry: string;
  readonly description: string;
  /** The Powertools service name, also the `service` field of every log line. */
  readonly serviceName: string;
  /** @default 1024 */
  readonly memoryMb?: number;
  /** @default 5 minutes */
  readonly timeout?: Duration;
  /** /tmp size. @default 512 */
  readonly ephemeralStorageMb?: number;
  /** Ship `@duckdb/node-api` (native) next to the bundle. @default false */
  readonly usesDuckDb?: boolean;
  readonly environment?: Readonly<Record<string, string>>;
  /** Concurrent invocations at most. @default unreserved */
  readonly reservedConcurrency?: number;
  /**
   * Folders, relative to the project root, copied into the bundle at the same relative
   * path (`sql/indicators` arrives at `/var/task/sql/indicators`). @default none
   */
  readonly bundledFolders?: readonly string[];
}

/** Where Lambda unpacks the bundle. */
export const LAMBDA_TASK_ROOT = '/var/task';

/** The shell commands that copy `folders` from the project root into the bundle. */
export function copyFolderCommands(inputDir: string, outputDir: string, folders: readonly string[]): string[] {
  return folders.map((folder) => {
    if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/.test(folder)) {
      throw new Error(`bundledFolders: got ${JSON.stringify(folder)}; give a plain relative folder such as "sql/indicators"`);
    }
    const parent = folder.includes('/') ? folder.slice(0, folder.lastIndexOf('/')) : '.';
    return `mkdir -p "${outputDir}/${parent}" && cp -R "${inputDir}/${folder}" "${outputDir}/${parent}/"`;
  });
}

export class HandlerFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const usesDuckDb = props.usesDuckDb ?? false;
    const bundledFolders = props.bundledFolders ?? [];

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      encryptionKey: props.key,
      retention: retentionDays(props.config.logRetentionDays),
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // A role without the AWS managed basic-execution policy: logs to its own group only.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (Outturn ${props.config.stage})`,
    });
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [this.logGroup.logGroupArn],
    }));

    this.fn = new NodejsFunction(this, 'Function', {
      entry: `${PROJECT_ROOT}${props.entry}`,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      // The DuckDB binding is installed for linux-x64 below.
      architecture: lambda.Architecture.X86_64,
      memorySize: props.memoryMb ?? 1024,
      timeout: props.timeout ?? Duration.minutes(5),
      ephemeralStorageSize: Size.mebibytes(props.ephemeralStorageMb ?? 512),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      reservedConcurrentExecutions: props.reservedConcurrency,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        NODE_OPTIONS: '--enable-source-maps',
        OUTTURN_STAGE: props.config.stage,
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        // Some CommonJS dependencies call require() from inside the ESM bundle.
        banner: "import { createRequire as __outturnCreateRequire } from 'node:module'; const require = __outturnCreateRequire(import.meta.url);",
        // Bundle the AWS SDK we test with rather than whatever version the runtime has,
        // except what the project does not install but the Node.js 22 runtime provides
        // (Powertools idempotency's DynamoDB layer imports @aws-sdk/util-dynamodb).
        externalModules: [...RUNTIME_PROVIDED_MODULES],
        ...(usesDuckDb ? { nodeModules: ['@duckdb/node-api'] } : {}),
        ...(bundledFolders.length ? {
          commandHooks: {
            beforeBundling: () => [],
            beforeInstall: () => [],
            afterBundling: (inputDir: string, outputDir: string) => copyFolderCommands(inputDir, outputDir, bundledFolders),
          },
        } : {}),
        forceDockerBundling: false,
        environment: {
          // `npm ci` for nodeModules: use the local cache first (offline synth), and
          // pick Lambda's native binding whatever machine synthesises.
          npm_config_prefer_offline: 'true',
          npm_config_os: 'linux',
          npm_config_cpu: 'x64',
          npm_config_libc: 'glibc',
          npm_config_audit: 'false',
          npm_config_fund: 'false',
          npm_config_update_notifier: 'false',
        },
      },
    });

    acknowledge(this.role, /AwsSolutions-IAM5\[Resource::<.*Logs[0-9A-F]{8}\.Arn>(:\*)?\]/,
      'Lambda names its log streams at run time; the grant is limited to this function\'s own log group.');
    acknowledge(this.fn, 'AwsSolutions-L1',
      `operations.md fixes the runtime to Node.js 22; ${stack.stackName} moves to a newer runtime deliberately, with its tests, not automatically.`);
  }
}

const RETENTION: readonly logs.RetentionDays[] = Object.values(logs.RetentionDays)
  .filter((v): v is logs.RetentionDays => typeof v === 'number' && v > 0)
  .sort((a, b) => a - b);

/** The shortest CloudWatch retention that keeps logs at least `days` days. */
export function retentionDays(days: number): logs.RetentionDays {
  return RETENTION.find((r) => r >= days) ?? logs.RetentionDays.INFINITE;
}
