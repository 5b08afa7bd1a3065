/**
 * Log-probabilities of a continuation under the loaded model: log p(c_j | prefix, c_<j) for each
 * continuation token, the basis of the contrast style score and of perplexity.
 *
 * node-llama-cpp 3.21.1 has no raw-logits API; `LlamaContextSequence.controlledEvaluate` with
 * `generateNext.probabilities` returns, for an input position, the softmax over the whole
 * vocabulary of that position's logits after the sampler chain. With no sampling options the chain
 * is greedy only, which selects but does not change logits, so these are the model's own
 * next-token probabilities (float32). A probability that underflows float32 (a logit more than
 * ~103 below the best) comes back as 0; its log is clamped to MIN_LOG_PROB and counted.
 *
 * The sequence's KV cache is cleared first (never reuse state computed under other prompts or a
 * steering vector). The caller must not run generation on the same sequence at the same time.
 */
import type { LlamaContextSequence, Token } from 'node-llama-cpp';
import { EvalError } from './errors';

/** ln of float32's smallest positive (denormal) value: the floor of a returned probability. */
export const MIN_LOG_PROB = Math.log(1.401298464324817e-45);

export interface LogProbResult {
  /** Natural-log probability of each continuation token, in order. */
  tokenLogProbs: number[];
  sum: number;
  /** sum / number of tokens; NaN for an empty continuation. */
  mean: number;
  /** Tokens whose probability underflowed and were clamped to MIN_LOG_PROB. */
  clampedTokens: number;
}

export interface LogProbOptions {
  signal?: AbortSignal;
}

function abortError(): EvalError {
  return new EvalError('cancelled', 'Scoring was cancelled.');
}

export async function scoreLogProbs(
  sequence: LlamaContextSequence,
  prefixTokens: readonly Token[],
  continuationTokens: readonly Token[],
  options: LogProbOptions = {},
): Promise<LogProbResult> {
  if (prefixTokens.length === 0) {
    throw new EvalError('invalid-request', 'Scoring needs at least one token before the text (the model’s start token).');
  }
  const all = [...prefixTokens, ...continuationTokens];
  if (all.length > sequence.contextSize) {
    throw new EvalError(
      'text-too-long',
      `The text to score is ${all.length} tokens with its prompt, more than the model's context of ${sequence.contextSize}. Load the model with a larger context size.`,
    );
  }
  const tokenLogProbs: number[] = [];
  let clampedTokens = 0;
  if (continuationTokens.length > 0) {
    await sequence.clearHistory();
    // Position i's distribution predicts token i + 1, so the last token itself is never evaluated.
    const firstScored = prefixTokens.length - 1;
    const inputCount = all.length - 1;
    const batchSize = Math.max(1, sequence.context.batchSize);
    for (let start = 0; start < inputCount; start += batchSize) {
      if (options.signal?.aborted) throw abortError();
      const end = Math.min(inputCount, start + batchSize);
      const items = all.slice(start, end).map((token, k) =>
        start + k >= firstScored ? ([token, { generateNext: { probabilities: true } }] as [Token, { generateNext: { probabilities: true } }]) : token,
      );
      const outputs = await sequence.controlledEvaluate(items);
      for (let index = Math.max(start, firstScored); index < end; index++) {
        const probabilities = outputs[index - start]?.next.probabilities;
        if (!probabilities) {
          throw new EvalError('generation-failed', 'The model returned no probabilities while scoring; it may not support text generation.');
        }
        const probability = probabilities.get(all[index + 1]) ?? 0;
        if (probability > 0) tokenLogProbs.push(Math.log(probability));
        else {
          tokenLogProbs.push(MIN_LOG_PROB);
          clampedTokens++;
        }
      }
    }
  }
  const sum = tokenLogProbs.reduce((total, value) => total + value, 0);
  return { tokenLogProbs, sum, mean: tokenLogProbs.length === 0 ? Number.NaN : sum / tokenLogProbs.length, clampedTokens };
}
