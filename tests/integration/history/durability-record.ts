import { hashText, type NewHistoryRecord } from '../../../src-main/core/history';

/** The n-th record the writer saves; the test rebuilds it to compare what survived. */
export function durableRecord(n: number): NewHistoryRecord {
  // A fresh ~40 KB article every third record, so kills land inside large writes too.
  const text = `Article ${Math.floor(n / 3)}. ${`Sentence ${n % 7} about the harbour and the storm. `.repeat(800)}`;
  return {
    article: { title: `Durable ${n}`, source: `durable-${n}.txt`, textHash: hashText(text), text, wordCount: 8 * 800 + 2 },
    mode: n % 2 === 0 ? 'steered' : 'plain',
    style: n % 2 === 0 ? 'shakespearean' : null,
    sampling: { temperature: 0.5, topP: 0.95, seed: n, maxTokens: 256, repeatPenalty: 1.05 },
    steering: n % 2 === 0 ? { method: 'caa', pairId: 'shakespearean/thou-you', layerStart: 8, layerEnd: 12, coefficient: n / 10 } : null,
    modelId: 'tiny-model',
    output: `Summary number ${n}: ${'words of the summary '.repeat(40)}durablemark${n}`,
    stats: { promptTokens: n, outputTokens: 2 * n, timeToFirstTokenMs: 3, totalMs: 4 * n, chunks: 1 },
    cancelled: n % 5 === 0,
  };
}
