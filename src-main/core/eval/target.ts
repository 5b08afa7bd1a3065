/**
 * What "the style" means for scoring a set of summaries: the words the judge is given, and the
 * contrast prompts from the pair library. Prompt styles (assets/prompts/styles) and pair-library
 * styles share ids for the built-in styles ("shakespearean", "victorian", "noir").
 */
import { findStyle, loadPromptTemplates } from '../engine/prompts/templates';
import { SteeringError } from '../steering/errors';
import { builtinLibrary, resolvePairReference, type PairLibrary } from '../steering/pair-library';
import type { ScoreTarget } from './scores';
import { contrastPromptsFromPairs } from './style/contrast';

export const PLAIN_STYLE_LABEL = 'plain modern English';

/**
 * `reference` is a prompt style id or a pair reference ("shakespearean", "mylib:noir/rain-grudge");
 * undefined gives the plain target (no contrast score).
 */
export function scoreTargetFor(reference: string | undefined, libraries: readonly PairLibrary[] = [builtinLibrary()]): ScoreTarget {
  if (!reference) return { styleLabel: PLAIN_STYLE_LABEL };
  let resolved: ReturnType<typeof resolvePairReference> | undefined;
  try {
    resolved = resolvePairReference(reference, libraries);
  } catch (error) {
    if (!(error instanceof SteeringError)) throw error;
  }
  const promptStyle = findStyle(loadPromptTemplates(), reference);
  return {
    styleLabel: promptStyle?.label ?? resolved?.style.name ?? reference,
    // The whole style, even when the reference names one pair: more text measures style more steadily.
    contrast: resolved ? contrastPromptsFromPairs(resolved.style.pairs) : undefined,
  };
}
