/** RAG against target and tolerance (scorecard.md §2). */
import { RAG, type Rag, type TargetRow } from './model';

/** The value RAG is judged on: the in-month value, or YTD when the target says `rag_basis = YTD`. */
export function ragValue(target: TargetRow, value: number | null, ytdValue: number | null): number | null {
  return target.rag_basis === 'YTD' ? ytdValue : value;
}

/**
 * RAG of an indicator for P. Compares the unrounded value, as the spec states the rule
 * on v itself (only the direction of travel rounds first). No amber in the target means
 * there is no amber band. No target or no value gives `null` (shown `n/a`).
 *
 * @example ragFor({ rule: 'HIGH', green: 95, amber: 92, ... }, 79.8, null) === 'R'
 */
export function ragFor(target: TargetRow | undefined, value: number | null, ytdValue: number | null): Rag | null {
  if (!target) return null;
  const v = ragValue(target, value, ytdValue);
  if (v === null || !Number.isFinite(v)) return null;
  const { green, amber } = target;
  const hasAmber = amber !== null && Number.isFinite(amber);
  switch (target.rule) {
    case 'HIGH':
      if (v >= green) return RAG.GREEN;
      return hasAmber && v >= amber ? RAG.AMBER : RAG.RED;
    case 'LOW':
      if (v <= green) return RAG.GREEN;
      return hasAmber && v <= amber ? RAG.AMBER : RAG.RED;
    case 'BAND': {
      if (target.band_reference === null) return null;
      const distance = Math.abs(v - target.band_reference);
      if (distance <= green) return RAG.GREEN;
      return hasAmber && distance <= amber ? RAG.AMBER : RAG.RED;
    }
  }
}
