import { describe, expect, it } from 'vitest';
import { directionOfTravel } from '../../functions/scorecard/direction';
import { round1, roundHalfAway } from '../../functions/scorecard/rounding';

describe('rounding to one decimal place, halves away from zero', () => {
  it('rounds halves away from zero on the decimal a reader sees', () => {
    expect([round1(0.05), round1(0.15), round1(0.25), round1(28.05), round1(1.45), round1(2.675)]).toEqual([0.1, 0.2, 0.3, 28.1, 1.5, 2.7]);
  });
  it('rounds negative halves away from zero, unlike Math.round', () => {
    expect(Math.round(-2.5)).toBe(-2);
    expect([round1(-0.05), round1(-0.25), round1(-1.45), round1(-0.04)]).toEqual([-0.1, -0.3, -1.5, 0]);
  });
  it('keeps values that need no rounding and handles exponent forms', () => {
    expect([round1(79.8), round1(100), round1(0), round1(1e-7), round1(1e21)]).toEqual([79.8, 100, 0, 0, 1e21]);
    expect(roundHalfAway(1.005, 2)).toBe(1.01);
    expect(roundHalfAway(-0.5, 0)).toBe(-1);
  });
});

describe('direction of travel (scorecard.md §3)', () => {
  it('reads HIGH and LOW by polarity', () => {
    expect(directionOfTravel('HIGH', 84.4, 80.1)).toBe('IMPROVING');
    expect(directionOfTravel('HIGH', 80.1, 84.4)).toBe('DECLINING');
    expect(directionOfTravel('LOW', 25.0, 28.1)).toBe('IMPROVING');
    expect(directionOfTravel('LOW', 28.1, 25.0)).toBe('DECLINING');
  });
  it('is STABLE when both round to the same tenth, and rounds ties away from zero first', () => {
    expect(directionOfTravel('HIGH', 84.44, 84.36)).toBe('STABLE');
    // 28.05 rounds to 28.1 (not 28.0): a tie, so it moved.
    expect(directionOfTravel('LOW', 28.05, 28.0)).toBe('DECLINING');
    expect(directionOfTravel('HIGH', 0.05, 0.1)).toBe('STABLE');
    expect(directionOfTravel('INFO', -0.25, -0.3)).toBe('STABLE');
  });
  it('reads BAND by distance to the band reference', () => {
    expect(directionOfTravel('BAND', 244.0, 250.0, 158.8)).toBe('IMPROVING');
    expect(directionOfTravel('BAND', 150.0, 160.0, 158.8)).toBe('DECLINING');
    // Equally far on either side: 5.0 above and 5.0 below.
    expect(directionOfTravel('BAND', 163.8, 153.8, 158.8)).toBe('STABLE');
  });
  it('reads BAND as INFO without a band reference', () => {
    expect(directionOfTravel('BAND', 200, 190, null)).toBe('UP');
    expect(directionOfTravel('BAND', 180, 190)).toBe('DOWN');
  });
  it('reads INFO as UP, DOWN or STABLE', () => {
    expect([directionOfTravel('INFO', 1032, 959), directionOfTravel('INFO', 959, 1032), directionOfTravel('INFO', 42, 42)]).toEqual(['UP', 'DOWN', 'STABLE']);
  });
  it('gives none without a previous (or current) value', () => {
    expect(directionOfTravel('HIGH', 84.4, null)).toBeNull();
    expect(directionOfTravel('LOW', null, 28.1)).toBeNull();
  });
});
