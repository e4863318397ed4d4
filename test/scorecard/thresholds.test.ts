import { describe, expect, it } from 'vitest';
import { thresholdText } from '../../functions/scorecard/thresholds';
import { target } from './fixtures';

describe('threshold texts as people read them', () => {
  it('writes HIGH, LOW and BAND targets like the council report', () => {
    expect(thresholdText(target({ indicator_id: 'CSC-10', rule: 'HIGH', green: 86, amber: 83 }), '%')).toMatchInlineSnapshot(`
      {
        "amber": "83%+",
        "green": "86%+",
        "red": "<83%",
      }
    `);
    expect(thresholdText(target({ indicator_id: 'CSC-08', rule: 'LOW', green: 26, amber: 30 }), '%')).toMatchInlineSnapshot(`
      {
        "amber": "30% or less",
        "green": "26% or less",
        "red": ">30%",
      }
    `);
    expect(thresholdText(target({ indicator_id: 'CSC-13', rule: 'BAND', green: 5, amber: 15, band_reference: 158.8 }), 'per 10k')).toMatchInlineSnapshot(`
      {
        "amber": "±15",
        "green": "±5",
        "red": "outside ±15",
      }
    `);
  });
  it('leaves amber out when the target has none, and keeps decimals as given', () => {
    expect(thresholdText(target({ indicator_id: 'SCH-03', rule: 'LOW', green: 8.4 }), '%')).toEqual({ red: '>8.4%', amber: null, green: '8.4% or less' });
    expect(thresholdText(target({ indicator_id: 'SCH-01', rule: 'HIGH', green: 96.0 }), '%')).toEqual({ red: '<96%', amber: null, green: '96%+' });
    expect(thresholdText(target({ indicator_id: 'CSC-25', rule: 'LOW', green: 426, amber: 487 }), 'days')).toEqual({ red: '>487 days', amber: '487 days or less', green: '426 days or less' });
  });
  it('has no thresholds without a target', () => {
    expect(thresholdText(undefined, '%')).toBeNull();
  });
});
