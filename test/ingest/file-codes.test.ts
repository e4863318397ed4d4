/**
 * Issue 2, "done when" 2 (file level): every F code of datasets.md §5 from a fixture
 * that produces exactly that code. A rejected file gets a REJECTED receipt with
 * rows_accepted = 0 and nothing in curated/; its raw copy is kept.
 */
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Receipt } from '../../schemas';
import { ukDate } from '../../functions/ingest/landing-key';
import type { IngestOptions } from '../../functions/ingest/process';
import { codes, fixture, issueOf, keysUnder, tempWarehouse, upload } from '../helpers/ingest';

const warehouse = tempWarehouse();

/** Uploads and checks the parts every rejection shares; returns the receipt. */
async function expectRejected(
  code: string, key: string, content: string | Buffer, options: Partial<IngestOptions> = {},
): Promise<Receipt> {
  const receipt = await upload(warehouse(), key, content, options);
  expect(receipt.status).toBe('REJECTED');
  expect(receipt.rows_accepted).toBe(0);
  expect(receipt.errors[0].code).toBe(code);
  expect((await keysUnder(warehouse().store, 'curated/')).filter((k) => k.includes(receipt.upload_id))).toEqual([]);
  expect((await keysUnder(warehouse().store, 'raw/')).some((k) => k.includes(receipt.upload_id))).toBe(true);
  return receipt;
}

const validChildren = () => fixture('valid/children.csv');
const today = ukDate(new Date());
const year = Number(today.slice(0, 4));

describe('F001: unknown partner or dataset, or another partner\'s dataset', () => {
  it('rejects an unknown partner, with the receipt filed under receipts/unknown/', async () => {
    const r = await expectRejected('F001', 'nobody/children/2024-09-30/x.csv', await validChildren());
    expect(codes(r.errors)).toEqual(['F001']);
    expect(await keysUnder(warehouse().store, `receipts/unknown/${r.upload_id}.json`)).toHaveLength(1);
  });

  it('rejects an unknown dataset', async () => {
    const r = await expectRejected('F001', 'council/pupils/2024-09-30/x.csv', await validChildren());
    expect(codes(r.errors)).toEqual(['F001']);
  });

  it('rejects a dataset sent by the wrong partner', async () => {
    const r = await expectRejected('F001', 'council/attendance/2024-09/x.csv', await fixture('valid/attendance.csv'));
    expect(codes(r.errors)).toEqual(['F001']);
    expect(r.errors[0].message).toContain('schools');
  });
});

describe('F002: key layout and period', () => {
  it.each([
    ['too few segments', 'council/children/x.csv'],
    ['too many segments', 'council/children/2024-09-30/sub/x.csv'],
    ['a month where a snapshot date is due', 'council/children/2024-09/x.csv'],
    ['a day that does not exist', 'council/children/2024-02-30/x.csv'],
    ['a month 13', 'schools/attendance/2024-13/x.csv'],
    ['a month without its zero', 'schools/attendance/2024-9/x.csv'],
    ['a year written as a month', 'performance/population/2024-01/x.csv'],
    ['a wrong extension', 'council/children/2024-09-30/x.txt'],
    ['no extension', 'council/children/2024-09-30/children'],
  ])('rejects %s', async (_, key) => {
    const r = await expectRejected('F002', key, await validChildren());
    expect(codes(r.errors)).toEqual(['F002']);
  });

  it('rejects a period that starts after the day received', async () => {
    const month = await expectRejected('F002', `schools/attendance/${year + 1}-01/x.csv`, await fixture('valid/attendance.csv'));
    expect(codes(month.errors)).toEqual(['F002']);
    const snapshot = await expectRejected('F002', `council/children/${year + 1}-01-01/x.csv`, await validChildren());
    expect(codes(snapshot.errors)).toEqual(['F002']);
    const benchmarks = await expectRejected('F002', `performance/benchmarks/${year + 1}/x.csv`, await fixture('valid/benchmarks.csv'));
    expect(codes(benchmarks.errors)).toEqual(['F002']);
  });

  it('accepts targets for the next financial year, but not the one after', async () => {
    const nextFinancialYear = today.slice(5) >= '04-01' ? year + 1 : year;
    const targets = await fixture('valid/targets.csv');
    const ahead = await upload(warehouse(), `performance/targets/${nextFinancialYear}/targets.csv`, targets);
    expect(ahead.status).toBe('ACCEPTED');
    expect(ahead.rows_accepted).toBe(3);
    const tooFar = await expectRejected('F002', `performance/targets/${nextFinancialYear + 1}/targets.csv`, targets);
    expect(codes(tooFar.errors)).toEqual(['F002']);
  });
});

describe('F003: unreadable', () => {
  it('rejects binary content sent as CSV', async () => {
    const binary = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
      Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 151 + 7) % 256)),
    ]);
    const r = await expectRejected('F003', 'council/children/2024-09-30/photo.csv', binary);
    expect(codes(r.errors)).toEqual(['F003']);
  });

  it('rejects a corrupt workbook: a truncated XLSX and bytes that are not a zip at all', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('children');
    sheet.addRow(['child_id', 'date_of_birth', 'sex']);
    for (let i = 0; i < 200; i++) sheet.addRow([`LCS-${i}`, new Date(Date.UTC(2012, 2, 14)), 'M']);
    const whole = Buffer.from(await workbook.xlsx.writeBuffer());
    const truncated = await expectRejected('F003', 'council/children/2024-09-30/cut.xlsx', whole.subarray(0, Math.floor(whole.length / 2)));
    expect(codes(truncated.errors)).toEqual(['F003']);
    const text = await expectRejected('F003', 'council/children/2024-09-30/renamed.xlsx', await validChildren());
    expect(codes(text.errors)).toEqual(['F003']);
  });

  it('rejects JSON that is not an array of objects', async () => {
    const r = await expectRejected('F003', 'council/children/2024-09-30/x.json', '{"child_id": "LCS-1", ');
    expect(codes(r.errors)).toEqual(['F003']);
  });
});

describe('F004: required columns missing', () => {
  it('names every missing required column', async () => {
    const r = await expectRejected('F004', 'council/children/2024-09-30/f004.csv', await fixture('rules/f004-children.csv'));
    expect(r.errors.map((e) => [e.code, e.column])).toEqual([['F004', 'child_id'], ['F004', 'date_of_birth'], ['F004', 'sex']]);
  });
});

describe('F005: empty', () => {
  it('rejects a file of no bytes, and one of blank lines only', async () => {
    expect(codes((await expectRejected('F005', 'council/children/2024-09-30/empty.csv', Buffer.alloc(0))).errors)).toEqual(['F005']);
    expect(codes((await expectRejected('F005', 'council/children/2024-09-30/blank.csv', '\r\n\r\n  \r\n')).errors)).toEqual(['F005']);
  });
});

describe('F006: too large', () => {
  it('rejects a file over the byte limit', async () => {
    const r = await expectRejected('F006', 'council/children/2024-09-30/big.csv', await validChildren(), { maxBytes: 100 });
    expect(codes(r.errors)).toEqual(['F006']);
  });

  it('rejects a file over the row limit', async () => {
    const r = await expectRejected('F006', 'council/children/2024-09-30/long.csv', await validChildren(), { maxRows: 3 });
    expect(codes(r.errors)).toEqual(['F006']);
  });
});

describe('F007: two headers for one column', () => {
  it('rejects child_id and its alias person_id side by side', async () => {
    const r = await expectRejected('F007', 'council/children/2024-09-30/f007.csv', await fixture('rules/f007-children.csv'));
    expect(r.errors.map((e) => [e.code, e.column])).toEqual([['F007', 'child_id']]);
  });
});

describe('F008: too many rejected rows', () => {
  it('rejects 1 bad row of 9 (11 %), still listing the row errors', async () => {
    const r = await expectRejected('F008', 'council/contacts/2024-09-20/f008.csv', await fixture('rules/f008-over-contacts.csv'));
    expect(r.errors.map((e) => [e.code, e.column, e.rows])).toEqual([['F008', null, []], ['R003', 'source', [3]]]);
    expect(r.rows_read).toBe(9);
    expect(r.rows_rejected).toBe(9);
  });

  it('accepts 1 bad row of 10 (exactly 10 %)', async () => {
    const r = await upload(warehouse(), 'council/contacts/2024-09-21/f008.csv', await fixture('rules/f008-exactly-contacts.csv'));
    expect(r.status).toBe('ACCEPTED_WITH_ERRORS');
    expect(r.rows_accepted).toBe(9);
    expect(r.errors.map((e) => [e.code, e.column, e.rows])).toEqual([['R003', 'source', [3]]]);
  });
});
