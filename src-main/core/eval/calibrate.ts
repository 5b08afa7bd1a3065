/**
 * Calibrate: find steering settings that work on the loaded model for one style, in minutes.
 *
 * A short search: for each method, a few layers × strengths (a "cell"), each cell continuing a few
 * neutral probe sentences raw (no chat template, probe-length outputs) several times with different
 * seeds, next to the same continuations unsteered. Every cell is reported as mean ± spread over
 * the samples (sample s = seed s over all prompts). The best cell follows CALIBRATE_RULE.
 *
 * Cost: (cells + 1) × prompts × samples continuations of `maxTokens` tokens. With the defaults on
 * a 32-block model (2 methods × 3 layers × 3 strengths = 18 cells, 4 prompts, 2 samples, 24
 * tokens) that is (18 + 1) × 8 × 24 = 3,648 generated tokens plus about 150 short prompts and as
 * many perplexity passes: at the 40–100 tokens per second a 7B Q4 model decodes on a GPU, one to
 * two minutes (see expectedTokens).
 */
import type { RawContinuer } from '../engine/raw-continuation';
import type { SamplingSettings } from '../engine/types';
import type { SteeringMethod, SteeringSettings } from '../engine/steering-settings';
import { EvalError } from './errors';
import type { EvalModel } from './eval-model';
import { perplexityOf } from './fluency/perplexity';
import { archaicScore } from './style/archaic';
import { contrastScore, type ContrastPrompts } from './style/contrast';
import { lowerWords } from './text/words';
import type { CalibrateEvent, CalibrateJob, CalibrationCell, CalibrationResult, CalibrationStats, CalibrationStyleScore, MeanSpread } from './tune-types';

/** Neutral openings with no style of their own; a learned-model test passes its own held-out ones. */
export const CALIBRATION_PROMPTS: readonly string[] = [
  'The council met on Tuesday to discuss the new bridge, and',
  'After the storm had passed, the people of the town',
  'The minister told reporters that the plan',
  'When the library opened its doors again, the first visitors',
];

export const CALIBRATION_SAMPLING: SamplingSettings = { temperature: 0.8, topP: 0.9, seed: 1, maxTokens: 24, repeatPenalty: 1.1 };

/** Strengths tried per method: ActAdd's front needs more than vectors added at every position. */
export const CALIBRATION_COEFFICIENTS: Record<SteeringMethod, number[]> = { actadd: [3, 6, 12], caa: [2, 4, 8], all: [1, 2, 4] };

/**
 * Perplexity (under the unsteered model) may rise to this many times the unsteered continuations'
 * before a cell counts as broken: a style is itself less likely to an unsteered model, so the
 * limit is generous; gibberish is far beyond it.
 */
export const FLUENCY_FACTOR = 3;
/** Distinct words per continuation, relative to the unsteered continuations', below which a cell is repeating itself. */
export const DISTINCT_SHARE = 0.6;

export const CALIBRATE_RULE =
  'Cells that keep fluency (mean perplexity at most 3× the unsteered continuations’) and do not repeat themselves ' +
  '(distinct words per continuation at least 60% of the unsteered share) qualify; the highest mean share of continuations in the style wins ' +
  '(then the highest mean style score), if above the unsteered share; ties go to the smaller |coefficient|, then the lower layer.';

export type { CalibrateEvent, CalibrateJob, CalibrationCell, CalibrationResult, CalibrationStats, CalibrationStyleScore, MeanSpread } from './tune-types';

export interface CalibrateOptions {
  engine: RawContinuer;
  nLayer: number;
  model?: EvalModel;
  /** Contrast prompts of the style, for the contrast score. */
  contrast?: ContrastPrompts | null;
  signal?: AbortSignal;
}

/** A few layers from early to middle, where style directions are found (ActAdd earlier, CAA further in). */
export function defaultCalibrationLayers(method: SteeringMethod, nLayer: number): number[] {
  const shares = method === 'actadd' ? [0.19, 0.31, 0.44] : [0.375, 0.47, 0.56];
  return [...new Set(shares.map((share) => Math.min(nLayer, Math.max(2, Math.round(nLayer * share)))))];
}

interface Plan {
  prompts: string[];
  samples: number;
  sampling: SamplingSettings;
  grid: Omit<CalibrationCell, keyof CalibrationStats | 'excluded'>[];
}

export function calibrationPlan(job: CalibrateJob, nLayer: number): Plan {
  const prompts = [...(job.prompts ?? CALIBRATION_PROMPTS)].map((prompt) => prompt.trim()).filter(Boolean);
  if (prompts.length === 0) throw new EvalError('invalid-request', 'Calibration needs at least one probe sentence.');
  const samples = job.samples ?? 2;
  if (!Number.isInteger(samples) || samples < 1 || samples > 20) throw new EvalError('invalid-request', `The samples per cell must be 1 to 20 (got ${samples}).`);
  const methods = job.methods ?? ['actadd', 'caa'];
  if (methods.length === 0) throw new EvalError('invalid-request', 'Calibration needs at least one method.');
  const grid: Plan['grid'] = [];
  for (const method of methods) {
    const layers = job.layers ?? defaultCalibrationLayers(method, nLayer);
    for (const layer of layers) {
      if (!Number.isInteger(layer) || layer < 2 || layer > nLayer) {
        throw new EvalError('invalid-request', `Layer ${layer} cannot be steered on this model: steerable layers are 2–${nLayer}.`);
      }
      for (const coefficient of job.coefficients ?? CALIBRATION_COEFFICIENTS[method]) {
        grid.push({ key: `${method}@${layer}x${coefficient}`, method, layerStart: layer, layerEnd: layer, coefficient });
      }
    }
  }
  if (grid.length === 0) throw new EvalError('invalid-request', 'Calibration needs at least one layer and one strength.');
  return { prompts, samples, sampling: { ...CALIBRATION_SAMPLING, ...job.sampling }, grid };
}

/** Tokens a calibration generates at most: every cell and the unsteered baseline, each prompt, each sample. */
export function expectedTokens(job: CalibrateJob, nLayer: number): number {
  const plan = calibrationPlan(job, nLayer);
  return (plan.grid.length + 1) * plan.prompts.length * plan.samples * plan.sampling.maxTokens;
}

export function defaultCalibrationStyleScore(style: string, pairId: string | undefined): CalibrationStyleScore {
  return /shakespear|king-?james|kjv|archaic/i.test(`${style} ${pairId ?? ''}`) ? 'archaic' : 'contrast';
}

function meanSpread(values: number[]): MeanSpread {
  if (values.length === 0) return { mean: 0, spread: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const spread = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return { mean, spread };
}

function compareCells(a: CalibrationCell, b: CalibrationCell): number {
  return (
    b.hitRate.mean - a.hitRate.mean ||
    b.styleScore.mean - a.styleScore.mean ||
    Math.abs(a.coefficient) - Math.abs(b.coefficient) ||
    a.layerStart - b.layerStart ||
    a.method.localeCompare(b.method)
  );
}

/** Applies CALIBRATE_RULE: marks the cells that do not qualify and returns the best one, with the reason in words. */
export function pickCalibrated(
  cells: CalibrationCell[],
  baseline: CalibrationStats,
  limits: CalibrateJob['limits'] = {},
): { best: CalibrationCell | null; reason: string } {
  const ratio = limits.maxPerplexityRatio === undefined ? FLUENCY_FACTOR : limits.maxPerplexityRatio;
  const distinct = limits.minDistinctShare === undefined ? DISTINCT_SHARE : limits.minDistinctShare;
  for (const cell of cells) {
    cell.excluded = undefined;
    if (ratio !== null && baseline.perplexity !== null && cell.perplexity !== null && cell.perplexity > ratio * baseline.perplexity) {
      cell.excluded = `perplexity ${cell.perplexity.toFixed(1)} is over ${ratio}× the unsteered ${baseline.perplexity.toFixed(1)}`;
    } else if (distinct !== null && cell.distinct < distinct * baseline.distinct) {
      cell.excluded = `it repeats itself (distinct words ${(cell.distinct * 100).toFixed(0)}% against ${(baseline.distinct * 100).toFixed(0)}% unsteered)`;
    } else if (cell.hitRate.mean <= baseline.hitRate.mean) {
      cell.excluded = 'no more continuations in the style than unsteered';
    }
  }
  const eligible = cells.filter((cell) => !cell.excluded);
  if (eligible.length === 0) {
    return { best: null, reason: cells.length === 0 ? 'No cell was tried.' : 'No cell steered towards the style while staying fluent; try other layers or strengths.' };
  }
  const [best] = [...eligible].sort(compareCells);
  const layers = best.layerStart === best.layerEnd ? `layer ${best.layerStart}` : `layers ${best.layerStart}–${best.layerEnd}`;
  return {
    best,
    reason:
      `${best.method} at ${layers}, ×${best.coefficient}: ${(best.hitRate.mean * 100).toFixed(0)}% ± ${(best.hitRate.spread * 100).toFixed(0)}% of continuations in the style ` +
      `(unsteered ${(baseline.hitRate.mean * 100).toFixed(0)}%), the most among cells that stayed fluent.`,
  };
}

export async function* runCalibration(job: CalibrateJob, options: CalibrateOptions): AsyncGenerator<CalibrateEvent, CalibrationResult, void> {
  const started = performance.now();
  const plan = calibrationPlan(job, options.nLayer);
  const pairId = job.pairId ?? job.style;
  const styleScoreName = job.styleScore ?? defaultCalibrationStyleScore(job.style, job.pairId);
  if (styleScoreName === 'contrast' && (!options.model || !options.contrast)) {
    throw new EvalError(
      options.model ? 'invalid-request' : 'no-model',
      `Calibrating "${job.style}" by the contrast score needs its steering pairs and the loaded model; rank by the archaic rate instead.`,
    );
  }
  const runsPerCell = plan.prompts.length * plan.samples;
  const total = (plan.grid.length + 1) * runsPerCell;
  let done = 0;
  let generatedTokens = 0;
  const cells: CalibrationCell[] = [];
  let baseline: CalibrationStats | null = null;

  const styleOf = async (text: string): Promise<{ hit: boolean; value: number }> => {
    if (styleScoreName === 'archaic') {
      const score = archaicScore(text);
      return { hit: score.count > 0, value: score.rate };
    }
    const score = await contrastScore(options.model!, text, options.contrast!, { signal: options.signal });
    return { hit: (score?.score ?? 0) > 0, value: score?.score ?? 0 };
  };

  /** Every prompt × sample under `steering`, with progress after each; null when cancelled. */
  async function* measure(steering: SteeringSettings | undefined): AsyncGenerator<CalibrateEvent, CalibrationStats | null, void> {
    const hitsPerSample: number[] = [];
    const valuesPerSample: number[] = [];
    const perplexities: number[] = [];
    const distinctShares: number[] = [];
    const examples: string[] = [];
    for (let sample = 0; sample < plan.samples; sample++) {
      let hits = 0;
      let values = 0;
      for (const prompt of plan.prompts) {
        if (options.signal?.aborted) return null;
        const sampling = { ...plan.sampling, seed: plan.sampling.seed + sample };
        const result = await options.engine.continueText({ text: prompt, sampling, steering }, options.signal);
        if (result.cancelled) return null;
        generatedTokens += result.outputTokens;
        done++;
        const style = await styleOf(result.text);
        hits += style.hit ? 1 : 0;
        values += style.value;
        const words = lowerWords(result.text);
        distinctShares.push(words.length === 0 ? 0 : new Set(words).size / words.length);
        if (examples.length < 3) examples.push(result.text);
        if (options.model && result.text.trim()) {
          const perplexity = await perplexityOf(options.model, result.text, { signal: options.signal });
          if (perplexity) perplexities.push(perplexity.perplexity);
        }
        yield progress();
      }
      hitsPerSample.push(hits / plan.prompts.length);
      valuesPerSample.push(values / plan.prompts.length);
    }
    return {
      hitRate: meanSpread(hitsPerSample),
      styleScore: meanSpread(valuesPerSample),
      perplexity: perplexities.length > 0 ? perplexities.reduce((a, b) => a + b, 0) / perplexities.length : null,
      distinct: distinctShares.length === 0 ? 0 : distinctShares.reduce((a, b) => a + b, 0) / distinctShares.length,
      examples,
    };
  }

  const progress = (cell?: CalibrationCell): CalibrateEvent => {
    const elapsedMs = performance.now() - started;
    return { type: 'progress', done, total, elapsedMs, etaMs: done === 0 ? null : (elapsedMs / done) * (total - done), cell };
  };

  const finish = (complete: boolean): CalibrationResult => {
    const base = baseline ?? { hitRate: meanSpread([]), styleScore: meanSpread([]), perplexity: null, distinct: 0, examples: [] };
    const { best, reason } = baseline ? pickCalibrated(cells, base, job.limits) : { best: null, reason: 'Stopped before the unsteered continuations were written.' };
    return {
      style: job.style,
      pairId,
      styleScore: styleScoreName,
      prompts: plan.prompts,
      samples: plan.samples,
      sampling: plan.sampling,
      baseline: base,
      cells,
      best,
      rule: CALIBRATE_RULE,
      reason: complete ? reason : `Stopped after ${cells.length} of ${plan.grid.length} cells. ${reason}`,
      generatedTokens,
      complete,
      elapsedMs: performance.now() - started,
    };
  };

  yield progress();
  baseline = yield* measure(undefined);
  if (!baseline) return yield* ended(finish(false));
  for (const coordinates of plan.grid) {
    const { key: _key, ...placement } = coordinates;
    const stats = yield* measure({ ...placement, pairId, prompt: 'neutral' });
    if (!stats) return yield* ended(finish(false));
    const cell: CalibrationCell = { ...coordinates, ...stats };
    cells.push(cell);
    yield progress(cell);
  }
  return yield* ended(finish(true));
}

async function* ended(result: CalibrationResult): AsyncGenerator<CalibrateEvent, CalibrationResult, void> {
  yield { type: 'done', result };
  return result;
}
