import { describe, expect, it } from 'vitest';
import { ragFor } from '../../functions/scorecard/rag';
import { target } from './fixtures';

describe('RAG (scorecard.md §2)', () => {
  describe('the council January 2017 worked examples', () => {
    it('rates contacts decided in 1 working day, 79.8% against HIGH 95/92, Red', () => {
      expect(ragFor(target({ indicator_id: 'CSC-02', rule: 'HIGH', green: 95, amber: 92 }), 79.8, 81.0)).toBe('R');
    });
    it('rates rolling re-referrals, 28.1% against LOW 26/30, Amber', () => {
      expect(ragFor(target({ indicator_id: 'CSC-08', rule: 'LOW', green: 26, amber: 30 }), 28.1, 28.1)).toBe('A');
    });
    it('rates the S47 rate, 244.0 against BAND 158.8 ±5/±15, Red', () => {
      expect(ragFor(target({ indicator_id: 'CSC-13', rule: 'BAND', green: 5, amber: 15, band_reference: 158.8 }), 244.0, 244.0)).toBe('R');
    });
    it('rates assessments in 45 working days on the YTD 84.4% against HIGH 86/83, Amber', () => {
      const t = target({ indicator_id: 'CSC-10', rule: 'HIGH', green: 86, amber: 83, rag_basis: 'YTD' });
      // The month alone (79.0) would be Red: the YTD basis decides.
      expect(ragFor(t, 79.0, 84.4)).toBe('A');
    });
  });

  it('is Green at the green threshold and Amber at the amber one, for HIGH and LOW', () => {
    const high = target({ indicator_id: 'CSC-02', rule: 'HIGH', green: 95, amber: 92 });
    expect([ragFor(high, 95, null), ragFor(high, 94.99, null), ragFor(high, 92, null), ragFor(high, 91.99, null)]).toEqual(['G', 'A', 'A', 'R']);
    const low = target({ indicator_id: 'CSC-08', rule: 'LOW', green: 26, amber: 30 });
    expect([ragFor(low, 26, null), ragFor(low, 26.01, null), ragFor(low, 30, null), ragFor(low, 30.01, null)]).toEqual(['G', 'A', 'A', 'R']);
  });

  it('measures BAND by distance on either side of the reference', () => {
    const band = target({ indicator_id: 'CSC-13', rule: 'BAND', green: 5, amber: 15, band_reference: 158.8 });
    expect([ragFor(band, 153.8, null), ragFor(band, 163.8, null), ragFor(band, 143.8, null), ragFor(band, 173.9, null), ragFor(band, 140, null)])
      .toEqual(['G', 'G', 'A', 'R', 'R']);
  });

  it('has no amber when the target has no amber', () => {
    const noAmber = target({ indicator_id: 'CSC-17', rule: 'LOW', green: 4 });
    expect([ragFor(noAmber, 4, null), ragFor(noAmber, 4.1, null), ragFor(noAmber, 50, null)]).toEqual(['G', 'R', 'R']);
    const high = target({ indicator_id: 'SCH-01', rule: 'HIGH', green: 96 });
    expect([ragFor(high, 96.2, null), ragFor(high, 95.9, null)]).toEqual(['G', 'R']);
    const band = target({ indicator_id: 'CSC-13', rule: 'BAND', green: 5, band_reference: 100 });
    expect([ragFor(band, 104, null), ragFor(band, 106, null)]).toEqual(['G', 'R']);
  });

  it('gives no RAG without a target or without a value', () => {
    expect(ragFor(undefined, 50, 50)).toBeNull();
    const high = target({ indicator_id: 'CSC-02', rule: 'HIGH', green: 95, amber: 92 });
    expect(ragFor(high, null, 99)).toBeNull();
    expect(ragFor(target({ ...high, rag_basis: 'YTD' }), 99, null)).toBeNull();
    expect(ragFor(target({ ...high, rag_basis: 'MONTH' }), 99, null)).toBe('G');
  });
});
