/**
 * Sweep: steer one article with one pair (or vector file) over a grid of layers × coefficients
 * (× methods), all with the same sampling and seed, and score every cell against a plain and a
 * prompted baseline, so the layer and strength that work can be seen instead of guessed.
 *
 * An async iterable of events (each baseline, each cell with progress, then the result). Cancel
 * with the AbortSignal; with `resultPath`, finished cells are saved after each one and a re-run
 * with the same settings skips them (files.ts). The best cell follows best.ts.
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SummaryEngine } from '../../engine/types';
import { builtinLibrary, type PairLibrary } from '../../steering/pair-library';
import { articleFingerprint } from '../compare/compare';
import { EvalError } from '../errors';
import type { EvalModel } from '../eval-model';
import { scoreSummary, type ScoreTarget } from '../scores';
import { collectSummary, type SummaryConfig } from '../summarise';
import { pickBest } from './best';
import { sweepToCsv } from './csv';
import { readCheckpoint, sweepPaths, writeFileAtomically, type SweepCheckpoint } from './files';
import { gridOf, validateSweepSpec } from './grid';
import type { ScoredText, StyleScoreName, SweepCell, SweepEvent, SweepResult, SweepSpec } from './types';
import { scoreTargetFor } from '../target';

export interface SweepOptions {
  engine: SummaryEngine;
  /** The loaded model, for contrast, perplexity and judge scores. */
  model?: EvalModel;
  /** Save the result (.json, .csv) and progress (.cells.json) here; needed to resume. */
  resultPath?: string;
  /** Overwrite saved progress made with other settings, instead of refusing. */
  restart?: boolean;
  signal?: AbortSignal;
  /** Libraries for the default scoring target; default the built-in one. */
  libraries?: readonly PairLibrary[];
}

function defaultStyleScore(spec: SweepSpec): StyleScoreName {
  return /shakespear/i.test(`${spec.style} ${spec.pairId ?? ''}`) ? 'archaic' : 'contrast';
}

function fingerprintOf(spec: SweepSpec, target: ScoreTarget, styleScore: StyleScoreName): string {
  const { article, methods: _methods, layers: _layers, coefficients: _coefficients, ...settings } = spec;
  const identity = { article: articleFingerprint(article.text), ...settings, layerSpan: spec.layerSpan ?? 1, target, styleScore };
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}

export async function* runSweep(spec: SweepSpec, options: SweepOptions): AsyncGenerator<SweepEvent, SweepResult, void> {
  const started = performance.now();
  validateSweepSpec(spec);
  const target = spec.target ?? scoreTargetFor(spec.pairId ?? spec.style, options.libraries ?? [builtinLibrary()]);
  const styleScoreName = spec.styleScore ?? defaultStyleScore(spec);
  if (styleScoreName === 'contrast' && (!options.model || !target.contrast)) {
    throw new EvalError(
      options.model ? 'invalid-request' : 'no-model',
      options.model
        ? `The contrast score needs steering pairs for "${spec.pairId ?? spec.style}"; choose a library style or rank by the archaic rate.`
        : 'Ranking by the contrast score needs the loaded model; pass it, or rank by the archaic rate.',
    );
  }
  const fingerprint = fingerprintOf(spec, target, styleScoreName);
  const grid = gridOf(spec);
  const paths = options.resultPath ? sweepPaths(options.resultPath) : undefined;
  if (paths) await assertFolder(paths.result);
  let saved = paths ? await readCheckpoint(paths.checkpoint) : null;
  if (saved && saved.fingerprint !== fingerprint) {
    if (!options.restart) {
      throw new EvalError(
        'resume-mismatch',
        `${paths!.checkpoint} holds a sweep of another article or with other settings. Choose another result file, or restart to overwrite it.`,
      );
    }
    saved = null;
  }
  const checkpoint: SweepCheckpoint = { version: 1, fingerprint, baselines: { ...saved?.baselines }, cells: [] };
  const savedCells = new Map((saved?.cells ?? []).filter((cell) => !cell.error).map((cell) => [cell.key, cell]));
  // Cells of a larger earlier grid stay saved, so widening the grid again does not redo them.
  const outsideGrid = [...savedCells.values()].filter((cell) => !grid.some((coordinates) => coordinates.key === cell.key));
  const timing = { generationMs: 0, scoringMs: 0 };

  const save = async () => {
    if (paths) await writeFileAtomically(paths.checkpoint, JSON.stringify({ ...checkpoint, cells: [...checkpoint.cells, ...outsideGrid] }));
  };
  const styleScoreOf = (scored: Omit<ScoredText, 'styleScore'>) =>
    !scored.scores ? null : styleScoreName === 'archaic' ? scored.scores.archaic.rate : (scored.scores.contrast?.score ?? null);

  /** Summarise and score one configuration; null when cancelled. */
  const run = async (config: SummaryConfig, plainSummary: string | null, sampling = spec.sampling): Promise<ScoredText | null> => {
    let summary;
    try {
      summary = await collectSummary(options.engine, spec.article, config, sampling, options.signal);
    } catch (error) {
      return { output: '', scores: null, styleScore: null, contentScore: null, generationMs: 0, scoringMs: 0, error: (error as Error).message };
    }
    timing.generationMs += summary.generationMs;
    if (summary.cancelled) return null;
    const scoringStarted = performance.now();
    let scores;
    try {
      scores = await scoreSummary(
        { output: summary.output, article: spec.article, plainSummary, target },
        { model: options.model, judge: spec.judge, signal: options.signal },
      );
    } catch (error) {
      if (error instanceof EvalError && error.code === 'cancelled') return null;
      throw error;
    }
    const scoringMs = performance.now() - scoringStarted;
    timing.scoringMs += scoringMs;
    if (scores.judge?.cancelled) return null;
    const scored = { output: summary.output, scores, contentScore: plainSummary === null ? null : scores.content.vsPlain!.rougeL.f1, generationMs: summary.generationMs, scoringMs };
    return { ...scored, styleScore: styleScoreOf(scored) };
  };

  const finish = async (complete: boolean): Promise<SweepResult> => {
    const cells = grid.flatMap((coordinates) => checkpoint.cells.find((cell) => cell.key === coordinates.key) ?? []);
    const { article, ...rest } = spec;
    const result: SweepResult = {
      version: 1,
      fingerprint,
      spec: { ...rest, article: { title: article.title, sha256: articleFingerprint(article.text) }, target },
      styleScore: styleScoreName,
      baselines: checkpoint.baselines,
      cells,
      total: grid.length,
      complete,
      best: pickBest(cells, checkpoint.baselines),
      timing: { totalMs: 0, ...timing, otherMs: 0 },
    };
    if (paths) {
      await writeFileAtomically(paths.result, JSON.stringify(result, null, 2));
      await writeFileAtomically(paths.csv, sweepToCsv(result));
    }
    result.timing.totalMs = performance.now() - started;
    result.timing.otherMs = result.timing.totalMs - timing.generationMs - timing.scoringMs;
    return result;
  };

  for (const which of ['plain', 'prompted'] as const) {
    const kept = checkpoint.baselines[which];
    if (kept && !kept.error) {
      yield { type: 'baseline', which, baseline: kept, skipped: true };
      continue;
    }
    if (options.signal?.aborted) return yield* done(await finish(false));
    const config: SummaryConfig = which === 'plain' ? { mode: 'plain' } : { mode: 'prompted', style: spec.style };
    const baseline = await run(config, which === 'plain' ? null : checkpoint.baselines.plain!.output);
    if (!baseline) return yield* done(await finish(false));
    if (baseline.error) throw new EvalError('generation-failed', `The ${which} summary for the sweep failed: ${baseline.error}`);
    checkpoint.baselines[which] = baseline;
    await save();
    yield { type: 'baseline', which, baseline, skipped: false };
  }

  const plainOutput = checkpoint.baselines.plain!.output;
  for (const coordinates of grid) {
    const finished = () => checkpoint.cells.filter((cell) => !cell.error).length;
    const kept = savedCells.get(coordinates.key);
    if (kept) {
      checkpoint.cells.push(kept);
      yield { type: 'cell', cell: kept, skipped: true, done: finished(), total: grid.length };
      continue;
    }
    if (options.signal?.aborted) return yield* done(await finish(false));
    const { key, ...settings } = coordinates;
    const config: SummaryConfig = { mode: 'steered', style: spec.style, steering: { ...settings, pairId: spec.pairId, vectorPath: spec.vectorPath } };
    const runs: ScoredText[] = [];
    for (let sample = 0; sample < (spec.samples ?? 1); sample++) {
      const scored = await run(config, plainOutput, { ...spec.sampling, seed: spec.sampling.seed + sample });
      if (!scored) return yield* done(await finish(false));
      runs.push(scored);
      if (scored.error) break;
    }
    const cell: SweepCell = { key, ...settings, ...combineSamples(runs) };
    checkpoint.cells.push(cell);
    await save();
    yield { type: 'cell', cell, skipped: false, done: finished(), total: grid.length };
  }
  const result = await finish(checkpoint.cells.every((cell) => !cell.error));
  return yield* done(result);
}

function meanAndSpread(values: (number | null)[]): { mean: number | null; spread: number | null } {
  if (values.some((value) => value === null) || values.length === 0) return { mean: null, spread: null };
  const numbers = values as number[];
  const mean = numbers.reduce((a, b) => a + b, 0) / numbers.length;
  return { mean, spread: Math.sqrt(numbers.reduce((a, b) => a + (b - mean) ** 2, 0) / numbers.length) };
}

/** One cell from its samples: the first sample's text and scores, the means of the ranking scores. */
function combineSamples(runs: ScoredText[]): ScoredText & Pick<SweepCell, 'samples'> {
  const [first] = runs;
  if (runs.length === 1 || first.error) return first;
  const failed = runs.find((run) => run.error);
  if (failed) return failed;
  const style = meanAndSpread(runs.map((run) => run.styleScore));
  const content = meanAndSpread(runs.map((run) => run.contentScore));
  return {
    ...first,
    styleScore: style.mean,
    contentScore: content.mean,
    generationMs: runs.reduce((a, run) => a + run.generationMs, 0),
    scoringMs: runs.reduce((a, run) => a + run.scoringMs, 0),
    samples: {
      outputs: runs.map((run) => run.output),
      styleScores: runs.map((run) => run.styleScore),
      contentScores: runs.map((run) => run.contentScore),
      styleSpread: style.spread,
      contentSpread: content.spread,
    },
  };
}

/** Fails before any summary is written, rather than losing the first cells to a missing folder. */
async function assertFolder(path: string): Promise<void> {
  const folder = dirname(path);
  const info = await stat(folder).catch(() => null);
  if (!info?.isDirectory()) {
    throw new EvalError('write-failed', `The folder ${folder} does not exist, so the sweep results could not be saved there. Choose another place.`);
  }
}

async function* done(result: SweepResult): AsyncGenerator<SweepEvent, SweepResult, void> {
  yield { type: 'done', result };
  return result;
}
