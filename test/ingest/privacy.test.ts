/**
 * Issue 2, "done when" 3: no clear identifier reaches curated/, receipts/ or
 * quarantine/. Files full of child ids, UPNs, NHS numbers, police person refs, family
 * ids, postcodes, full dates of birth and a surname column go through every dataset that
 * has them, good rows and rejected rows alike; then everything written is read back
 * (Parquet decoded by DuckDB, every column) and searched for every clear value.
 * Pseudonyms are checked against HMAC-SHA256 computed here with node:crypto.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATASETS, type Cadence, type PseudonymKind } from '../../schemas';
import { DuckDbEngine } from '../../functions/engine/duckdb-engine';
import {
  FIXTURES, clearValues, expectedPseudonym, fixture, parseCsv, storeText, tempWarehouse, upload, upnCheckLetter,
} from '../helpers/ingest';

const PERIOD: Readonly<Record<Cadence, string>> = { snapshot: '2024-09-30', month: '2024-09', year: '2024' };
const SURNAMES = ['Featherstonehaugh', 'Cholmondeley', 'Marjoribanks', 'Auchinleck', 'Dalziel'];

/** A dataset's contract columns that hold personal data. */
const personalDatasets = DATASETS.filter((d) =>
  d.columns.some((c) => c.pseudonym || ['upn', 'nhs', 'dob', 'postcode'].includes(c.type)));

/** Appends a surname column (identifying, W002) to a CSV. */
function withSurname(csv: string): string {
  const lines = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
  return lines.map((line, i) => (i === 0 ? `${line},surname` : line.trim() ? `${line},${SURNAMES[i % SURNAMES.length]}` : line)).join('\n');
}

/** The ISO form of a fixture date (the formats of datasets.md §3 used in the fixtures). */
function isoDate(text: string): string {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}/.test(t)) return t.slice(0, 10);
  const m = /^(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})$/.exec(t);
  if (!m) throw new Error(`fixture date in an unexpected form: row value withheld`);
  const y = m[3].length === 2 ? `20${m[3]}` : m[3];
  return `${y}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
}

/** Every spelling of every clear value in a CSV: as sent, normalised, dates of birth in ISO, postcodes spaced. */
function spellings(dataset: string, csv: string): string[] {
  const contract = DATASETS.find((d) => d.name === dataset)!;
  const out = new Set(clearValues(dataset, csv));
  const { header, rows } = parseCsv(csv);
  header.forEach((h, i) => {
    const key = h.trim().toLowerCase().replace(/[\s_.-]+/g, '');
    const column = contract.columns.find((c) => [c.name, ...c.aliases].some((n) => n.toLowerCase().replace(/[\s_.-]+/g, '') === key));
    for (const { cells } of rows) {
      const value = cells[i]?.trim();
      if (!column || !value) continue;
      if (column.type === 'dob') out.add(isoDate(value));
      if (column.type === 'postcode') {
        const compact = value.replace(/\s/g, '').toUpperCase();
        out.add(`${compact.slice(0, -3)} ${compact.slice(-3)}`);
      }
    }
  });
  return [...out];
}

describe('privacy of everything the ingest writes', () => {
  const warehouse = tempWarehouse();
  const clear = new Set<string>(SURNAMES);
  let engine: DuckDbEngine;

  const remember = (dataset: string, csv: string) => {
    for (const v of spellings(dataset, csv)) clear.add(v);
  };

  beforeAll(async () => {
    // Every dataset with personal data, good rows, with a surname column added.
    for (const contract of personalDatasets) {
      const csv = withSurname(await readFile(join(FIXTURES, 'valid', `${contract.name}.csv`), 'utf8'));
      remember(contract.name, csv);
      const receipt = await upload(warehouse(), `${contract.partner}/${contract.name}/${PERIOD[contract.cadence]}/${contract.name}.csv`, csv);
      expect(receipt.status, contract.name).toBe('ACCEPTED');
      expect(receipt.warnings.map((w) => [w.code, w.column]), contract.name).toContainEqual(['W002', 'surname']);
    }
    // Rejected rows carrying identifiers, so that quarantine/ has something to withhold.
    for (const [name, key] of [
      ['r004-children.csv', 'council/children/2024-08-04/r004.csv'],
      ['r007-children.csv', 'council/children/2024-08-07/r007.csv'],
      ['r010-cp-plans.csv', 'council/cp_plans/2024-08-10/r010.csv'],
      ['r008-together-lac-episodes.csv', 'council/lac_episodes/2024-08-08/r008.csv'],
    ] as const) {
      const csv = (await fixture(`rules/${name}`)).toString('utf8');
      remember(key.split('/')[1], csv);
      expect((await upload(warehouse(), key, csv)).status).toBe('ACCEPTED_WITH_ERRORS');
    }
    const missing = ['episode_ref,person_ref,child_id,date_of_birth,reported_at,risk'];
    const marks = ['school_urn,upn,date,session,code'];
    for (let i = 0; i < 10; i++) {
      const rest = `3${String(i).padStart(10, '0')}4`;
      missing.push(`ME-70${i},PR-77${i}1,LCS-77${i}2,${10 + i}/0${1 + (i % 9)}/2011,2024-10-0${1 + (i % 9)}T1${i}:00,${i === 4 ? 'SEVERE' : 'LOW'}`);
      marks.push(`100009,${i === 6 ? 'A' : upnCheckLetter(rest)}${rest},2024-10-0${1 + (i % 4)},${i < 5 ? 'AM' : 'PM'},/`);
    }
    for (const [key, lines] of [['police/missing_episodes/2024-10/bad.csv', missing], ['schools/attendance/2024-10/bad.csv', marks]] as const) {
      const csv = `${lines.join('\n')}\n`;
      remember(key.split('/')[1], csv);
      const receipt = await upload(warehouse(), key, csv);
      expect(receipt.status).toBe('ACCEPTED_WITH_ERRORS');
      expect(receipt.rows_rejected).toBe(1);
    }
    engine = await DuckDbEngine.open({ store: warehouse().store, memoryLimit: '256MB', threads: 1 });
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('writes no clear identifier, full date of birth, postcode or surname to curated/, receipts/ or quarantine/', async () => {
    const store = warehouse().store;
    const written = new Map([...await storeText(store, 'curated/'), ...await storeText(store, 'receipts/'), ...await storeText(store, 'quarantine/')]);
    expect([...written.keys()].filter((k) => k.startsWith('curated/')).length).toBeGreaterThanOrEqual(personalDatasets.length);
    expect([...written.keys()].filter((k) => k.startsWith('quarantine/')).length).toBe(6);
    // The pipeline did write what it was sent: the search below is not searching nothing.
    expect(clear.size).toBeGreaterThan(100);
    const leaks: string[] = [];
    for (const [key, text] of written) {
      for (const value of clear) if (text.includes(value)) leaks.push(`${key} contains a clear value of length ${value.length}`);
    }
    expect(leaks).toEqual([]);
  });

  it('keeps rejected rows in quarantine with their codes and identifiers withheld', async () => {
    const quarantine = await storeText(warehouse().store, 'quarantine/');
    const children = [...quarantine.entries()].find(([k]) => k.includes('children.2024-08-04'))![1];
    expect(children.split('\n')[0]).toBe('row,codes,child_id,upn,nhs_number,date_of_birth,sex,postcode');
    expect(children).toContain('2,R004 upn,(withheld),(withheld),(withheld),(withheld),M,(withheld)');
  });

  it('degrades dates of birth to the first of the month and postcodes to the sector', async () => {
    expect(await engine.query('select distinct date_of_birth from children where day(date_of_birth) <> 1')).toEqual([]);
    expect((await engine.query('select postcode from children where postcode is not null order by source_row')).map((r) => r.postcode))
      .toEqual(['S60 2', 'S60 2', 'DN1 3', 'SW1A 1']);
    for (const dataset of ['care_leavers', 'missing_episodes', 'youth_justice_outcomes']) {
      expect(await engine.query(`select date_of_birth from ${dataset} where day(date_of_birth) <> 1`), dataset).toEqual([]);
    }
  });

  it('writes every pseudonym as 32 lower-case hex characters', async () => {
    let checked = 0;
    for (const contract of personalDatasets) {
      for (const column of contract.columns.filter((c) => c.pseudonym)) {
        const [row] = await engine.query(`select count(${column.name}) as n, count(*) filter (where not regexp_full_match(${column.name}, '[0-9a-f]{32}')) as bad from ${contract.name}_all`);
        expect(row.bad, `${contract.name}.${column.name}`).toBe(0);
        checked += Number(row.n);
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it.each([
    ['child', 'children', 'child_id', 'Person ID'],
    ['upn', 'attendance', 'upn', 'upn'],
    ['nhs', 'camhs_referrals', 'nhs_number', 'nhs_number'],
    ['police', 'youth_justice_outcomes', 'person_ref', 'person_ref'],
    ['family', 'early_help', 'family_id', 'family_id'],
  ] as const)('gives %s identifiers HMAC-SHA256(key, "<kind>:" + normalised), computed independently', async (kind, dataset, column, header) => {
    const { header: names, rows } = parseCsv(await readFile(join(FIXTURES, 'valid', `${dataset}.csv`), 'utf8'));
    const i = names.indexOf(header);
    const expected = [...new Set(rows.map((r) => r.cells[i].trim()).filter(Boolean).map((v) => expectedPseudonym(kind as PseudonymKind, v)))].sort();
    // Only the valid fixture's upload: attendance also has a 2024-10 file.
    const stored = (await engine.query(`select distinct ${column} as p from ${dataset} where ${column} is not null and upload_id in (
      select upload_id from uploads where key like '%/valid-%' or key like '%/${dataset}.csv') order by p`)).map((r) => r.p);
    expect(stored).toEqual(expected);
  });

  it('gives one child the same pseudonym in every dataset, so datasets join', async () => {
    const joined = await engine.query(`
      select count(*) as n from contacts join children using (child_id)`);
    expect(joined[0].n).toBe(4);
    const acrossPartners = await engine.query(`
      select count(*) as n from lac_health h join lac_episodes e on e.child_id = h.child_id`);
    // LCS-40118 has two health assessments and two episodes; LCS-40122 one of each.
    expect(acrossPartners[0].n).toBe(5);
    const police = await engine.query(`
      select count(*) as n from missing_episodes m join youth_justice_outcomes y using (person_ref) where m.period = '2024-09'`);
    expect(police[0].n).toBe(1);
    const upn = await engine.query(`select count(distinct a.upn) as n from attendance a join children c on c.upn = a.upn`);
    expect(upn[0].n).toBe(3);
  });
});
