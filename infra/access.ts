/**
 * People's access: one role per partner (upload to its own landing prefix, read its own
 * receipts and quarantined rows, nothing else) and the analyst role (query curated data
 * with its upload ledger, indicators, reports and the reference calendar through
 * Athena; never raw/, quarantine/, receipts/ or landing/).
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { PREFIX } from '../functions/store/layout';
import type { Partner } from '../schemas';
import { REFERENCE_PREFIX, type Catalogue } from './catalogue';
import type { OutturnConfig } from './config';
import { acknowledgeQueryWildcards, grantAthenaQuery, grantKeyViaStorage, grantList, grantObjects } from './grants';
import type { Query } from './query';
import type { Storage } from './storage';
import { acknowledge } from './nag';

export interface AccessProps {
  readonly config: OutturnConfig;
  readonly storage: Storage;
  readonly catalogue: Catalogue;
  readonly query: Query;
  readonly pseudonymKey: secretsmanager.ISecret;
}

/**
 * What an analyst may read in the data bucket: curated/ includes the upload ledger
 * (curated/upload_ledger/) behind the `uploads` view; reference/ holds the calendar.
 */
export const ANALYST_READ_PREFIXES = [PREFIX.curated, PREFIX.indicators, PREFIX.reports, REFERENCE_PREFIX] as const;
/** What an analyst may never read, whatever else grants it. */
export const ANALYST_DENIED_PREFIXES = [PREFIX.raw, PREFIX.quarantine, PREFIX.receipts, PREFIX.landing] as const;

export class Access extends Construct {
  readonly partnerRoles: Readonly<Partial<Record<Partner, iam.Role>>>;
  readonly analystRole: iam.Role;

  constructor(scope: Construct, id: string, props: AccessProps) {
    super(scope, id);
    const { config, storage } = props;
    const stack = Stack.of(this);
    const principal = (arn: string | undefined) => (arn ? new iam.ArnPrincipal(arn) : new iam.AccountRootPrincipal());

    const roles: Partial<Record<Partner, iam.Role>> = {};
    for (const partner of config.partners) {
      const role = new iam.Role(this, `Partner-${partner}`, {
        assumedBy: principal(config.partnerPrincipals[partner]),
        description: `Outturn ${config.stage}: partner '${partner}' uploads files and reads its receipts`,
        maxSessionDuration: Duration.hours(1),
      });
      const own = {
        landing: `${PREFIX.landing}${partner}/`,
        receipts: `${PREFIX.receipts}${partner}/`,
        quarantine: `${PREFIX.quarantine}${partner}/`,
      };
      // Large files go up in parts (`aws s3 cp` does this by itself).
      grantObjects(role, storage.landing, ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'], [own.landing]);
      grantObjects(role, storage.data, ['s3:GetObject'], [own.receipts, own.quarantine]);
      grantList(role, storage.data, [own.receipts, own.quarantine]);
      // The key only for S3 objects under the partner's own prefixes: buckets without
      // bucket keys put the object ARN in the encryption context.
      role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [storage.key.keyArn],
        conditions: {
          StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` },
          StringLike: {
            'kms:EncryptionContext:aws:s3:arn': [
              storage.landing.arnForObjects(`${own.landing}*`),
              storage.data.arnForObjects(`${own.receipts}*`),
              storage.data.arnForObjects(`${own.quarantine}*`),
            ],
          },
        },
      }));
      // Belt and braces: no S3 object outside the partner's own prefixes, whatever else
      // might be attached to the role later.
      role.addToPrincipalPolicy(new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        actions: ['s3:GetObject*', 's3:PutObject*', 's3:DeleteObject*'],
        notResources: [
          storage.landing.arnForObjects(`${own.landing}*`),
          storage.data.arnForObjects(`${own.receipts}*`),
          storage.data.arnForObjects(`${own.quarantine}*`),
        ],
      }));
      acknowledge(role, new RegExp(`AwsSolutions-IAM5\\[Resource::<.*(Landing|Data)[0-9A-F]{8}\\.Arn>/(landing|receipts|quarantine)/${partner}/\\*\\]`),
        `File names are the partner's choice: the wildcard is limited to landing/${partner}/, receipts/${partner}/ and quarantine/${partner}/.`);
      roles[partner] = role;
    }
    this.partnerRoles = roles;

    this.analystRole = new iam.Role(this, 'Analyst', {
      assumedBy: principal(config.analystPrincipal),
      description: `Outturn ${config.stage}: analysts query curated data, indicators, reports and the calendar in Athena`,
      maxSessionDuration: Duration.hours(4),
    });
    const analyst = this.analystRole;
    grantAthenaQuery(analyst, { workGroupArn: props.query.arn(), glueArns: props.catalogue.arns(), results: storage.athenaResults, key: storage.key });
    analyst.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['athena:ListWorkGroups', 'athena:ListDataCatalogs', 'athena:ListEngineVersions'],
      resources: ['*'],
    }));
    grantObjects(analyst, storage.data, ['s3:GetObject'], ANALYST_READ_PREFIXES);
    grantList(analyst, storage.data, ANALYST_READ_PREFIXES);
    grantKeyViaStorage(analyst, storage.key, stack.region, ['kms:Decrypt', 'kms:GenerateDataKey']);
    analyst.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'NeverRawQuarantineReceiptsOrLanding',
      effect: iam.Effect.DENY,
      actions: ['s3:*'],
      resources: [
        storage.data.arnForObjects(`${PREFIX.raw}*`),
        storage.data.arnForObjects(`${PREFIX.quarantine}*`),
        // Receipts carry the partner's messages and file names: for the partner only.
        storage.data.arnForObjects(`${PREFIX.receipts}*`),
        storage.landing.bucketArn,
        storage.landing.arnForObjects('*'),
      ],
    }));
    analyst.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'NeverListRawQuarantineOrReceipts',
      effect: iam.Effect.DENY,
      actions: ['s3:ListBucket', 's3:ListBucketVersions'],
      resources: [storage.data.bucketArn],
      conditions: {
        StringLike: { 's3:prefix': [PREFIX.raw, PREFIX.quarantine, PREFIX.receipts].flatMap((p) => [`${p}*`, p.slice(0, -1)]) },
      },
    }));
    analyst.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'NeverThePseudonymKey',
      effect: iam.Effect.DENY,
      actions: ['secretsmanager:*'],
      resources: [props.pseudonymKey.secretArn],
    }));
    acknowledge(analyst, /AwsSolutions-IAM5\[Resource::<.*Data[0-9A-F]{8}\.Arn>\/(curated|indicators|reports|reference)\/\*\]/,
      'Analysts read every object of curated/, indicators/, reports/ and reference/; raw/, quarantine/ and landing/ are explicitly denied.');
    acknowledgeQueryWildcards(analyst);
    acknowledge(analyst, 'AwsSolutions-IAM5[Resource::*]', 'athena:ListWorkGroups, ListDataCatalogs and ListEngineVersions take no resource.');
  }
}
