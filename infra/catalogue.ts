/**
 * The Glue catalogue Athena reads: one database, one Parquet table per dataset contract,
 * `indicator_values`, and `receipts` (JSON). Partitions are projected from the key
 * layout, so there are no crawlers and no partition maintenance.
 */
import { Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DATASETS, type DatasetContract } from '../schemas';
import type { OutturnConfig } from './config';
import {
  glueColumns,
  gluePartitionKey,
  INDICATOR_VALUES_COLUMNS,
  INDICATOR_VALUES_PARTITION,
  indicatorValuesProjection,
  projectionParameters,
  RECEIPT_COLUMNS,
  RECEIPT_PARTITION,
  receiptProjection,
  type GlueColumn,
} from './glue-schema';

export interface CatalogueProps {
  readonly config: OutturnConfig;
  readonly data: s3.IBucket;
  /** @default every contract in `schemas/index.ts` */
  readonly datasets?: readonly DatasetContract[];
}

const PARQUET = {
  inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
} as const;

const JSON_LINES = {
  inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
  outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
  serdeInfo: { serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' },
} as const;

export class Catalogue extends Construct {
  readonly databaseName: string;
  /** Glue table names, by dataset name plus `indicator_values` and `receipts`. */
  readonly tableNames: readonly string[];

  constructor(scope: Construct, id: string, props: CatalogueProps) {
    super(scope, id);
    const { config, data } = props;
    const datasets = props.datasets ?? DATASETS;
    const stack = Stack.of(this);
    this.databaseName = `${config.name}_${config.stage}`;

    const database = new glue.CfnDatabase(this, 'Database', {
      catalogId: stack.account,
      databaseInput: {
        name: this.databaseName,
        description: `Outturn ${config.name} ${config.stage}: curated partner data, indicator values and receipts`,
      },
    });

    const s3Url = (prefix: string) => `s3://${data.bucketName}/${prefix}`;
    const table = (name: string, description: string, columns: readonly GlueColumn[], partition: GlueColumn,
      location: string, parameters: Record<string, string>, format: typeof PARQUET | typeof JSON_LINES) => {
      const t = new glue.CfnTable(this, `Table-${name}`, {
        catalogId: stack.account,
        databaseName: this.databaseName,
        tableInput: {
          name,
          description,
          tableType: 'EXTERNAL_TABLE',
          parameters: { EXTERNAL: 'TRUE', classification: format === PARQUET ? 'parquet' : 'json', ...parameters },
          partitionKeys: [partition],
          storageDescriptor: { location, columns: columns.map((c) => ({ ...c })), ...format },
        },
      });
      t.node.addDependency(database);
      return name;
    };

    const names: string[] = [];
    for (const contract of datasets) {
      const partition = gluePartitionKey(contract);
      if (contract.columns.some((c) => c.name === partition.name)) {
        throw new Error(`Dataset ${contract.name}: a column is named '${partition.name}', which is its partition column`);
      }
      const location = s3Url(`curated/${contract.name}/`);
      names.push(table(contract.name, contract.description, glueColumns(contract), partition, location,
        { 'parquet.compression': 'ZSTD', ...projectionParameters(contract, location) }, PARQUET));
    }

    const indicators = s3Url('indicators/indicator_values/');
    names.push(table('indicator_values', 'One row per indicator and period (indicators.md §3).',
      INDICATOR_VALUES_COLUMNS, INDICATOR_VALUES_PARTITION, indicators,
      { 'parquet.compression': 'ZSTD', ...indicatorValuesProjection(indicators) }, PARQUET));

    const receipts = s3Url('receipts/');
    names.push(table('receipts', 'One row per upload receipt (datasets.md §6); one JSON document per line.',
      RECEIPT_COLUMNS, RECEIPT_PARTITION, receipts, receiptProjection(config.partners, receipts), JSON_LINES));

    this.tableNames = names;
  }

  /** ARNs of the catalogue, the database and its tables, for IAM. */
  arns(): string[] {
    const stack = Stack.of(this);
    const base = `arn:${stack.partition}:glue:${stack.region}:${stack.account}`;
    return [`${base}:catalog`, `${base}:database/${this.databaseName}`, `${base}:table/${this.databaseName}/*`];
  }
}
