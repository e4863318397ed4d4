import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { col, getDataset, required, type ColumnDraft, type ColumnSpec, type RowCode } from '../../schemas';
import { checkRows, columnSchema, compiledRowSchema, rowSchema, type RowContext } from '../../schemas/row-schema';
import { nhsCheckDigit, parseDate, upnCheckLetter } from '../../schemas/types';

const SNAPSHOT: RowContext = { periodStart: '2024-11-15', periodEnd: '2024-11-15', receivedDate: '2024-11-16', xlsx: false };
const OCTOBER: RowContext = { periodStart: '2024-10-01', periodEnd: '2024-10-31', receivedDate: '2024-11-04', xlsx: false };

const column = (draft: ColumnDraft, name = 'c'): ColumnSpec => ({ name, ...draft });

type Outcome = { value: unknown } | { rule: RowCode };

/** One cell through its column schema: the stored value, or the rule code of its issue. */
function cell(draft: ColumnDraft, text: string | undefined, context: RowContext = SNAPSHOT): Outcome {
  const result = columnSchema(column(draft), context).safeParse(text);
  if (result.success) return { value: result.data };
  expect(result.error.issues).toHaveLength(1);
  const issue = result.error.issues[0] as { message: string; params?: { rule: RowCode } };
  // Partner data is personal data: a message never repeats the value.
  if (text && text.trim().length > 2) expect(issue.message).not.toContain(text.trim());
  return { rule: issue.params!.rule };
}

const ok = (value: unknown) => ({ value });
const fails = (rule: RowCode) => ({ rule });

describe('column types', () => {
  it('id: trimmed, upper case, hyphens removed; leading zeros kept; 1–36 of A-Z 0-9 - _ /', () => {
    expect(cell(col.id(), ' c-1 ')).toEqual(ok('C1'));
    expect(cell(col.id(), '000123')).toEqual(ok('000123'));
    expect(cell(col.id(), 'ab/c_d')).toEqual(ok('AB/C_D'));
    expect(cell(col.id(), 'a b')).toEqual(fails('R002'));
    expect(cell(col.id(), 'x'.repeat(37))).toEqual(fails('R002'));
    expect(cell(col.id(), 'é1')).toEqual(fails('R002'));
  });

  it('a blank required value is R001; a blank optional one is absent', () => {
    for (const blank of [undefined, '', '   ', '\t\u00a0']) {
      expect(cell(required(col.id()), blank)).toEqual(fails('R001'));
      expect(cell(col.id(), blank)).toEqual(ok(undefined));
    }
  });

  it('date: every form of datasets.md §3, stored YYYY-MM-DD', () => {
    for (const text of ['2024-03-05', '2024-3-5', '05/03/2024', '5/3/2024', '05-03-2024', '05/03/24', '2024-03-05T10:30', '2024-03-05T10:30:59']) {
      expect(cell(col.date(), text), text).toEqual(ok('2024-03-05'));
    }
    expect(cell(col.date(), '29/02/2024')).toEqual(ok('2024-02-29'));
  });

  it('date: no such day, no such time, or not a date form is R002', () => {
    for (const text of ['31/02/2024', '29/02/2023', '2024-13-01', '00/01/2024', '2024-03-05T25:00', '2024-03-05T10:60', '2024/03/05', '5.3.2024', '45356', 'soon']) {
      expect(cell(col.date(), text), text).toEqual(fails('R002'));
    }
  });

  it('date: a two-digit year is 20YY unless that is more than a year after the period end', () => {
    const end = { periodEnd: '2024-11-15', xlsx: false };
    expect(parseDate('15/11/25', end)).toEqual({ year: 2025, month: 11, day: 15 });
    expect(parseDate('16/11/25', end)).toEqual({ year: 1925, month: 11, day: 16 });
    expect(parseDate('01/01/99', end)).toEqual({ year: 1999, month: 1, day: 1 });
    expect(cell(col.date(), '31/12/69')).toEqual(ok('1969-12-31'));
  });

  it('date: Excel serial numbers in XLSX files only', () => {
    expect(cell(col.date(), '45356', { ...SNAPSHOT, xlsx: true })).toEqual(ok('2024-03-05'));
    expect(cell(col.date(), '45356.75', { ...SNAPSHOT, xlsx: true })).toEqual(ok('2024-03-05'));
    expect(cell(col.date(), '45356')).toEqual(fails('R002'));
  });

  it('date: before 1900 or after the day received is R006; the period date outside the period is R009', () => {
    expect(cell(col.date(), '1899-12-31')).toEqual(fails('R006'));
    expect(cell(col.date(), '1900-01-01')).toEqual(ok('1900-01-01'));
    expect(cell(col.date(), '2024-11-16')).toEqual(ok('2024-11-16'));
    expect(cell(col.date(), '17/11/2024')).toEqual(fails('R006'));
    const periodDate = col.date({ periodDate: true });
    expect(cell(periodDate, '2024-10-31', OCTOBER)).toEqual(ok('2024-10-31'));
    expect(cell(periodDate, '2024-09-30', OCTOBER)).toEqual(fails('R009'));
    expect(cell(periodDate, '2024-11-01', OCTOBER)).toEqual(fails('R009'));
    // R006 comes first.
    expect(cell(periodDate, '2024-11-05', OCTOBER)).toEqual(fails('R006'));
  });

  it('dob: read as a date, checked whole, stored as the first of its month', () => {
    expect(cell(col.dob(), '17/06/2015')).toEqual(ok('2015-06-01'));
    expect(cell(col.dob(), '2024-11-17')).toEqual(fails('R006'));
    expect(cell(col.dob(), '31/06/2015')).toEqual(fails('R002'));
  });

  it('datetime: UK local time to UTC, GMT in winter and BST in summer', () => {
    expect(cell(col.datetime(), '2024-01-15 09:00')).toEqual(ok('2024-01-15T09:00:00.000Z'));
    expect(cell(col.datetime(), '2024-07-01T09:00:30')).toEqual(ok('2024-07-01T08:00:30.000Z'));
    expect(cell(col.datetime(), '01/07/2024 09:00')).toEqual(ok('2024-07-01T08:00:00.000Z'));
    expect(cell(col.datetime(), '1/7/2024 9:00:15')).toEqual(ok('2024-07-01T08:00:15.000Z'));
    // British Standard Time: BST all year from 1968 to 1971.
    expect(cell(col.datetime(), '1970-01-15 12:00')).toEqual(ok('1970-01-15T11:00:00.000Z'));
  });

  it('datetime: March clock change — the skipped hour is R002, either side is fine', () => {
    expect(cell(col.datetime(), '2024-03-31 00:59')).toEqual(ok('2024-03-31T00:59:00.000Z'));
    expect(cell(col.datetime(), '2024-03-31 01:00')).toEqual(fails('R002'));
    expect(cell(col.datetime(), '31/03/2024 01:30')).toEqual(fails('R002'));
    expect(cell(col.datetime(), '2024-03-31T01:59:59')).toEqual(fails('R002'));
    expect(cell(col.datetime(), '2024-03-31 02:00')).toEqual(ok('2024-03-31T01:00:00.000Z'));
  });

  it('datetime: October clock change — a repeated hour is its first occurrence (BST)', () => {
    expect(cell(col.datetime(), '2024-10-27 00:59')).toEqual(ok('2024-10-26T23:59:00.000Z'));
    expect(cell(col.datetime(), '2024-10-27 01:00')).toEqual(ok('2024-10-27T00:00:00.000Z'));
    expect(cell(col.datetime(), '2024-10-27 01:30')).toEqual(ok('2024-10-27T00:30:00.000Z'));
    expect(cell(col.datetime(), '2024-10-27 01:59:59')).toEqual(ok('2024-10-27T00:59:59.000Z'));
    expect(cell(col.datetime(), '2024-10-27 02:00')).toEqual(ok('2024-10-27T02:00:00.000Z'));
  });

  it('datetime: Z or an offset is taken as given, also in the skipped hour', () => {
    expect(cell(col.datetime(), '2024-07-01T09:00Z')).toEqual(ok('2024-07-01T09:00:00.000Z'));
    expect(cell(col.datetime(), '2024-07-01T09:00:00+02:00')).toEqual(ok('2024-07-01T07:00:00.000Z'));
    expect(cell(col.datetime(), '2024-07-01T09:00-0530')).toEqual(ok('2024-07-01T14:30:00.000Z'));
    expect(cell(col.datetime(), '2024-03-31T01:30Z')).toEqual(ok('2024-03-31T01:30:00.000Z'));
    expect(cell(col.datetime(), '2024-07-01T09:00:00.25Z')).toEqual(ok('2024-07-01T09:00:00.250Z'));
  });

  it('datetime: not a time is R002; R006 and R009 judge its UK date', () => {
    for (const text of ['2024-07-01 24:00', '2024-07-01T09:60', '2024-07-01', '2024-07-01 09:00Z', '31/02/2024 09:00']) {
      expect(cell(col.datetime(), text), text).toEqual(fails('R002'));
    }
    const summer = { periodStart: '2024-06-01', periodEnd: '2024-06-30', receivedDate: '2024-07-01', xlsx: false };
    expect(cell(col.datetime(), '2024-07-01T22:59Z', summer)).toEqual(ok('2024-07-01T22:59:00.000Z'));
    expect(cell(col.datetime(), '2024-07-01T23:00Z', summer)).toEqual(fails('R006'));
    const reported = col.datetime({ periodDate: true });
    expect(cell(reported, '2024-05-31T23:30Z', summer)).toEqual(ok('2024-05-31T23:30:00.000Z'));
    expect(cell(reported, '2024-05-31T22:30Z', summer)).toEqual(fails('R009'));
  });

  it('datetime: Excel date-time serials in XLSX files only, as UK time', () => {
    expect(cell(col.datetime(), '45474.375', { ...SNAPSHOT, xlsx: true })).toEqual(ok('2024-07-01T08:00:00.000Z'));
    expect(cell(col.datetime(), '45474.375')).toEqual(fails('R002'));
  });

  it('int: whole numbers with thousands separators, within the contract bounds', () => {
    expect(cell(col.int(), '1,234')).toEqual(ok(1234));
    expect(cell(col.int(), '-5')).toEqual(ok(-5));
    expect(cell(col.int(), '+1,234,567')).toEqual(ok(1234567));
    for (const text of ['1,23', '12.0', '1e3', '1 000', 'ten', '9223372036854775808']) expect(cell(col.int(), text), text).toEqual(fails('R002'));
    const age = getDataset('population').columns.find((c) => c.name === 'age')!;
    expect(cell(age, '120')).toEqual(ok(120));
    expect(cell(age, '121')).toEqual(fails('R002'));
    expect(cell(age, '-1')).toEqual(fails('R002'));
  });

  it('number: decimals with thousands separators, no exponents', () => {
    expect(cell(col.number(), '1,234.5')).toEqual(ok(1234.5));
    expect(cell(col.number(), '.5')).toEqual(ok(0.5));
    expect(cell(col.number(), '-0.25')).toEqual(ok(-0.25));
    for (const text of ['1e3', '12.', '1,23.4', 'NaN']) expect(cell(col.number(), text), text).toEqual(fails('R002'));
  });

  it('bool: Y/N, YES/NO, TRUE/FALSE, 1/0 in any case', () => {
    for (const text of ['Y', 'yes', 'True', '1']) expect(cell(col.bool(), text)).toEqual(ok(true));
    for (const text of ['n', 'NO', 'false', '0']) expect(cell(col.bool(), text)).toEqual(ok(false));
    for (const text of ['T', 'maybe', '2']) expect(cell(col.bool(), text)).toEqual(fails('R002'));
  });

  it('code: any case and spacing, stored upper case; aliases such as sex 1/2/0/9', () => {
    const source = getDataset('contacts').columns.find((c) => c.name === 'source')!;
    expect(cell(source, ' police ')).toEqual(ok('POLICE'));
    expect(cell(source, 'Other_La')).toEqual(ok('OTHER_LA'));
    expect(cell(source, 'POLICEX')).toEqual(fails('R003'));
    const sex = getDataset('children').columns.find((c) => c.name === 'sex')!;
    expect([cell(sex, '1'), cell(sex, '2'), cell(sex, '0'), cell(sex, '9'), cell(sex, 'f')]).toEqual(
      [ok('M'), ok('F'), ok('U'), ok('U'), ok('F')],
    );
    expect(cell(sex, '3')).toEqual(fails('R003'));
  });

  it('upn: the DfE check letter (weights 2–13, modulo 23, no I/O/S), temporary UPNs too', () => {
    // Worked by hand: 2·1+3·2+4·3+5·4+6·5+7·6+8·7+9·8+10·9+11·0+12·1+13·2 = 368 = 16·23, so A.
    expect(upnCheckLetter('A123456789012')).toBe('A');
    // 13·1 = 13: the 14th letter without I, P. A temporary UPN's letter B counts 1.
    expect(upnCheckLetter('P000000000001')).toBe('P');
    expect(upnCheckLetter('P00000000000B')).toBe('P');
    const upn = col.upn();
    expect(cell(upn, 'A123456789012')).toEqual(ok('A123456789012'));
    expect(cell(upn, 'a1234 5678-9012')).toEqual(ok('A123456789012'));
    expect(cell(upn, 'p00000000000b')).toEqual(ok('P00000000000B'));
    expect(cell(upn, 'A00000000000A')).toEqual(ok('A00000000000A'));
    for (const text of ['B123456789012', 'A12345678901', 'A1234567890123', 'A00000000000I', 'I123456789012']) {
      expect(cell(upn, text), text).toEqual(fails('R004'));
    }
  });

  it('nhs: modulus 11 (weights 10 to 2), spaces and hyphens allowed', () => {
    expect(nhsCheckDigit('943476591')).toBe(9);
    // 3·4 = 12 ≡ 1 (mod 11): check digit 10, so no NHS number starts with these nine digits.
    expect(nhsCheckDigit('000000040')).toBeUndefined();
    expect(cell(col.nhs(), '943 476 5919')).toEqual(ok('9434765919'));
    expect(cell(col.nhs(), '943-476-5919')).toEqual(ok('9434765919'));
    for (const text of ['9434765918', '0000000400', '943476591', '943476591X']) expect(cell(col.nhs(), text), text).toEqual(fails('R004'));
  });

  it('postcode: any case and spacing, stored as its sector', () => {
    expect(cell(col.postcode(), 'S60 2TH')).toEqual(ok('S60 2'));
    expect(cell(col.postcode(), 's602th')).toEqual(ok('S60 2'));
    expect(cell(col.postcode(), 'SW1A 1AA')).toEqual(ok('SW1A 1'));
    expect(cell(col.postcode(), 'gir 0aa')).toEqual(ok('GIR 0'));
    for (const text of ['S60 2T', '12345', 'GIR 1AB', 'SW1A-1AA']) expect(cell(col.postcode(), text), text).toEqual(fails('R004'));
  });

  it('text: kept as sent once trimmed, formulas included', () => {
    expect(cell(col.text(), ' =SUM(A1) ')).toEqual(ok('=SUM(A1)'));
    expect(cell(col.text(), '2015/16')).toEqual(ok('2015/16'));
  });
});

/** The `rule column` pairs of each row. */
function codesOf(dataset: string, rows: Record<string, string>[], context: RowContext = SNAPSHOT): string[][] {
  const contract = getDataset(dataset);
  return checkRows(rowSchema(contract, context), contract, rows).map((r) => r.issues.map((i) => `${i.rule} ${i.column}`).sort());
}

describe('row rules', () => {
  const contact = { contact_id: 'C1', child_id: 'X1', contact_at: '2024-11-01 10:00', source: 'POLICE' };

  it('strips columns not in the contract and infers the stored types', () => {
    const contract = getDataset('contacts');
    const result = rowSchema(contract, SNAPSHOT).safeParse({ ...contact, surname: 'Smith' });
    expect(result.success && result.data).toEqual({ contact_id: 'C1', child_id: 'X1', contact_at: '2024-11-01T10:00:00.000Z', source: 'POLICE' });
  });

  it('a missing required column is R001', () => {
    const { child_id: _, ...noChild } = contact;
    expect(codesOf('contacts', [noChild])).toEqual([['R001 child_id']]);
  });

  it('R005: a later date before the earlier one, on the later column; equal is fine', () => {
    expect(codesOf('contacts', [
      { ...contact, decision_at: '2024-11-01 09:59', outcome: 'NFA' },
      { ...contact, contact_id: 'C2', decision_at: '2024-11-01 10:00', outcome: 'NFA' },
    ])).toEqual([['R005 decision_at'], []]);
  });

  it('R008 requires: outcome when decision_at is given', () => {
    expect(codesOf('contacts', [{ ...contact, decision_at: '2024-11-02 10:00' }])).toEqual([['R008 outcome']]);
    expect(codesOf('early_help', [{ episode_id: 'E1', family_id: 'F1', contact_date: '2024-10-01', assessment_completed: '2024-10-05' }])).toEqual([['R008 assessment_start']]);
  });

  it('R008 together: dec and rec both present or both blank', () => {
    const episode = { child_id: 'X1', decom: '2024-01-01', rne: 'S', ls: 'C2', cin: 'N1', place: 'U1' };
    expect(codesOf('lac_episodes', [
      { ...episode, dec: '2024-02-01' },
      { ...episode, decom: '2024-03-01', rec: 'E11' },
      { ...episode, decom: '2024-05-01', dec: '2024-06-01', rec: 'X1' },
    ])).toEqual([['R008 rec'], ['R008 dec'], []]);
  });

  it('R008 requiredWhenEquals: band_reference when rule is BAND (any case)', () => {
    const context = { periodStart: '2024-01-01', periodEnd: '2024-12-31', receivedDate: '2024-03-01', xlsx: false };
    expect(codesOf('targets', [
      { indicator_id: 'csc-01', rule: 'band', green: '5' },
      { indicator_id: 'CSC-02', rule: 'BAND', green: '5', band_reference: '2' },
      { indicator_id: 'CSC-03', rule: 'HIGH', green: '5' },
      { indicator_id: 'CSC-99', rule: 'HIGH', green: '5' },
    ], context)).toEqual([['R008 band_reference'], [], [], ['R003 indicator_id']]);
  });

  it('rules still run when another cell fails, and skip the ones that read a failed cell', () => {
    expect(codesOf('contacts', [
      { ...contact, source: 'NOPE', decision_at: '2024-10-01 10:00', outcome: 'NFA' },
      { ...contact, contact_id: 'C2', decision_at: '2024-13-01 10:00' },
    ])).toEqual([['R003 source', 'R005 decision_at'], ['R002 decision_at']]);
  });
});

describe('cross-row rules', () => {
  it('R007: the second and later rows with the same normalised key, whatever else is wrong with them', () => {
    const row = { contact_at: '2024-11-01 10:00', source: 'POLICE', child_id: 'X1' };
    expect(codesOf('contacts', [
      { ...row, contact_id: 'c-1' },
      { ...row, contact_id: 'C1' },
      { ...row, contact_id: 'C-1', source: 'NOPE' },
      { ...row, contact_id: 'C2' },
    ])).toEqual([[], ['R007 contact_id'], ['R003 source', 'R007 contact_id'], []]);
  });

  it('R010: overlapping [start, end) plans of one child, all of them; touching ones do not overlap', () => {
    const plan = { category: 'NEGLECT' };
    expect(codesOf('cp_plans', [
      { ...plan, plan_id: 'P1', child_id: 'X1', start_date: '2024-01-01', end_date: '2024-03-01' },
      { ...plan, plan_id: 'P2', child_id: 'x-1', start_date: '2024-03-01', end_date: '2024-05-01' },
      { ...plan, plan_id: 'P3', child_id: 'X1', start_date: '2024-04-30' },
      { ...plan, plan_id: 'P4', child_id: 'X2', start_date: '2024-01-01' },
      { ...plan, plan_id: 'P5', child_id: 'X2', start_date: '2024-02-01', category: 'NOPE' },
    ])).toEqual([[], ['R010 child_id'], ['R010 child_id'], [], ['R003 category']]);
  });
});

describe('z.compile (zod 4.6)', () => {
  it('compiles a row schema whose results match the runtime parser, valid or not', () => {
    const contract = getDataset('contacts');
    const schema = rowSchema(contract, SNAPSHOT);
    const compiled = z.compile(schema, { strict: true });
    const rows = [
      { contact_id: 'C1', child_id: 'X1', contact_at: '2024-10-27 01:30', source: 'police', decision_at: '2024-11-01 10:00', outcome: 'nfa' },
      { contact_id: 'C1', child_id: '', contact_at: '2024-03-31 01:30', source: 'NOPE', decision_at: '2024-01-01 10:00' },
    ];
    for (const row of rows) expect(compiled.safeParse(row)).toEqual(schema.safeParse(row));
    const viaHelper = compiledRowSchema(contract, SNAPSHOT);
    for (const row of rows) expect(viaHelper.safeParse(row)).toEqual(schema.safeParse(row));
  });
});
