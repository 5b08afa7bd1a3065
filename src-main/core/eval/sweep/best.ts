/**
 * Which cell of a sweep is best, by a rule stated up front so nobody has to eyeball a grid:
 *   1. keep the cells whose content score (ROUGE-L F1 against the plain summary) is at least 90%
 *      of the prompted baseline's: steering must keep as much of the content as prompting does;
 *   2. of those, the highest style score wins, provided it beats the plain summary's (a "best"
 *      cell that is no more stylish than plain English is no answer);
 *   With several samples per cell, the style and content scores are the cell's means over them.
 *   3. ties go to the smaller |coefficient| (gentler steering), then the lower layer, then the
 *      method order actadd, caa, all, then the negative coefficient before the positive.
 */
import type { SteeringMethod } from '../../engine/steering-settings';
import type { BestPick, SweepBaselines, SweepCell } from './types';

export const CONTENT_SHARE_OF_PROMPTED = 0.9;
const METHOD_ORDER: Record<SteeringMethod, number> = { actadd: 0, caa: 1, all: 2 };

export const BEST_RULE =
  'Highest style score among cells whose ROUGE-L F1 against the plain summary is at least 90% of the prompted summary’s, ' +
  'and above the plain summary’s own style score; ties go to the smaller |coefficient|, then the lower layer.';

/** In words: why the picked cell is best, or why there is none. */
export function describeBest(best: BestPick, styleScore: 'archaic' | 'contrast'): string {
  const cell = best.cell;
  if (!cell) return best.reason ?? 'No cell was picked.';
  const style = styleScore === 'archaic' ? `archaic rate ${cell.styleScore!.toFixed(1)} per 100 words` : `contrast ${cell.styleScore!.toFixed(3)}`;
  return (
    `${cell.method} at ${cell.layerStart === cell.layerEnd ? `layer ${cell.layerStart}` : `layers ${cell.layerStart}–${cell.layerEnd}`}, ×${cell.coefficient}: ` +
    `the highest ${style} among cells that kept the content (ROUGE-L ${cell.contentScore!.toFixed(3)} against the plain summary; at least ${best.threshold!.toFixed(3)} needed).`
  );
}

export function compareCells(a: SweepCell, b: SweepCell): number {
  return (
    b.styleScore! - a.styleScore! ||
    Math.abs(a.coefficient) - Math.abs(b.coefficient) ||
    a.layerStart - b.layerStart ||
    a.layerEnd - b.layerEnd ||
    METHOD_ORDER[a.method] - METHOD_ORDER[b.method] ||
    a.coefficient - b.coefficient
  );
}

export function pickBest(cells: readonly SweepCell[], baselines: SweepBaselines): BestPick {
  const prompted = baselines.prompted?.contentScore;
  if (prompted === null || prompted === undefined) {
    return { cell: null, rule: BEST_RULE, threshold: null, reason: 'There is no prompted summary scored against a plain one to compare with.' };
  }
  const threshold = CONTENT_SHARE_OF_PROMPTED * prompted;
  const scored = cells.filter((cell) => !cell.error && cell.styleScore !== null && cell.contentScore !== null);
  const eligible = scored.filter((cell) => cell.contentScore! >= threshold);
  if (eligible.length === 0) {
    return {
      cell: null,
      rule: BEST_RULE,
      threshold,
      reason: scored.length === 0 ? 'No cell has been scored yet.' : 'Every cell lost too much of the plain summary’s content.',
    };
  }
  const [best] = [...eligible].sort(compareCells);
  const plainStyle = baselines.plain?.styleScore;
  if (plainStyle !== null && plainStyle !== undefined && best.styleScore! <= plainStyle) {
    return { cell: null, rule: BEST_RULE, threshold, reason: 'No cell that kept the content is more in the style than the plain summary.' };
  }
  return { cell: best, rule: BEST_RULE, threshold };
}
