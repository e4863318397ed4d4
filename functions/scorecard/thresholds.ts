/** Red / Amber / Green thresholds written as people read them (scorecard.md §1). */
import type { Unit } from '../indicators/catalogue';
import { formatPlain } from './format';
import type { TargetRow } from './model';

/** The three threshold texts of a target; `amber` is `null` when the target has no amber. */
export interface ThresholdText {
  readonly red: string;
  readonly amber: string | null;
  readonly green: string;
}

function suffix(unit: Unit): string {
  if (unit === '%') return '%';
  if (unit === 'days') return ' days';
  return '';
}

/**
 * The thresholds of a target as the council's report prints them.
 *
 * @example thresholdText({ rule: 'HIGH', green: 86, amber: 83, ... }, '%')
 *   // { red: '<83%', amber: '83%+', green: '86%+' }
 * @example thresholdText({ rule: 'LOW', green: 26, amber: 30, ... }, '%')
 *   // { red: '>30%', amber: '30% or less', green: '26% or less' }
 * @example thresholdText({ rule: 'BAND', green: 5, amber: 15, band_reference: 158.8, ... }, 'per 10k')
 *   // { red: 'outside ±15', amber: '±15', green: '±5' }
 */
export function thresholdText(target: TargetRow | undefined, unit: Unit): ThresholdText | null {
  if (!target) return null;
  const u = suffix(unit);
  const g = formatPlain(target.green);
  const hasAmber = target.amber !== null && Number.isFinite(target.amber);
  const a = hasAmber ? formatPlain(target.amber as number) : null;
  const edge = a ?? g;
  switch (target.rule) {
    case 'HIGH':
      return { red: `<${edge}${u}`, amber: a === null ? null : `${a}${u}+`, green: `${g}${u}+` };
    case 'LOW':
      return { red: `>${edge}${u}`, amber: a === null ? null : `${a}${u} or less`, green: `${g}${u} or less` };
    case 'BAND':
      return { red: `outside ±${edge}${u}`, amber: a === null ? null : `±${a}${u}`, green: `±${g}${u}` };
  }
}

/** "Within band" references are shown next to the green band: `158.8`. */
export function bandReferenceText(target: TargetRow | undefined): string | null {
  return target?.rule === 'BAND' && target.band_reference !== null ? formatPlain(target.band_reference) : null;
}
