/**
 * Issue 2, "done when" 1: a valid hand-made file of every dataset is ACCEPTED and its
 * rows are queryable, through the engine and through `outturn query`; XLSX with real
 * date cells, JSON, NDJSON and Windows-1252 CSV are read as well as UTF-8 CSV.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import ExcelJS from 'exceljs';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DATASETS, type Cadence, type Receipt } from '../../schemas';
import { main } from '../../bin/cli';
import { DuckDbEngine } from '../../functions/engine/duckdb-engine';
import { glueColumns } from '../../infra/glue-schema';
import {
  FIXTURES, isValidNhs, isValidUpn, keysUnder, parseCsv, queryStore, tempWarehouse, upload, uploadPath,
} from '../helpers/ingest';

/** The period each cadence's valid fixture is sent for. */
const PERIOD: Readonly<Record<Cadence, string>> = { snapshot: '2024-09-30', month: '2024-09', year: '2024' };

const validFixture = (dataset: string) => join(FIXTURES, 'valid', `${dataset}.csv`);

describe('a valid file of every dataset', () => {
  const warehouse = tempWarehouse();
  const receipts = new Map<string, Receipt>();
  let engine: DuckDbEngine;

  beforeAll(async () => {
    for (const contract of DATASETS) {
      const key = `${contract.partner}/${contract.name}/${PERIOD[contract.cadence]}/${contract.name}.csv`;
      receipts.set(contract.name, await uploadPath(warehouse(), key, validFixture(contract.name)));
    }
    engine = await DuckDbEngine.open({ store: warehouse().store, memoryLimit: '256MB', threads: 1 });
  });
  afterAll(async () => {
    await engine?.close();
  });
  const q = (sql: string) => engine.query(sql);

  it('has a fixture whose UPNs and NHS numbers carry correct check characters', async () => {
    let checked = 0;
    for (const contract of DATASETS) {
      const { header, rows } = parseCsv(await readFile(validFixture(contract.name), 'utf8'));
      const idColumns = header
        .map((h, i) => ({ h: h.trim().toLowerCase().replace(/[\s_.-]/g, ''), i }))
        .filter(({ h }) => h === 'upn' || h === 'nhsnumber' || h === 'nhsno');
      for (const { h, i } of idColumns) {
        for (const { cells } of rows) {
          const value = cells[i].trim();
          if (!value) continue;
          expect(h === 'upn' ? isValidUpn(value) : isValidNhs(value), `${contract.name} ${h}`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(15);
  });

  it.each(DATASETS.map((d) => d.name))('%s is ACCEPTED with every data row, and the engine counts them', async (name) => {
    const receipt = receipts.get(name)!;
    const { rows } = parseCsv(await readFile(validFixture(name), 'utf8'));
    expect(receipt.errors).toEqual([]);
    expect(receipt.status).toBe('ACCEPTED');
    expect(receipt.rows_accepted).toBe(rows.length);
    expect((await q(`select count(*) as n from ${name}`))[0].n).toBe(receipt.rows_accepted);
  });

  // Athena reads Parquet columns by name; the file keeps each datetime's local date beside it.
  it('writes each curated file with its Glue table\'s columns, as Parquet types Athena reads as the Glue types', async () => {
    const parquetType: Readonly<Record<string, string>> = {
      string: 'BYTE_ARRAY UTF8', date: 'INT32 DATE', timestamp: 'INT64 TIMESTAMP_MICROS', bigint: 'INT64 INT_64', double: 'DOUBLE', boolean: 'BOOLEAN',
    };
    const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', threads: '1' });
    const db = await instance.connect();
    try {
      for (const contract of DATASETS) {
        const [file] = (await keysUnder(warehouse().store, `curated/${contract.name}/`)).filter((k) => k.endsWith('.parquet'));
        const schema = (await db.runAndReadAll(`
          SELECT name, trim(type || ' ' || coalesce(converted_type, '')) AS t FROM parquet_schema('${warehouse().store.localPath(file)}')
          WHERE num_children IS NULL`)).getRowObjectsJS();
        expect(schema.map((c) => `${String(c.name)}: ${String(c.t)}`).sort(), contract.name)
          .toEqual(glueColumns(contract).map((c) => `${c.name}: ${parquetType[c.type]}`).sort());
      }
    } finally {
      db.closeSync();
      instance.closeSync();
    }
  });

  // A second Parquet implementation, not DuckDB's, decodes every curated file the same way:
  // version 2 pages, delta encodings and dictionaries written from ENUMs are standard.
  it('writes curated files that another Parquet reader (hyparquet) decodes to the same rows', async () => {
    const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', threads: '1' });
    const db = await instance.connect();
    try {
      for (const contract of DATASETS) {
        for (const key of (await keysUnder(warehouse().store, `curated/${contract.name}/`)).filter((k) => k.endsWith('.parquet'))) {
          const path = warehouse().store.localPath(key);
          const theirs = await parquetReadObjects({ file: await asyncBufferFromFile(path), compressors });
          const ours = (await db.runAndReadAll(`SELECT * FROM read_parquet('${path}', hive_partitioning = false)`)).getRowObjectsJS();
          expect(theirs.length, key).toBeGreaterThan(0);
          expect(theirs, key).toEqual(ours);
        }
      }
    } finally {
      db.closeSync();
      instance.closeSync();
    }
  });

  it('answers the same counts through the CLI query verb', async () => {
    const sql = DATASETS.map((d) => `select '${d.name}' as dataset, count(*) as n from ${d.name}`).join(' union all ');
    const out = await captureStdout(() => main(['--store', warehouse().store.root, 'query', sql]));
    expect(out.code).toBe(0);
    const counted = new Map(out.text.split('\n').map((l) => l.trim().split(/\s+/)).filter((p) => p.length === 2).map(([d, n]) => [d, n]));
    for (const contract of DATASETS) {
      expect(counted.get(contract.name), contract.name).toBe(String(receipts.get(contract.name)!.rows_accepted));
    }
  });

  it('reads aliases, every date format, Windows line ends and code aliases into the contract columns', async () => {
    expect(await q('select source_row, sex, date_of_birth, postcode, ethnicity from children order by source_row')).toEqual([
      { source_row: 2, sex: 'M', date_of_birth: '2012-03-01', postcode: 'S60 2', ethnicity: 'WBRI' },
      { source_row: 3, sex: 'F', date_of_birth: '2013-07-01', postcode: 'S60 2', ethnicity: 'MWBC' },
      { source_row: 4, sex: 'F', date_of_birth: '2015-11-01', postcode: 'DN1 3', ethnicity: null },
      { source_row: 5, sex: 'U', date_of_birth: '2017-06-01', postcode: 'SW1A 1', ethnicity: 'ABAN' },
      // Row 6 is blank: skipped, but still counted as a row of the partner's file.
      { source_row: 7, sex: 'U', date_of_birth: '2010-01-01', postcode: null, ethnicity: 'REFU' },
    ]);
    // UK local time without a zone (BST in September), Z and an offset.
    expect(await q('select contact_at, contact_at_local_date, decision_at, source, outcome from contacts order by source_row')).toEqual([
      { contact_at: '2024-09-02T08:15:00.000Z', contact_at_local_date: '2024-09-02', decision_at: '2024-09-02T15:40:00.000Z', source: 'POLICE', outcome: 'REFERRAL' },
      { contact_at: '2024-09-03T10:05:00.000Z', contact_at_local_date: '2024-09-03', decision_at: null, source: 'EDUCATION', outcome: null },
      { contact_at: '2024-09-04T08:00:00.000Z', contact_at_local_date: '2024-09-04', decision_at: '2024-09-05T09:00:00.000Z', source: 'HEALTH', outcome: 'NFA' },
      { contact_at: '2024-09-05T13:30:00.000Z', contact_at_local_date: '2024-09-05', decision_at: '2024-09-05T14:00:00.000Z', source: 'PUBLIC', outcome: 'INFORMATION' },
    ]);
    expect(await q('select start_date, completed_date from assessments order by source_row')).toEqual([
      { start_date: '2024-09-03', completed_date: '2024-09-20' },
      { start_date: '2024-09-06', completed_date: null },
      { start_date: '2024-09-06', completed_date: '2024-09-27' },
    ]);
    expect((await q('select start_date from exclusions order by source_row')).map((r) => r.start_date))
      .toEqual(['2024-09-10', '2024-09-11', '2024-09-12']);
    expect(await q('select age, count from population order by age')).toEqual([
      { age: 0, count: 3412 }, { age: 1, count: 3398 }, { age: 2, count: 3405 }, { age: 90, count: 1020 },
    ]);
    expect((await q('select name from establishments order by source_row')).map((r) => r.name))
      .toEqual(["St Mary's C of E Primary, Rotherham", '=Oakwood Academy', 'Kelford "Special" School']);
    expect(await q('select indicator_id, rule, rag_basis, band_reference from targets order by source_row')).toEqual([
      { indicator_id: 'CSC-01', rule: 'HIGH', rag_basis: 'MONTH', band_reference: null },
      { indicator_id: 'CSC-02', rule: 'LOW', rag_basis: 'YTD', band_reference: null },
      { indicator_id: 'SCH-01', rule: 'BAND', rag_basis: null, band_reference: 22 },
    ]);
    expect((await q('select session, code from attendance order by source_row')).map((r) => `${r.session}${r.code}`))
      .toEqual(['AM/', 'PM\\', 'AMN', 'PM#']);
    expect((await q('select immunisations_up_to_date as i from lac_health order by source_row')).map((r) => r.i))
      .toEqual([true, false, true]);
  });
});

describe('other formats and encodings', () => {
  const warehouse = tempWarehouse();

  it('reads an XLSX workbook written by exceljs, with real date and date-time cells and numeric id cells', async () => {
    const workbook = new ExcelJS.Workbook();
    // A first sheet that is not the data: the sheet named after the dataset wins.
    workbook.addWorksheet('Notes').addRow(['Exported from the LCS']);
    const sheet = workbook.addWorksheet('contacts');
    sheet.addRow(['Contact ID', 'Child ID', 'Contact Date', 'Source', 'Decision At', 'Outcome']);
    // exceljs stores a Date's UTC fields as the cell's wall-clock value: these are UK local times.
    sheet.addRow([5001, 'LCS-40117', new Date(Date.UTC(2024, 8, 2, 9, 15)), 'POLICE', new Date(Date.UTC(2024, 8, 2, 16, 40)), 'REFERRAL']);
    sheet.addRow(['5002', 'LCS-40118', new Date(Date.UTC(2024, 8, 3, 11, 5)), 'education', null, null]);
    sheet.addRow([5003, 40119, '2024-09-04T08:00:00Z', 'HEALTH', '05/09/2024 10:00', 'NFA']);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const receipt = await upload(warehouse(), 'council/contacts/2024-09-15/lcs-export.xlsx', file);
    expect(receipt.errors).toEqual([]);
    expect(receipt.status).toBe('ACCEPTED');
    expect(receipt.rows_accepted).toBe(3);
    expect(await queryStore(warehouse().store, 'select source_row, contact_id, contact_at, decision_at from contacts order by source_row')).toEqual([
      { source_row: 2, contact_id: '5001', contact_at: '2024-09-02T08:15:00.000Z', decision_at: '2024-09-02T15:40:00.000Z' },
      { source_row: 3, contact_id: '5002', contact_at: '2024-09-03T10:05:00.000Z', decision_at: null },
      { source_row: 4, contact_id: '5003', contact_at: '2024-09-04T08:00:00.000Z', decision_at: '2024-09-05T09:00:00.000Z' },
    ]);
  });

  it('reads an XLSX date cell into a date column', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Sheet1');
    sheet.addRow(['plan_id', 'child_id', 'start_date', 'end_date', 'category']);
    sheet.addRow(['CP-1', 'LCS-40117', new Date(Date.UTC(2024, 7, 19)), null, 'NEGLECT']);
    sheet.addRow(['CP-2', 'LCS-40118', new Date(Date.UTC(2023, 0, 4)), '2024-02-01', 'PHYSICAL']);
    const receipt = await upload(warehouse(), 'council/cp_plans/2024-09-15/plans.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(receipt.status).toBe('ACCEPTED');
    expect(await queryStore(warehouse().store, 'select start_date, end_date from cp_plans order by source_row')).toEqual([
      { start_date: '2024-08-19', end_date: null },
      { start_date: '2023-01-04', end_date: '2024-02-01' },
    ]);
  });

  it('reads a JSON array of objects, header the union of keys, rows numbered by position', async () => {
    const json = JSON.stringify([
      { measurement_ref: 'NCMP-1', nhs_number: '9990001111', school_year: 'R', measured_date: '2024-09-16', bmi_category: 'HEALTHY' },
      { measurement_ref: 'NCMP-2', school_year: 6, measured_date: '17/09/2024', bmi_category: 'obese' },
      { measurement_ref: 'NCMP-3', school_year: 'R', measured_date: '2024-09-30', bmi_category: 'HEALTHY', nhs_number: '6001234566' },
    ]);
    const receipt = await upload(warehouse(), 'health/child_measurements/2024-09/ncmp.json', json);
    expect(receipt.status).toBe('ACCEPTED');
    expect(receipt.rows_accepted).toBe(3);
    expect(await queryStore(warehouse().store, 'select source_row, school_year, measured_date, nhs_number is not null as has_nhs from child_measurements order by source_row')).toEqual([
      { source_row: 1, school_year: 'R', measured_date: '2024-09-16', has_nhs: true },
      { source_row: 2, school_year: '6', measured_date: '2024-09-17', has_nhs: false },
      { source_row: 3, school_year: 'R', measured_date: '2024-09-30', has_nhs: true },
    ]);
  });

  it('reads NDJSON, one object per line, rows numbered by line', async () => {
    const ndjson = [
      { outcome_ref: 'YJ-1', person_ref: 'PR-88001', date_of_birth: '2012-03-14', outcome_date: '2024-09-18', outcome: 'YOUTH_CAUTION', first_time_entrant: true },
      { outcome_ref: 'YJ-2', person_ref: 'PR-88003', date_of_birth: '2008-12-24', outcome_date: '2024-09-19', outcome: 'CONVICTION', first_time_entrant: false },
      { outcome_ref: 'YJ-3', person_ref: 'PR-88004', date_of_birth: '2009-02-11', outcome_date: '2024-09-20', outcome: 'CAUTION', first_time_entrant: 'Y' },
    ].map((o) => JSON.stringify(o)).join('\n');
    const receipt = await upload(warehouse(), 'police/youth_justice_outcomes/2024-09/yj.ndjson', `${ndjson}\n`);
    expect(receipt.status).toBe('ACCEPTED');
    expect(receipt.rows_accepted).toBe(3);
    expect((await queryStore(warehouse().store, 'select first_time_entrant as f, source_row from youth_justice_outcomes order by source_row')))
      .toEqual([{ f: true, source_row: 1 }, { f: false, source_row: 2 }, { f: true, source_row: 3 }]);
  });

  it('reads a Windows-1252 CSV (what Excel writes): £, é and ’ arrive intact', async () => {
    const bytes = await readFile(join(FIXTURES, 'encoding', 'establishments-windows-1252.csv'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const receipt = await upload(warehouse(), 'performance/establishments/2024-09-30/schools.csv', bytes);
    expect(receipt.status).toBe('ACCEPTED');
    expect((await queryStore(warehouse().store, 'select name from establishments order by source_row')).map((r) => r.name))
      .toEqual(['École St Thérèse’s', 'Fees £0 Academy', 'Brontë Primary']);
  });
});

describe('text columns', () => {
  const own = tempWarehouse();

  it.each([
    // 1,001 names: over the ENUM's count; 4 phases and 2 localities: under it.
    ['many values', 1001, (i: number) => `School ${i}`, '2024-10-31'],
    // 10 names of 10,000 characters: over the ENUM's bytes.
    ['long values', 10, (i: number) => `${'Long name '.repeat(1000)}${i}`, '2024-11-30'],
  ] as const)('stores text columns of few values (written through an ENUM) and of %s alike', async (_, count, name, date) => {
    const rows = Array.from({ length: count }, (_, i) => [100001 + i, name(i), i % 4 ? 'PRIMARY' : 'secondary', i % 2 ? 'NORTH' : 'SOUTH']);
    const csv = `school_urn,name,phase,locality\n${rows.map((r) => r.join(',')).join('\n')}\n`;
    const receipt = await upload(own(), `performance/establishments/${date}/schools.csv`, csv);
    expect(receipt.status).toBe('ACCEPTED');
    const stored = await queryStore(own().store, `
      select school_urn, name, phase, locality from establishments_all where upload_id = '${receipt.upload_id}' order by source_row`);
    expect(stored).toEqual(rows.map(([urn, text, phase, locality]) => ({ school_urn: String(urn), name: text, phase: String(phase).toUpperCase(), locality })));
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs the CLI with process.stdout captured (the CLI writes its table there). */
async function captureStdout(run: () => Promise<number>): Promise<{ code: number; text: string }> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
  try {
    const code = await run();
    return { code, text: chunks.join('') };
  } finally {
    spy.mockRestore();
  }
}
