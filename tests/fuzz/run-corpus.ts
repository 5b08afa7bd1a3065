/**
 * Sends fuzz inputs through the real import worker, one at a time, and sorts what came back.
 * An input passes when it ends in an article or a coded error that the importer gave on its
 * own; it fails when the worker had to be stopped (time or memory limit) or crashed, or when
 * anything else came back.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ArticleImportError } from '../../src-main/core/articles/article';
import { WorkerArticleImporter, type WorkerImporterOptions } from '../../src-main/core/articles/worker/worker-importer';
import type { FuzzInput } from './corpus';

/** Codes that mean a limit of the worker, not of the importer, ended the import. */
const STOPPED = new Set(['timed-out', 'out-of-memory', 'crashed']);

export interface FuzzResult {
  id: string;
  name: string;
  /** "article" or the error code. */
  outcome: string;
  passed: boolean;
  ms: number;
  message?: string;
  /** The worker's peak resident memory after this input (it only grows while the worker lives). */
  peakRssBytes?: number;
}

export interface FuzzSummary {
  results: FuzzResult[];
  counts: Record<string, number>;
  failures: FuzzResult[];
  slowest: FuzzResult[];
  peak?: FuzzResult;
  totalMs: number;
}

export async function runCorpus(
  inputs: FuzzInput[],
  options: WorkerImporterOptions & { onResult?: (result: FuzzResult, index: number) => void } = {},
): Promise<FuzzSummary> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steerling-fuzz-'));
  const importer = new WorkerArticleImporter(options);
  const results: FuzzResult[] = [];
  const started = performance.now();
  try {
    for (const [index, input] of inputs.entries()) {
      const file = await input.create(dir);
      const begin = performance.now();
      const outcome = await importer.run({ type: 'import-path', path: file });
      const ms = Math.round(performance.now() - begin);
      const result: FuzzResult =
        'article' in outcome
          ? { id: input.id, name: input.name, outcome: 'article', passed: true, ms, peakRssBytes: outcome.peakRssBytes }
          : {
              id: input.id,
              name: input.name,
              outcome: outcome.error instanceof ArticleImportError ? outcome.error.code : 'uncoded',
              passed: outcome.error instanceof ArticleImportError && !STOPPED.has(outcome.error.code),
              ms,
              message: outcome.error.message,
              peakRssBytes: outcome.peakRssBytes,
            };
      results.push(result);
      options.onResult?.(result, index);
      fs.rmSync(file, { recursive: true, force: true });
    }
  } finally {
    await importer.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return summarise(results, Math.round(performance.now() - started));
}

function summarise(results: FuzzResult[], totalMs: number): FuzzSummary {
  const counts: Record<string, number> = {};
  for (const result of results) counts[result.outcome] = (counts[result.outcome] ?? 0) + 1;
  const peak = results.reduce<FuzzResult | undefined>((best, result) => ((result.peakRssBytes ?? 0) > (best?.peakRssBytes ?? 0) ? result : best), undefined);
  return {
    results,
    counts,
    failures: results.filter((result) => !result.passed),
    slowest: [...results].sort((a, b) => b.ms - a.ms).slice(0, 10),
    peak,
    totalMs,
  };
}

export function formatSummary(summary: FuzzSummary): string {
  const mb = (bytes?: number) => `${Math.round((bytes ?? 0) / (1024 * 1024))} MB`;
  const lines = [
    `${summary.results.length} inputs in ${(summary.totalMs / 1000).toFixed(1)} s; ${summary.failures.length} failed`,
    'Outcomes:',
    ...Object.entries(summary.counts)
      .sort((a, b) => b[1] - a[1])
      .map(([outcome, count]) => `  ${outcome.padEnd(14)} ${count}`),
    'Slowest:',
    ...summary.slowest.map((result) => `  ${String(result.ms).padStart(6)} ms  ${result.id} (${result.name}) -> ${result.outcome}`),
    `Peak worker memory: ${mb(summary.peak?.peakRssBytes)}${summary.peak ? `, first reached at ${summary.peak.id} (${summary.peak.name})` : ''}`,
  ];
  if (summary.failures.length > 0) {
    lines.push('Failures:', ...summary.failures.map((result) => `  ${result.id} (${result.name}) -> ${result.outcome}: ${result.message ?? ''}`));
  }
  return lines.join('\n');
}
