/**
 * The evaluation part of the contract (contract.ts spreads these in): scoring a saved summary or
 * any text, comparisons (run, cancel, resume, saved in the history, exported as Markdown), sweeps
 * (run, cancel, resume, saved under <dataDir>/sweeps, exported as CSV or JSON) and steering presets
 * per pair. Node-free like the contract itself: the renderer type-checks it.
 *
 * Flows:
 * - compare.start → { jobId } at once; then compare.progress per configuration, and exactly one
 *   compare.done (saved in the history as `comparisonId`, also when cancelled part-way) or
 *   compare.error. compare.cancel stops it; compare.start with `resumeId` continues a saved one.
 * - sweep.start → { sweepId } at once; then sweep.baseline ×2, sweep.cell per cell, and exactly one
 *   sweep.done or sweep.error. sweep.cancel stops it; sweep.start with `resumeId` continues it
 *   (finished cells are kept, the settings must match; the grid may grow).
 */
import { z } from 'zod';
import type { CompareProgress, ComparisonResult } from '../core/eval/compare/types';
import { pairIdSchema, presetInputSchema, type SavedPreset } from '../core/eval/preset-types';
import type { SummaryScores } from '../core/eval/score-types';
import type { SweepEntry, SweepRequestRecord, SweepStatus } from '../core/eval/sweep/entry';
import type { BestPick, ScoredText, SweepBaselines, SweepCell, SweepResult } from '../core/eval/sweep/types';
import type { ComparisonRecord, ComparisonSummary } from '../core/history/comparison-record';
import type { CalibrationCell, CalibrationResult, ProbeResult, ProbeSample } from '../core/eval/tune-types';

export type { CompareConfig, CompareProgress, ComparisonResult, ComparisonRow } from '../core/eval/compare/types';
export type { Preset, PresetInput, SavedPreset } from '../core/eval/preset-types';
export type { ScoreTarget, SummaryScores } from '../core/eval/score-types';
export type { SweepBestSummary, SweepEntry, SweepRequestRecord, SweepStatus } from '../core/eval/sweep/entry';
export type { BestPick, ScoredText, StyleScoreName, SweepBaselines, SweepCell, SweepResult } from '../core/eval/sweep/types';
export type { ComparisonRecord, ComparisonSummary } from '../core/history/comparison-record';
export type { CalibrationCell, CalibrationResult, CalibrationStats, MeanSpread, ProbeContinuation, ProbeResult, ProbeSample } from '../core/eval/tune-types';

/** A style id ("shakespearean") or pair reference ("mylib:noir/rain-grudge") to score against. */
const styleRef = z.string().trim().min(1).max(200);
const method = z.enum(['actadd', 'caa', 'all']);

interface SharedSchemas<A extends z.ZodType, S extends z.ZodType, T extends z.ZodType> {
  article: A;
  sampling: S;
  steering: T;
}

/** The request schemas, built on the contract's own article, sampling and steering schemas. */
export function evalRequestSchemas<A extends z.ZodType, S extends z.ZodType, T extends z.ZodType>(shared: SharedSchemas<A, S, T>) {
  return {
    /** Every score of a saved summary; ROUGE against the newest plain summary of the same article when there is one. */
    'eval.score': z.object({ recordId: z.string().min(1), style: styleRef.optional(), judge: z.boolean().default(false) }),
    /** Every score of any text against an article. */
    'eval.scoreText': z.object({
      output: z.string().min(1),
      article: z.object({ title: z.string().default(''), text: z.string().min(1) }),
      plainSummary: z.string().optional(),
      style: styleRef.optional(),
      judge: z.boolean().default(false),
    }),
    'compare.start': z.object({
      article: shared.article,
      configs: z
        .array(
          z.object({
            id: z.string().trim().min(1).max(80),
            label: z.string().trim().min(1).max(200).optional(),
            mode: z.enum(['plain', 'prompted', 'steered']),
            style: z.string().trim().min(1).max(200).optional(),
            steering: shared.steering.optional(),
          }),
        )
        .min(1)
        .max(24),
      sampling: shared.sampling,
      judge: z.boolean().default(false),
      /** Style the rows are scored against; default: the first steered row's pair, else the first prompted row's style. */
      style: styleRef.optional(),
      /** A saved comparison (same article and sampling) to continue; the result replaces it. */
      resumeId: z.string().min(1).optional(),
    }),
    'compare.cancel': z.object({ jobId: z.string().min(1) }),
    'compare.get': z.object({ id: z.string().min(1) }),
    'compare.list': z.object({
      query: z.string().optional(),
      limit: z.number().int().min(1).max(500).default(50),
      offset: z.number().int().min(0).default(0),
    }),
    'compare.export': z.object({ id: z.string().min(1), path: z.string().min(1) }),
    'compare.delete': z.object({ ids: z.array(z.string().min(1)).min(1) }),
    'sweep.start': z.object({
      article: shared.article,
      /** Prompt style of the prompted baseline, e.g. "shakespearean". */
      style: z.string().trim().min(1).max(200),
      /** Vector source of every cell: a pair reference, or a control-vector file (not both; neither: the style's pairs). */
      pairId: z.string().trim().min(1).max(200).optional(),
      vectorPath: z.string().min(1).optional(),
      methods: z.array(method).min(1).max(3),
      layers: z.array(z.number().int().min(1)).min(1).max(256),
      coefficients: z.array(z.number().finite()).min(1).max(100),
      /** Layers each cell steers from its layer on; default 1. */
      layerSpan: z.number().int().min(1).max(64).optional(),
      /** Summaries per cell (seeds seed, seed+1, …); the best-cell rule ranks their means. Default 1. */
      samples: z.number().int().min(1).max(20).optional(),
      sampling: shared.sampling,
      /** Ranking score; default archaic for Shakespearean styles, else contrast. */
      styleScore: z.enum(['archaic', 'contrast']).optional(),
      judge: z.boolean().default(false),
      /** A saved sweep to continue with these settings. */
      resumeId: z.string().min(1).optional(),
    }),
    'sweep.cancel': z.object({ sweepId: z.string().min(1) }),
    'sweep.list': z.object({}),
    'sweep.get': z.object({ sweepId: z.string().min(1) }),
    'sweep.export': z.object({ sweepId: z.string().min(1), format: z.enum(['csv', 'json']), path: z.string().min(1) }),
    'sweep.delete': z.object({ sweepId: z.string().min(1) }),
    /** Saves (or, by the same name, replaces) a preset for a pair, e.g. a sweep's best cell. */
    'presets.save': z.object({ pairId: pairIdSchema, preset: presetInputSchema }),
    'presets.list': z.object({ pairId: z.string().trim().min(1).optional() }),
    'presets.delete': z.object({ pairId: z.string().trim().min(1), id: z.string().min(1) }),
    /** Raw continuations of one sentence (no chat template), unsteered and steered side by side. */
    'probe.start': z.object({
      text: z.string().trim().min(1).max(2000),
      steering: shared.steering,
      sampling: shared.sampling.optional(),
      samples: z.number().int().min(1).max(20).default(3),
    }),
    'probe.cancel': z.object({ jobId: z.string().min(1) }),
    /** Finds settings for a style on the loaded model (core/eval/calibrate.ts) and saves the best as its preset. */
    'calibrate.start': z.object({
      style: styleRef,
      pairId: pairIdSchema.optional(),
      prompts: z.array(z.string().trim().min(1).max(500)).min(1).max(20).optional(),
      methods: z.array(method).min(1).max(3).optional(),
      layers: z.array(z.number().int().min(2)).min(1).max(16).optional(),
      coefficients: z.array(z.number().finite()).min(1).max(12).optional(),
      samples: z.number().int().min(1).max(20).optional(),
      styleScore: z.enum(['archaic', 'contrast']).optional(),
      /** The rule's fluency limits; null turns one off (core/eval/calibrate.ts). */
      limits: z
        .object({ maxPerplexityRatio: z.number().positive().nullable().optional(), minDistinctShare: z.number().min(0).max(1).nullable().optional() })
        .optional(),
      /** Save the best cell as the style's preset for this model (default true). */
      save: z.boolean().default(true),
    }),
    'calibrate.cancel': z.object({ jobId: z.string().min(1) }),
  } as const;
}

export interface EvalScoreResult {
  scores: SummaryScores;
  /** The style scored against (null: plain English). */
  style: string | null;
  /** The saved plain summary ROUGE was measured against, if any. */
  plainRecordId: string | null;
}

/** A saved sweep as listed: `interrupted` is a sweep saved as running that no longer runs (the app closed). */
export interface SweepListItem extends Omit<SweepEntry, 'status'> {
  status: SweepStatus | 'interrupted';
  /** Running in this app now. */
  running: boolean;
}

export interface SweepDetail {
  entry: SweepListItem;
  /** The settings and article it was started with: pass them back with `resumeId` to continue it. */
  request: SweepRequestRecord;
  /** The last written result (when a run ended), or null. */
  result: SweepResult | null;
  /** Finished baselines and cells so far (running or interrupted sweeps), or null. */
  progress: { baselines: SweepBaselines; cells: SweepCell[] } | null;
}

export interface EvalRequestResults {
  'eval.score': EvalScoreResult & { recordId: string };
  'eval.scoreText': EvalScoreResult;
  'compare.start': { jobId: string };
  'compare.cancel': { cancelled: boolean };
  'compare.get': ComparisonRecord;
  'compare.list': { items: ComparisonSummary[]; total: number };
  'compare.export': { path: string; bytes: number };
  'compare.delete': { deleted: number };
  'sweep.start': { sweepId: string };
  'sweep.cancel': { cancelled: boolean };
  /** `unreadable`: saved sweeps whose files are damaged, with the reason. */
  'sweep.list': { items: SweepListItem[]; unreadable: { id: string; message: string }[] };
  'sweep.get': SweepDetail;
  'sweep.export': { path: string; bytes: number };
  'sweep.delete': { sweepId: string };
  'presets.save': SavedPreset;
  'presets.list': { items: SavedPreset[] };
  'presets.delete': { deleted: boolean };
  'probe.start': { jobId: string };
  'probe.cancel': { cancelled: boolean };
  'calibrate.start': { jobId: string };
  'calibrate.cancel': { cancelled: boolean };
}

export interface EvalEventPayloads {
  /** One configuration started, was kept from the resumed comparison (skipped), finished or failed; `row` with the last three. */
  'compare.progress': CompareProgress & { jobId: string };
  /** The comparison as saved in the history; `cancelled` when it was stopped part-way (`result.complete` is false then). */
  'compare.done': { jobId: string; comparisonId: string; result: ComparisonResult; cancelled: boolean };
  'compare.error': { jobId: string; code: string; message: string };
  'sweep.baseline': { sweepId: string; which: 'plain' | 'prompted'; baseline: ScoredText; skipped: boolean };
  /** `done` counts finished cells (kept ones included) of `total`. */
  'sweep.cell': { sweepId: string; cell: SweepCell; skipped: boolean; done: number; total: number };
  /** `best.cell` is null when no cell qualifies; `reason` says in words why this cell, or why none. */
  'sweep.done': { sweepId: string; best: BestPick; reason: string; complete: boolean; cancelled: boolean; result: SweepResult };
  'sweep.error': { sweepId: string; code: string; message: string };
  'probe.sample': { jobId: string; sample: ProbeSample; done: number; total: number };
  /** `result.cancelled` when it was stopped part-way. */
  'probe.done': { jobId: string; result: ProbeResult };
  'probe.error': { jobId: string; code: string; message: string };
  /** `done` of `total` continuations; `etaMs` the time left at the pace so far; `cell` when a cell has just finished. */
  'calibrate.progress': { jobId: string; done: number; total: number; elapsedMs: number; etaMs: number | null; cell?: CalibrationCell };
  /** `preset`: the best cell as saved for this model and style, or null (none qualified, cancelled, or not asked to save). */
  'calibrate.done': { jobId: string; result: CalibrationResult; preset: SavedPreset | null };
  'calibrate.error': { jobId: string; code: string; message: string };
}
