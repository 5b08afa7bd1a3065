/**
 * Perplexity of a text under the loaded (unsteered) model: exp of the mean negative
 * log-probability per token, the text scored after the start token alone, without the article or
 * any prompt, so it measures how natural the text is and not how well it follows the article.
 * A model without a start token scores the text from its second token on.
 */
import { EvalError } from '../errors';
import { startTokens, textTokens, type EvalModel } from '../eval-model';
import { scoreLogProbs } from '../logprob';

export interface PerplexityScore {
  perplexity: number;
  meanLogProb: number;
  tokens: number;
}

export async function perplexityOf(evalModel: EvalModel, text: string, options: { signal?: AbortSignal } = {}): Promise<PerplexityScore | null> {
  const tokens = textTokens(evalModel.model, text);
  let prefix = startTokens(evalModel.model);
  let continuation = tokens;
  if (prefix.length === 0) {
    prefix = tokens.slice(0, 1);
    continuation = tokens.slice(1);
  }
  if (continuation.length === 0) return null;
  try {
    const result = await scoreLogProbs(evalModel.sequence, prefix, continuation, options);
    return { perplexity: Math.exp(-result.mean), meanLogProb: result.mean, tokens: result.tokenLogProbs.length };
  } catch (error) {
    if (error instanceof EvalError) throw error;
    throw new EvalError('generation-failed', `Perplexity could not be computed: ${(error as Error).message}`, { cause: error });
  }
}
