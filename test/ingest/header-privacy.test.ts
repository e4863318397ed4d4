import { describe, expect, it } from 'vitest';
import { tempWarehouse, upload } from '../helpers/ingest';

describe('a file sent without its header row', () => {
  const warehouse = tempWarehouse();

  it('is rejected F004 without repeating the first row’s values anywhere in the receipt', async () => {
    const values = ['C1234', '2015-03-14', 'B801200005001', 'john.smith@example.com', 'Smith'];
    const receipt = await upload(warehouse(), 'landing/council/children/2024-09-30/children.csv',
      `${values.join(',')}\nC2,2016-01-01,B801200005001,a@b.c,Jones\n`, { clear: values });
    expect(receipt.status).toBe('REJECTED');
    expect(receipt.errors.filter((e) => e.code === 'F004').map((e) => e.column)).toEqual(['child_id', 'date_of_birth', 'sex']);
    expect(receipt.warnings.map((w) => w.column)).toEqual(['(column 1)', '(column 2)', '(column 3)', '(column 4)', '(column 5)']);
    const text = JSON.stringify(receipt);
    for (const v of values) expect(text).not.toContain(v);
  });

  it('still names ordinary extra columns, and identifying ones as W002', async () => {
    const receipt = await upload(warehouse(), 'landing/council/children/2024-09-30/extra.csv',
      'child_id,date_of_birth,sex,notes,Surname,2024 score\nC1,2015-03-14,F,x,y,3\n');
    expect(receipt.status).toBe('ACCEPTED');
    expect(receipt.warnings.map((w) => [w.code, w.column])).toEqual([['W001', 'notes'], ['W002', 'Surname'], ['W001', '(column 6)']]);
  });
});
