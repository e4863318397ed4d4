/**
 * Issue 2, "done when" 6: the SSDA903 files other systems write (test/fixtures/ingest/
 * peer/, from the 903 validator's fake data) upload as a council would send them. Each
 * receipt explains every rejected row by code and row number; the expected faults are
 * found independently here from the files themselves; and once the bad rows are taken
 * out, the good rows are accepted and counted.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CARE_LEAVER_ACCOMMODATION, CARE_LEAVER_ACTIVITY, type Receipt } from '../../schemas';
import { quarantineKey } from '../../functions/store/layout';
import {
  PEER_DATA, type TempWarehouse, clearValues, isValidUpn, issueOf, parseCsv, queryStore, tempWarehouse, upload, uploadPath,
} from '../helpers/ingest';

const warehouse = tempWarehouse();
const peerFile = (name: string) => join(PEER_DATA, 'ssda903', name);

/** Sends a peer file, with its identifier values as the receipt's forbidden text. */
async function sendPeer(name: string, dataset: string): Promise<{ receipt: Receipt; csv: ReturnType<typeof parseCsv>; text: string }> {
  const text = await readFile(peerFile(name), 'utf8');
  const receipt = await uploadPath(warehouse(), `council/${dataset}/2024-03-31/${name}`, peerFile(name), {
    // Short numeric ids could match digits of a timestamp by chance; the check-letter
    // UPNs and the dates of birth cannot.
    clear: clearValues(dataset, text).filter((v) => v.length >= 10),
  });
  return { receipt, csv: parseCsv(text), text };
}

/** The rejected rows and their codes, from the upload's quarantine file. */
async function quarantined(w: TempWarehouse, receipt: Receipt): Promise<Map<number, string>> {
  const { rows } = parseCsv(await readFile(w.store.localPath(quarantineKey('council', receipt.upload_id)), 'utf8'));
  return new Map(rows.map((r) => [Number(r.cells[0]), r.cells[1]]));
}

/** Uploads the file without its rejected rows: every remaining row must be accepted. */
async function expectGoodRowsAccepted(name: string, dataset: string, text: string, bad: ReadonlySet<number>): Promise<void> {
  const lines = text.split(/\r?\n/);
  const good = lines.filter((line, i) => i === 0 || (line.trim() !== '' && !bad.has(i + 1)));
  const receipt = await upload(warehouse(), `council/${dataset}/2024-03-30/good-${name}`, `${good.join('\n')}\n`);
  expect(receipt.errors).toEqual([]);
  expect(receipt.status).toBe('ACCEPTED');
  expect(receipt.rows_accepted).toBe(good.length - 1);
  const [row] = await queryStore(warehouse().store, `select count(*) as n from ${dataset}_all where upload_id = '${receipt.upload_id}'`);
  expect(row.n).toBe(good.length - 1);
}

describe('SSDA903 peer files', () => {
  it('header.csv: MOTHER and MC_DOB dropped (W001), every UPN failing its check letter is R004, too many for the threshold (F008)', async () => {
    const { receipt, csv, text } = await sendPeer('header.csv', 'children');
    expect(receipt.warnings.map((w) => [w.code, w.column, w.rows])).toEqual([['W001', 'MOTHER', [1]], ['W001', 'MC_DOB', [1]]]);
    const upn = csv.header.indexOf('UPN');
    const badUpnRows = csv.rows.filter((r) => r.cells[upn].trim() !== '' && !isValidUpn(r.cells[upn])).map((r) => r.row);
    expect(badUpnRows.length).toBeGreaterThan(csv.rows.length * 0.1);
    expect(receipt.status).toBe('REJECTED');
    expect(receipt.errors.map((e) => e.code)).toEqual(['F008', 'R004']);
    const r004 = issueOf(receipt.errors, 'R004', 'upn');
    expect(r004.count).toBe(badUpnRows.length);
    expect(r004.rows).toEqual(badUpnRows.slice(0, 100));
    expect(receipt.rows_read).toBe(csv.rows.length);

    const bad = await quarantined(warehouse(), receipt);
    expect([...bad.keys()]).toEqual(badUpnRows);
    await expectGoodRowsAccepted('header.csv', 'children', text, new Set(bad.keys()));
  });

  it('episodes.csv: extra 903 columns dropped (W001), overlapping episodes R010, dec without rec R008', async () => {
    const { receipt, csv, text } = await sendPeer('episodes.csv', 'lac_episodes');
    expect(receipt.warnings.map((w) => w.column)).toEqual(['REASON_PLACE_CHANGE', 'HOME_POST', 'PL_POST', 'URN']);
    expect(codesOf(receipt.warnings)).toEqual(['W001']);
    expect(receipt.rows_read).toBe(csv.rows.length);
    expect(receipt.status).toBe('REJECTED');
    expect(receipt.errors.map((e) => e.code)).toEqual(['F008', 'R008', 'R010']);

    const bad = await quarantined(warehouse(), receipt);
    const col = (name: string) => csv.header.indexOf(name);
    const byRow = new Map(csv.rows.map((r) => [r.row, r.cells]));
    // Every R008 row has exactly one of DEC and REC.
    const together = [...bad].filter(([, c]) => c.includes('R008')).map(([row]) => row);
    expect(together.length).toBe(issueOf(receipt.errors, 'R008', 'dec').count);
    for (const row of together) {
      const cells = byRow.get(row)!;
      expect((cells[col('DEC')] === '') !== (cells[col('REC')] === ''), `row ${row}`).toBe(true);
    }
    // Every R010 row overlaps another episode of the same child, found here from the file.
    const iso = (d: string) => (d ? `${d.slice(6, 10)}-${d.slice(3, 5)}-${d.slice(0, 2)}` : '9999-12-31');
    const overlapping = [...bad].filter(([, c]) => c.includes('R010')).map(([row]) => row);
    expect(overlapping.length).toBe(issueOf(receipt.errors, 'R010', 'child_id').count);
    expect(overlapping.length).toBeGreaterThan(0);
    const okRows = csv.rows.filter((r) => !bad.has(r.row) || bad.get(r.row) === 'R010 child_id');
    for (const row of overlapping) {
      const me = byRow.get(row)!;
      const partner = okRows.find((o) => o.row !== row && o.cells[col('CHILD')] === me[col('CHILD')]
        && iso(o.cells[col('DECOM')]) < iso(me[col('DEC')]) && iso(me[col('DECOM')]) < iso(o.cells[col('DEC')]));
      expect(partner, `row ${row} overlaps nothing`).toBeDefined();
    }
    // The receipt explains every rejected row: each is one or the other, listed in order.
    expect(together.length + overlapping.length).toBe(bad.size);
    expect(issueOf(receipt.errors, 'R008', 'dec').rows).toEqual(together.slice(0, 100));
    expect(issueOf(receipt.errors, 'R010', 'child_id').rows).toEqual(overlapping.slice(0, 100));

    await expectGoodRowsAccepted('episodes.csv', 'lac_episodes', text, new Set(bad.keys()));
  });

  it('oc3.csv: the OC3 layout as is; ACTIV and ACCOM codes outside the current lists are R003', async () => {
    const { receipt, csv, text } = await sendPeer('oc3.csv', 'care_leavers');
    expect(receipt.warnings).toEqual([]);
    const outside = (name: string, list: readonly string[]) =>
      csv.rows.filter((r) => r.cells[csv.header.indexOf(name)].trim() !== '' && !list.includes(r.cells[csv.header.indexOf(name)].trim().toUpperCase())).map((r) => r.row);
    const activity = outside('ACTIV', CARE_LEAVER_ACTIVITY);
    const accommodation = outside('ACCOM', CARE_LEAVER_ACCOMMODATION);
    expect(activity.length).toBeGreaterThan(0);
    expect(accommodation.length).toBeGreaterThan(0);
    expect(issueOf(receipt.errors, 'R003', 'activity').rows).toEqual(activity);
    expect(issueOf(receipt.errors, 'R003', 'accommodation').rows).toEqual(accommodation);
    const bad = new Set([...activity, ...accommodation]);
    // Too many for the 10 % threshold: the file is rejected, the row errors listed.
    expect(bad.size / csv.rows.length).toBeGreaterThan(0.1);
    expect(receipt.status).toBe('REJECTED');
    expect(receipt.errors.map((e) => e.code)).toEqual(['F008', 'R003', 'R003']);
    expect(new Set((await quarantined(warehouse(), receipt)).keys())).toEqual(bad);

    await expectGoodRowsAccepted('oc3.csv', 'care_leavers', text, bad);
  });
});

function codesOf(issues: Receipt['warnings']): string[] {
  return [...new Set(issues.map((i) => i.code))];
}
