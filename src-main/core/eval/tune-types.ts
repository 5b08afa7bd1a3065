/**
 * Shapes of the probe and the calibration (probe.ts, calibrate.ts), apart from their code so the
 * contract and the renderer can import them (no Node, no native code).
 */
import type { RawSamplingSettings, SamplingSettings } from '../engine/types';
import type { SteeringMethod, SteeringSettings } from '../engine/steering-settings';

export interface ProbeJob {
  /** The sentence to continue, e.g. "The council met on Tuesday and". */
  text: string;
  steering: SteeringSettings;
  /** Default PROBE_SAMPLING; sample i uses seed + i. */
  sampling?: Partial<RawSamplingSettings>;
  /** Continuations of each kind; default 3. */
  samples?: number;
}

export interface ProbeContinuation {
  text: string;
  /** Archaic markers in it (eval/style/archaic.ts). */
  archaicMarkers: number;
}

export interface ProbeSample {
  seed: number;
  unsteered: ProbeContinuation;
  steered: ProbeContinuation;
}

export interface ProbeResult {
  text: string;
  steering: SteeringSettings;
  sampling: RawSamplingSettings;
  samples: ProbeSample[];
  cancelled: boolean;
}

export type ProbeEvent = { type: 'sample'; sample: ProbeSample; done: number; total: number } | { type: 'done'; result: ProbeResult };

export type CalibrationStyleScore = 'archaic' | 'contrast';

export interface CalibrateJob {
  /** The style (prompt style or library style id); also the pair reference unless `pairId` is given. */
  style: string;
  pairId?: string;
  /** Probe sentences; default CALIBRATION_PROMPTS. */
  prompts?: readonly string[];
  /** Default actadd and caa. */
  methods?: readonly SteeringMethod[];
  /** Block-input layers tried for every method; default defaultCalibrationLayers per method. */
  layers?: readonly number[];
  /** Strengths tried for every method; default CALIBRATION_COEFFICIENTS per method. */
  coefficients?: readonly number[];
  /** Seeds per prompt and cell; default 2. */
  samples?: number;
  sampling?: Partial<SamplingSettings>;
  /** Default "archaic" for Shakespearean-like styles, else "contrast". */
  styleScore?: CalibrationStyleScore;
  /**
   * The rule's limits (default FLUENCY_FACTOR and DISTINCT_SHARE); null turns a check off, for a
   * model whose unsteered perplexity cannot judge the style (a constructed test model that gives
   * the style's words no probability at all unsteered).
   */
  limits?: { maxPerplexityRatio?: number | null; minDistinctShare?: number | null };
}

export interface MeanSpread {
  mean: number;
  /** Standard deviation over the samples (0 for one sample). */
  spread: number;
}

export interface CalibrationStats {
  /** Share of continuations in the style (archaic markers present, or contrast above 0). */
  hitRate: MeanSpread;
  /** Archaic markers per 100 words, or the contrast score. */
  styleScore: MeanSpread;
  /** Mean perplexity of the continuations under the unsteered model; null without the model. */
  perplexity: number | null;
  /** Mean over the continuations of distinct words ÷ words. */
  distinct: number;
  /** A few continuations to read. */
  examples: string[];
}

export interface CalibrationCell extends CalibrationStats {
  key: string;
  method: SteeringMethod;
  layerStart: number;
  layerEnd: number;
  coefficient: number;
  /** Why the cell does not qualify under the rule, when it does not. */
  excluded?: string;
}

export interface CalibrationResult {
  style: string;
  pairId: string;
  styleScore: CalibrationStyleScore;
  prompts: string[];
  samples: number;
  sampling: SamplingSettings;
  baseline: CalibrationStats;
  cells: CalibrationCell[];
  best: CalibrationCell | null;
  rule: string;
  reason: string;
  generatedTokens: number;
  complete: boolean;
  elapsedMs: number;
}

export type CalibrateEvent =
  | { type: 'progress'; done: number; total: number; elapsedMs: number; etaMs: number | null; cell?: CalibrationCell }
  | { type: 'done'; result: CalibrationResult };
