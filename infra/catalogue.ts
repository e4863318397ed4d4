/**
 * The Glue catalogue Athena reads: one database; per dataset contract one Parquet table
 * `curated_<dataset>` over every curated file; `upload_ledger` (JSON lines, one per
 * accepted upload), `calendar` and `indicator_values`. There is deliberately no table
 * over receipts/: they are for their partner only, and query results in the shared
 * workgroup are readable by analysts. Partitions are projected from the key
 * layout, so there are no crawlers and no partition maintenance.
 *
 * The names the indicator SQL and analysts use (`<dataset>`, `<dataset>_all`,
 * `uploads`) are views over these tables, created by each monthly run
 * (functions/engine/athena-views.ts).
 */
import { Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { curatedTable } from '../functions/engine/athena-views';
import { CALENDAR_KEY, PREFIX } from '../functions/store/layout';
import { DATASETS, type DatasetContract } from '../schemas';
import type { OutturnConfig } from './config';
import {
  CALENDAR_COLUMNS,
  glueColumns,
  gluePartitionKey,
  INDICATOR_VALUES_COLUMNS,
  INDICATOR_VALUES_PARTITION,
  indicatorValuesProjection,
  projectionParameters,
  UPLOAD_LEDGER_COLUMNS,
  UPLOAD_LEDGER_PARTITION,
  uploadLedgerProjection,
  type GlueColumn,
} from './glue-schema';

/** Where the ingest writes the upload ledger (`uploadLedgerKey`). */
export const UPLOAD_LEDGER_PREFIX = `${PREFIX.curated}upload_ledger/`;
/** The folder of the calendar's Parquet file (`CALENDAR_KEY`). */
export const CALENDAR_PREFIX = CALENDAR_KEY.slice(0, CALENDAR_KEY.lastIndexOf('/') + 1);
/** Reference data the monthly run writes and analysts read. */
export const REFERENCE_PREFIX = CALENDAR_KEY.slice(0, CALENDAR_KEY.indexOf('/') + 1);

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
  /**
   * The Glue tables this construct defines (`curated_<dataset>`, `upload_ledger`,
   * `calendar`, `indicator_values`): data, never to be replaced by a view.
   */
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
        description: `Outturn ${config.name} ${config.stage}: curated partner data, its views, indicator values and the calendar`,
      },
    });

    const s3Url = (prefix: string) => `s3://${data.bucketName}/${prefix}`;
    const table = (name: string, description: string, columns: readonly GlueColumn[], partition: GlueColumn | undefined,
      location: string, parameters: Record<string, string>, format: typeof PARQUET | typeof JSON_LINES) => {
      const t = new glue.CfnTable(this, `Table-${name}`, {
        catalogId: stack.account,
        databaseName: this.databaseName,
        tableInput: {
          name,
          description,
          tableType: 'EXTERNAL_TABLE',
          parameters: { EXTERNAL: 'TRUE', classification: format === PARQUET ? 'parquet' : 'json', ...parameters },
          partitionKeys: partition ? [partition] : [],
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
      names.push(table(curatedTable(contract.name), `Every accepted upload's rows of ${contract.name} (the views ${contract.name} and ${contract.name}_all choose the uploads that count). ${contract.description}`.slice(0, 2048), glueColumns(contract), partition, location,
        { 'parquet.compression': 'ZSTD', ...projectionParameters(contract, location) }, PARQUET));
    }

    const indicators = s3Url('indicators/indicator_values/');
    names.push(table('indicator_values', 'One row per indicator and period (indicators.md §3).',
      INDICATOR_VALUES_COLUMNS, INDICATOR_VALUES_PARTITION, indicators,
      { 'parquet.compression': 'ZSTD', ...indicatorValuesProjection(indicators) }, PARQUET));

    const ledger = s3Url(UPLOAD_LEDGER_PREFIX);
    names.push(table('upload_ledger', 'One row per accepted upload (no messages); the uploads view reads it. One JSON document per line.',
      UPLOAD_LEDGER_COLUMNS, UPLOAD_LEDGER_PARTITION, ledger, uploadLedgerProjection(datasets.map((d) => d.name), ledger), JSON_LINES));

    names.push(table('calendar', 'One row per day 2010-2030: working days and their running number (indicators.md §1).',
      CALENDAR_COLUMNS, undefined, s3Url(CALENDAR_PREFIX), { 'parquet.compression': 'ZSTD' }, PARQUET));

    this.tableNames = names;
  }

  /** ARNs of the catalogue, the database and its tables, for IAM. */
  arns(): string[] {
    const base = this.arnBase();
    return [`${base}:catalog`, `${base}:database/${this.databaseName}`, `${base}:table/${this.databaseName}/*`];
  }

  /** ARNs of the given tables (or views) of the database. */
  tableArns(names: readonly string[]): string[] {
    const base = this.arnBase();
    return names.map((name) => `${base}:table/${this.databaseName}/${name}`);
  }

  private arnBase(): string {
    const stack = Stack.of(this);
    return `arn:${stack.partition}:glue:${stack.region}:${stack.account}`;
  }
}
