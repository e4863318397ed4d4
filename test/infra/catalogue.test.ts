import { describe, expect, it } from 'vitest';
import { athenaViewNames, curatedTable, UPLOADS_SELECT } from '../../functions/engine/athena-views';
import { CALENDAR_KEY, curatedPartitionPrefix, indicatorValuesKey, uploadLedgerKey } from '../../functions/store/layout';
import { GLUE_TYPE } from '../../infra/glue-schema';
import { DATASETS, partitionColumn } from '../../schemas';
import { logicalId, resourcesOfType, synth } from './synth';

describe('Glue catalogue', () => {
  const { template, stack, config } = synth();
  const dataId = logicalId(stack, stack.storage.data);
  const tables = Object.values(resourcesOfType(template, 'AWS::Glue::Table')).map((t) => t.Properties?.TableInput);
  const table = (name: string) => {
    const t = tables.find((x) => x.Name === name);
    if (!t) throw new Error(`no Glue table ${name}`);
    return t;
  };
  // `s3://<data bucket>/<prefix>` as CloudFormation writes it.
  const s3Url = (prefix: string) => ({ 'Fn::Join': ['', ['s3://', { Ref: dataId }, `/${prefix}`]] });

  it('has one database and a curated_<dataset> table per dataset, plus upload_ledger, calendar and indicator_values (no table over receipts/), and no crawler', () => {
    template.resourceCountIs('AWS::Glue::Database', 1);
    template.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: `outturn_${config.stage}` } });
    expect(tables.map((t) => t.Name).sort()).toEqual(
      [...DATASETS.map((d) => `curated_${d.name}`), 'upload_ledger', 'calendar', 'indicator_values'].sort());
    expect(DATASETS.map((d) => curatedTable(d.name))).toEqual(DATASETS.map((d) => `curated_${d.name}`));
    expect([...stack.catalogue.tableNames].sort()).toEqual(tables.map((t) => t.Name).sort());
    template.resourceCountIs('AWS::Glue::Crawler', 0);
  });

  it('leaves the dataset names, <dataset>_all and uploads free for the views, which read tables it defines', () => {
    const names = new Set(tables.map((t) => t.Name));
    for (const view of athenaViewNames()) expect(names.has(view), view).toBe(false);
    expect(UPLOADS_SELECT).toContain('FROM upload_ledger');
    expect(names.has('upload_ledger')).toBe(true);
  });

  it('keys every period partition as a string, so that the SQL compares it with text such as 2017 and 2016-09', () => {
    const periods = tables.flatMap((t) => (t.PartitionKeys ?? []).filter((k: any) => k.Name === 'period').map((k: any) => [t.Name, k.Type]));
    expect(periods.map(([name]) => name).sort()).toEqual(
      [...DATASETS.filter((d) => d.cadence !== 'snapshot').map((d) => `curated_${d.name}`), 'indicator_values'].sort());
    for (const [name, type] of periods) expect(type, name).toBe('string');
  });

  it.each(DATASETS.map((d) => [d.name, d] as const))('projects the partitions of %s where the ingest writes them', (_name, contract) => {
    const t = table(`curated_${contract.name}`);
    const key = partitionColumn(contract);
    expect(t.PartitionKeys).toEqual([expect.objectContaining({ Name: key, Type: key === 'snapshot_date' ? 'date' : 'string' })]);
    const sample = { snapshot: '2024-03-31', month: '2024-03', year: '2024' }[contract.cadence];
    const expected = {
      snapshot: { format: 'yyyy-MM-dd', unit: 'DAYS', range: '2010-01-01,NOW' },
      month: { format: 'yyyy-MM', unit: 'MONTHS', range: '2010-01,NOW' },
      year: { format: 'yyyy', unit: 'YEARS', range: '2010,NOW+1YEARS' },
    }[contract.cadence];
    expect(t.Parameters).toMatchObject({
      'projection.enabled': 'true',
      [`projection.${key}.type`]: 'date',
      [`projection.${key}.format`]: expected.format,
      [`projection.${key}.range`]: expected.range,
      [`projection.${key}.interval`]: '1',
      [`projection.${key}.interval.unit`]: expected.unit,
      classification: 'parquet',
    });
    // The projected location is exactly the prefix the store layout writes to.
    const template_ = t.Parameters['storage.location.template'];
    const resolved = { 'Fn::Join': ['', [template_['Fn::Join'][1][0], template_['Fn::Join'][1][1], template_['Fn::Join'][1][2].replace(`\${${key}}`, sample)]] };
    expect(resolved).toEqual(s3Url(curatedPartitionPrefix(contract, sample)));
    expect(t.StorageDescriptor.Location).toEqual(s3Url(`curated/${contract.name}/`));
    expect(t.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe');
  });

  it.each(DATASETS.map((d) => [d.name, d] as const))('maps the columns of %s to Glue types, with local dates and lineage', (_name, contract) => {
    const columns = table(`curated_${contract.name}`).StorageDescriptor.Columns as { Name: string; Type: string }[];
    const byName = new Map(columns.map((c) => [c.Name, c.Type]));
    for (const c of contract.columns) {
      expect(byName.get(c.name), c.name).toBe(GLUE_TYPE[c.type]);
      if (c.type === 'datetime') expect(byName.get(`${c.name}_local_date`), c.name).toBe('date');
    }
    expect(byName.get('upload_id')).toBe('string');
    expect(byName.get('source_row')).toBe('bigint');
    expect(byName.has(partitionColumn(contract))).toBe(false);
    const datetimes = contract.columns.filter((c) => c.type === 'datetime').length;
    expect(columns).toHaveLength(contract.columns.length + datetimes + 2);
  });

  it('types the contract columns as datasets.md §3 says', () => {
    expect(GLUE_TYPE).toEqual({
      id: 'string', code: 'string', text: 'string', upn: 'string', nhs: 'string', postcode: 'string',
      date: 'date', dob: 'date', datetime: 'timestamp', int: 'bigint', number: 'double', bool: 'boolean',
    });
  });

  it('catalogues indicator_values with the columns of indicators.md §3, partitioned by month', () => {
    const t = table('indicator_values');
    expect(t.StorageDescriptor.Columns.map((c: any) => `${c.Name}:${c.Type}`)).toEqual([
      'indicator_id:string', 'numerator:double', 'denominator:double', 'value:double', 'ytd_numerator:double',
      'ytd_denominator:double', 'ytd_value:double', 'status:string', 'computed_at:timestamp', 'inputs:string',
    ]);
    expect(t.PartitionKeys).toEqual([expect.objectContaining({ Name: 'period', Type: 'string' })]);
    expect(t.Parameters).toMatchObject({
      'projection.period.type': 'date', 'projection.period.format': 'yyyy-MM', 'projection.period.interval.unit': 'MONTHS',
    });
    const prefix = indicatorValuesKey('2024-03').replace(/indicator_values\.parquet$/, '');
    expect(t.StorageDescriptor.Location).toEqual(s3Url(prefix.replace('period=2024-03/', '')));
  });

  it('catalogues the upload ledger as JSON lines under curated/upload_ledger/, one projected partition per dataset', () => {
    const t = table('upload_ledger');
    expect(t.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.openx.data.jsonserde.JsonSerDe');
    expect(t.Parameters.classification).toBe('json');
    expect(t.PartitionKeys).toEqual([{ Name: 'dataset', Type: 'string' }]);
    expect(t.Parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.dataset.type': 'enum',
      'projection.dataset.values': DATASETS.map((d) => d.name).join(','),
    });
    // The projected location of a dataset is the folder the ingest writes its lines to.
    const key = uploadLedgerKey('referrals', 'u1');
    expect(t.StorageDescriptor.Location).toEqual(s3Url(key.replace('referrals/u1.json', '')));
    const template_ = t.Parameters['storage.location.template'];
    const parts = template_['Fn::Join'][1];
    expect({ 'Fn::Join': ['', [parts[0], parts[1], parts[2].replace('${dataset}', 'referrals')]] }).toEqual(s3Url(key.replace('u1.json', '')));
    expect(t.StorageDescriptor.Columns.map((c: any) => `${c.Name}:${c.Type}`)).toEqual([
      'partner:string', 'period:string', 'upload_id:string', 'status:string',
      'rows_read:bigint', 'rows_accepted:bigint', 'rows_rejected:bigint', 'received_at:string',
    ]);
  });

  it('catalogues the working-day calendar as one unpartitioned Parquet folder', () => {
    const t = table('calendar');
    expect(t.PartitionKeys).toEqual([]);
    expect(t.Parameters.classification).toBe('parquet');
    expect(t.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe');
    expect(t.StorageDescriptor.Location).toEqual(s3Url(CALENDAR_KEY.replace('calendar.parquet', '')));
    expect(t.StorageDescriptor.Columns.map((c: any) => `${c.Name}:${c.Type}`)).toEqual(['day:date', 'is_working_day:boolean', 'working_day_number:bigint']);
  });
});
