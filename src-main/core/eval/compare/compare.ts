/**
 * Compare: one article, several configurations (plain, prompted, steered …), each summarised with
 * the same sampling and seed through a SummaryEngine, then scored. Plain configurations run first
 * because every other row's ROUGE against the plain summary needs that text.
 *
 * Cancel with the AbortSignal: the result then holds the finished rows and `complete: false`.
 * Resume by passing that result back as `resume`: rows whose configuration is unchanged are kept,
 * the rest run. A configuration the engine refuses (say, a layer the model does not have) gives a
 * row with `error` instead of failing the whole comparison; resuming retries it.
 */
import { createHash } from 'node:crypto';
import type { SummaryEngine } from '../../engine/types';
import type { CompareConfig, CompareProgress, CompareRequest, ComparisonResult, ComparisonRow } from './types';
import { EvalError } from '../errors';
import type { EvalModel } from '../eval-model';
import { scoreSummary, type SummaryScores } from '../scores';
import { collectSummary } from '../summarise';

export type { CompareConfig, CompareProgress, CompareRequest, ComparisonResult, ComparisonRow } from './types';

export interface CompareOptions {
  engine: SummaryEngine;
  /** The loaded model for contrast, perplexity and judge; without it those scores are null. */
  model?: EvalModel;
  signal?: AbortSignal;
  resume?: ComparisonResult;
  onProgress?: (event: CompareProgress) => void;
}

export function articleFingerprint(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Throws EvalError('invalid-request') for a request that cannot run; exported so callers can refuse it before starting a job. */
export function validateCompareRequest(request: CompareRequest | Omit<CompareRequest, 'target'>): void {
  if (request.configs.length === 0) throw new EvalError('invalid-request', 'Add at least one configuration to compare.');
  const ids = new Set<string>();
  for (const config of request.configs) {
    if (!config.id.trim()) throw new EvalError('invalid-request', 'Every configuration needs a name.');
    if (ids.has(config.id)) throw new EvalError('invalid-request', `Two configurations are called "${config.id}"; give each its own name.`);
    ids.add(config.id);
  }
  if (!request.article.text.trim()) throw new EvalError('invalid-request', 'The article has no text to summarise.');
}

function reusableRows(request: CompareRequest, resume: ComparisonResult | undefined): Map<string, ComparisonRow> {
  const rows = new Map<string, ComparisonRow>();
  if (!resume) return rows;
  if (resume.version !== 1 || !Array.isArray(resume.rows)) {
    throw new EvalError('unreadable-checkpoint', 'The saved comparison is not one this version of Steerling can resume.');
  }
  if (resume.article.sha256 !== articleFingerprint(request.article.text) || !sameJson(resume.sampling, request.sampling)) {
    throw new EvalError(
      'resume-mismatch',
      'The saved comparison was made for a different article or different sampling settings, so it cannot be resumed. Start a new comparison.',
    );
  }
  if (!sameJson(resume.target, request.target) || resume.judge !== Boolean(request.judge)) return rows; // scores would differ
  for (const row of resume.rows) {
    const planned = request.configs.find((config) => config.id === row.config.id);
    if (planned && !row.error && sameJson(planned, row.config)) rows.set(planned.id, row);
  }
  return rows;
}

export async function runComparison(request: CompareRequest, options: CompareOptions): Promise<ComparisonResult> {
  validateCompareRequest(request);
  const finished = reusableRows(request, options.resume);
  const total = request.configs.length;
  const result = (): ComparisonResult => ({
    version: 1,
    article: { title: request.article.title, sha256: articleFingerprint(request.article.text) },
    sampling: request.sampling,
    target: request.target,
    judge: Boolean(request.judge),
    configs: request.configs,
    rows: request.configs.flatMap((config) => finished.get(config.id) ?? []),
    complete: request.configs.every((config) => finished.has(config.id) && !finished.get(config.id)!.error),
  });
  const plainFirst = [...request.configs].sort((a, b) => Number(b.mode === 'plain') - Number(a.mode === 'plain'));
  const plainSummary = () => {
    const plain = request.configs.find((config) => config.mode === 'plain');
    const row = plain && finished.get(plain.id);
    return row && !row.error ? row.output : null;
  };

  for (const config of plainFirst) {
    const done = [...finished.values()].filter((row) => !row.error).length;
    if (finished.has(config.id)) {
      options.onProgress?.({ type: 'skipped', configId: config.id, done, total, row: finished.get(config.id)! });
      continue;
    }
    if (options.signal?.aborted) return result();
    options.onProgress?.({ type: 'start', configId: config.id, done, total });
    let summary;
    try {
      summary = await collectSummary(options.engine, request.article, config, request.sampling, options.signal);
    } catch (error) {
      const message = (error as Error).message;
      const row: ComparisonRow = { config, output: '', stats: null, scores: null, error: message, generationMs: 0 };
      finished.set(config.id, row);
      options.onProgress?.({ type: 'failed', configId: config.id, done, total, message, row });
      continue;
    }
    if (summary.cancelled) return result();
    let scores: SummaryScores;
    try {
      scores = await scoreSummary(
        { output: summary.output, article: request.article, plainSummary: plainSummary(), target: request.target },
        { model: options.model, judge: request.judge, signal: options.signal },
      );
    } catch (error) {
      if (error instanceof EvalError && error.code === 'cancelled') return result();
      throw error;
    }
    if (scores.judge?.cancelled) return result();
    const row: ComparisonRow = { config, output: summary.output, stats: summary.stats, scores, generationMs: summary.generationMs };
    finished.set(config.id, row);
    options.onProgress?.({ type: 'finished', configId: config.id, done: done + 1, total, row });
  }
  return result();
}
