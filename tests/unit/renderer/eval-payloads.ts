/** Comparison and sweep results for the renderer's store tests, shaped by the contract. */
import type {
  BestPick,
  CompareConfig,
  ComparisonRecord,
  ComparisonResult,
  ComparisonRow,
  ScoredText,
  SweepCell,
  SweepDetail,
  SweepResult,
} from '../../../src-main/ipc/contract';
import { article, sampling, stats } from './payloads';

export const plainConfig: CompareConfig = { id: 'plain', label: 'Plain', mode: 'plain' };
export const promptedConfig: CompareConfig = { id: 'prompted', label: 'Prompted', mode: 'prompted', style: 'shakespearean' };

export function row(config: CompareConfig, output: string, error?: string): ComparisonRow {
  return { config, output, stats: error ? null : stats, scores: null, generationMs: 5, ...(error ? { error } : {}) };
}

export function comparison(configs: CompareConfig[], rows: ComparisonRow[], complete: boolean): ComparisonResult {
  return {
    version: 1,
    article: { title: article.title, sha256: '0'.repeat(64) },
    sampling,
    target: { styleLabel: 'Shakespearean English' },
    judge: false,
    configs,
    rows,
    complete,
  };
}

export function comparisonRecord(id: string, result: ComparisonResult): ComparisonRecord {
  return {
    id,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    article: { title: article.title, source: article.source, textHash: '0'.repeat(64), text: article.text, wordCount: article.wordCount },
    modelId: 'test-model',
    result,
  };
}

export function scored(output: string): ScoredText {
  return { output, scores: null, styleScore: 0.5, contentScore: 0.8, generationMs: 5, scoringMs: 1 };
}

export function cell(layer: number, coefficient: number): SweepCell {
  return { key: `caa@${layer}-${layer}x${coefficient}`, method: 'caa', layerStart: layer, layerEnd: layer, coefficient, ...scored(`Steered at ${layer} ×${coefficient}`) };
}

export function sweepResult(cells: SweepCell[], total: number, best: BestPick): SweepResult {
  return {
    version: 1,
    fingerprint: 'f',
    spec: { article: { title: article.title, sha256: '0'.repeat(64) }, sampling, style: 'shakespearean', pairId: 'shakespearean', methods: ['caa'], layers: [2, 3], coefficients: [4] },
    styleScore: 'archaic',
    baselines: { plain: scored('Plain.'), prompted: scored('Prompted.') },
    cells,
    total,
    complete: cells.length === total,
    best,
    timing: { totalMs: 10, generationMs: 8, scoringMs: 1, otherMs: 1 },
  };
}

/** A saved sweep of layers 2–3 at ×4 with `cells` finished. */
export function sweepDetail(id: string, status: SweepDetail['entry']['status'], cells: SweepCell[], running = false): SweepDetail {
  return {
    entry: {
      id,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      title: article.title,
      style: 'shakespearean',
      pairId: 'shakespearean',
      methods: ['caa'],
      layers: [2, 3],
      coefficients: [4],
      modelId: 'test-model',
      status,
      done: cells.length,
      total: 2,
      best: null,
      running,
    },
    request: { article, style: 'shakespearean', pairId: 'shakespearean', methods: ['caa'], layers: [2, 3], coefficients: [4], sampling },
    result: null,
    progress: { baselines: { plain: scored('Plain.') }, cells },
  };
}
