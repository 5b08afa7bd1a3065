/** Requests' and events' bodies for the renderer's store tests, shaped by the contract. */
import type { Article, HistoryRecord, LibraryListView, SamplingSettings, SteeringInfo, SummaryStats, VectorFileView } from '../../../src-main/ipc/contract';
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

/** A small model's steering facts: block inputs 2–6 steerable, strengths up to 100. */
export const steeringInfo: SteeringInfo = {
  convention: 'Layer L is the input of block L.',
  layers: { min: 2, max: 6, nLayer: 8 },
  methods: [],
  buildMethods: [],
  defaults: { method: 'caa', layerStart: 3, layerEnd: 4, coefficient: 6, pairId: 'shakespearean' },
  defaultsNote: '',
  maxCoefficient: 100,
  vectorFolder: '/vectors',
};

export const libraryList: LibraryListView = {
  libraries: [
    {
      format: 'steerling-pair-library',
      version: 1,
      id: 'builtin',
      name: 'Built-in',
      builtin: true,
      styles: [{ id: 'shakespearean', name: 'Shakespearean', pairs: [{ id: 'greeting', positive: 'Good morrow', negative: 'Good morning' }] }],
    },
  ],
  unreadable: [],
  folder: '/libraries',
};

export function vectorFile(path: string, fit: VectorFileView['fit']): VectorFileView {
  return { path, layers: [2, 3, 4], directions: [1, 2, 3], nEmbd: 64, modelHint: null, layerCount: 8, steerling: {}, norms: [], fit };
}
