/**
 * How a context window is shared between prompt and answer. Pure arithmetic, kept apart so the
 * rules are easy to read and test.
 */

/** Room kept for the final answer when deciding whether an article fits in one prompt. */
export function finalOutputReserve(contextSize: number, maxTokens: number): number {
  return Math.max(1, Math.min(maxTokens, Math.floor(contextSize / 2)));
}

/** Length of each partial summary in map-reduce: a few sentences, never more than the user allows. */
export function mapOutputTokens(contextSize: number, maxTokens: number): number {
  return Math.max(16, Math.min(maxTokens, 200, Math.floor(contextSize / 8)));
}

/** How many tokens a generation may write after this prompt without overflowing the context. */
export function generationLimit(contextSize: number, promptTokens: number, maxTokens: number): number {
  return Math.max(0, Math.min(maxTokens, contextSize - promptTokens));
}

/** Smallest chunk worth summarising on its own; below this the context is simply too small. */
export const MIN_CHUNK_TOKENS = 32;

/** Headroom for tokenization differences between a chunk counted alone and inside its prompt. */
export const CHUNK_MARGIN_TOKENS = 8;
