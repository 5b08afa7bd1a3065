/**
 * Contrast style score for any library style: how much more likely the model finds the output
 * after text written in the style than after the same text in plain English.
 *
 *   score = mean log p(output | positive prompt) − mean log p(output | negative prompt)
 *
 * (natural log, per output token). The positive prompt is the style's pairs' positive sides, one per
 * line; the negative prompt their negative sides. Pairs say the same thing both ways, so the two
 * prompts differ in style and not in content, and the difference isolates style. Above 0: the
 * output reads more like the style; 0: no preference; below 0: more like plain English.
 */
import type { SteeringPair } from '../../steering/builders';
import { resolvePairReference, type PairLibrary } from '../../steering/pair-library';
import { EvalError } from '../errors';
import { startTokens, textTokens, type EvalModel } from '../eval-model';
import { scoreLogProbs } from '../logprob';

import type { ContrastPrompts, ContrastScore } from './contrast-types';

export type { ContrastPrompts, ContrastScore } from './contrast-types';

export function contrastPromptsFromPairs(pairs: readonly SteeringPair[]): ContrastPrompts {
  if (pairs.length === 0) throw new EvalError('invalid-request', 'The contrast score needs at least one steering pair.');
  return {
    positive: pairs.map((pair) => pair.positive.trim()).join('\n'),
    negative: pairs.map((pair) => pair.negative.trim()).join('\n'),
  };
}

/** Prompts for a pair reference ("shakespearean", "shakespearean/thou-you", "mylib:noir"). */
export function contrastPromptsFor(reference: string, libraries: readonly PairLibrary[]): ContrastPrompts {
  return contrastPromptsFromPairs(resolvePairReference(reference, libraries).pairs);
}

export async function contrastScore(
  evalModel: EvalModel,
  output: string,
  prompts: ContrastPrompts,
  options: { signal?: AbortSignal } = {},
): Promise<ContrastScore | null> {
  const { model, sequence } = evalModel;
  const continuation = textTokens(model, output);
  if (continuation.length === 0) return null;
  // The blank line marks the output as new text after the examples, the same for both sides.
  const prefix = (prompt: string) => [...startTokens(model), ...textTokens(model, `${prompt}\n\n`)];
  const positive = await scoreLogProbs(sequence, prefix(prompts.positive), continuation, options);
  const negative = await scoreLogProbs(sequence, prefix(prompts.negative), continuation, options);
  return {
    score: positive.mean - negative.mean,
    positiveMeanLogProb: positive.mean,
    negativeMeanLogProb: negative.mean,
    tokens: continuation.length,
  };
}
