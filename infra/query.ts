/**
 * The Athena workgroup every query runs in (analysts and the scheduled functions):
 * its settings are enforced, so a client cannot send results elsewhere, unencrypted,
 * or scan more than the configured bytes.
 */
import { Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { resourcePrefix, type OutturnConfig } from './config';

export interface QueryProps {
  readonly config: OutturnConfig;
  readonly results: s3.IBucket;
  readonly key: kms.IKey;
}

export const ATHENA_ENGINE_VERSION = 'Athena engine version 3';

export class Query extends Construct {
  readonly workGroupName: string;
  readonly workGroup: athena.CfnWorkGroup;

  constructor(scope: Construct, id: string, props: QueryProps) {
    super(scope, id);
    this.workGroupName = resourcePrefix(props.config);
    this.workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: this.workGroupName,
      description: `Outturn ${props.config.name} ${props.config.stage}: analysts and scheduled indicator runs`,
      state: 'ENABLED',
      recursiveDeleteOption: false,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.config.athenaBytesScannedCutoff,
        requesterPaysEnabled: false,
        engineVersion: { selectedEngineVersion: ATHENA_ENGINE_VERSION },
        resultConfiguration: {
          outputLocation: `s3://${props.results.bucketName}/athena/`,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: props.key.keyArn },
          expectedBucketOwner: Stack.of(this).account,
        },
      },
    });
  }

  /** The workgroup's ARN, for IAM. */
  arn(): string {
    const stack = Stack.of(this);
    return `arn:${stack.partition}:athena:${stack.region}:${stack.account}:workgroup/${this.workGroupName}`;
  }
}
