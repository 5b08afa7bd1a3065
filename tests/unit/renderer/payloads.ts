/** Requests' and events' bodies for the renderer's store tests, shaped by the contract. */
import type { Article, HistoryRecord, SamplingSettings, SummaryStats } from '../../../src-main/ipc/contract';
import { DEFAULT_SAMPLING } from '../../../src-main/ipc/constants';

export const article: Article = {
  title: 'Harbour reopens',
  text: 'The harbour reopened on Monday after the storm.',
  source: 'harbour.txt',
  wordCount: 8,
  format: 'txt',
};

export const sampling: SamplingSettings = { ...DEFAULT_SAMPLING };

export const stats: SummaryStats = { promptTokens: 20, outputTokens: 5, timeToFirstTokenMs: 10, totalMs: 50, chunks: 1 };

export function historyRecord(output: string, cancelled = false): HistoryRecord {
  return {
    id: 'record-1',
    createdAt: '2026-01-01T00:00:00.000Z',
    article: { title: article.title, source: article.source, textHash: '0'.repeat(64), text: article.text, wordCount: article.wordCount },
    mode: 'plain',
    style: null,
    sampling,
    steering: null,
    modelId: 'test-model',
    output,
    stats,
    cancelled,
  };
}
