/**
 * Narrow IAM grants shared by the functions and roles: object actions under given
 * prefixes, listing limited to prefixes, and running queries in the workgroup.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';
import { acknowledge } from './nag';

/** Allows `actions` on the objects under each prefix of a bucket. */
export function grantObjects(grantee: iam.IGrantable, bucket: s3.IBucket, actions: string[], prefixes: readonly string[]): void {
  grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
    actions,
    resources: prefixes.map((p) => bucket.arnForObjects(`${p}*`)),
  }));
}

/** Allows listing a bucket, but only under the given prefixes. */
export function grantList(grantee: iam.IGrantable, bucket: s3.IBucket, prefixes: readonly string[]): void {
  grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['s3:ListBucket'],
    resources: [bucket.bucketArn],
    conditions: { StringLike: { 's3:prefix': prefixes.flatMap((p) => [p, `${p}*`]) } },
  }));
}

export interface AthenaGrantProps {
  readonly workGroupArn: string;
  /** ARNs of the Glue catalogue, database and tables. */
  readonly glueArns: readonly string[];
  readonly results: s3.IBucket;
  readonly key: kms.IKey;
}

/** Athena actions that run and read queries in a workgroup. */
export const ATHENA_QUERY_ACTIONS = [
  'athena:StartQueryExecution',
  'athena:StopQueryExecution',
  'athena:GetQueryExecution',
  'athena:GetQueryResults',
  'athena:GetQueryResultsStream',
  'athena:GetQueryRuntimeStatistics',
  'athena:BatchGetQueryExecution',
  'athena:ListQueryExecutions',
  'athena:GetWorkGroup',
] as const;

/** Glue actions that read table definitions. */
export const GLUE_READ_ACTIONS = [
  'glue:GetDatabase',
  'glue:GetDatabases',
  'glue:GetTable',
  'glue:GetTables',
  'glue:GetPartition',
  'glue:GetPartitions',
] as const;

/**
 * Allows running queries in the workgroup: Athena on the workgroup, Glue read on the
 * catalogue, the results bucket (Athena writes and reads results with the caller's
 * credentials), and the key through S3 only. Data prefixes are granted separately.
 */
export function grantAthenaQuery(grantee: iam.IGrantable, props: AthenaGrantProps): void {
  const principal = grantee.grantPrincipal;
  principal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [...ATHENA_QUERY_ACTIONS], resources: [props.workGroupArn] }));
  principal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [...GLUE_READ_ACTIONS], resources: [...props.glueArns] }));
  principal.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
    resources: [props.results.bucketArn],
  }));
  principal.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
    resources: [props.results.arnForObjects('athena/*')],
  }));
}

/** Allows the key's data-key operations, but only when S3 or Athena calls KMS for the grantee. */
export function grantKeyViaStorage(grantee: iam.IGrantable, key: kms.IKey, region: string, actions: readonly string[]): void {
  grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: [...actions],
    resources: [key.keyArn],
    conditions: { StringEquals: { 'kms:ViaService': [`s3.${region}.amazonaws.com`, `athena.${region}.amazonaws.com`] } },
  }));
}

/** Acknowledges the wildcards `grantAthenaQuery` needs, with their reasons. */
export function acknowledgeQueryWildcards(scope: IConstruct): void {
  acknowledge(scope, /AwsSolutions-IAM5\[Resource::<.*AthenaResults[0-9A-F]{8}\.Arn>\/athena\/\*\]/,
    'Athena names each result object by its query id; the grant is limited to athena/ in the results bucket.');
  acknowledge(scope, /AwsSolutions-IAM5\[Resource::arn:.+:glue:.+:table\/[a-z0-9_]+\/\*\]/,
    'Read access to the tables of the one Outturn Glue database (one table per dataset, added as contracts are added).');
}
