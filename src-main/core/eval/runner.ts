/**
 * Evaluation as a service: score one text, compare configurations, sweep a grid. Model scores need
 * the loaded model in the same process, so this runs wherever the engine is: in-process for the
 * CLI and tests (local-runner.ts) or in the engine worker behind EngineClient, which implements
 * this same interface over the process boundary. Every request is plain JSON-safe data.
 *
 * The score target (style label and contrast prompts) is named by `style`, a prompt style id or a
 * pair reference, and resolved where the pair libraries are (the worker's STEERLING_PAIR_LIBRARY_DIR).
 */
import type { CompareProgress, CompareRequest, ComparisonResult } from './compare/types';
import type { ScoreTarget, SummaryScores } from './score-types';
import type { SweepEvent, SweepSpec } from './sweep/types';
import type { CalibrateEvent, CalibrateJob } from './calibrate';
import type { ProbeEvent, ProbeJob } from './probe';

export interface ScoreJob {
  output: string;
  article: { title: string; text: string };
  /** The plain summary of the same article, for ROUGE against it. */
  plainSummary?: string | null;
  /** Style whose target the text is scored against; absent: plain English. */
  style?: string;
  /** Ask the loaded model for rubric ratings too. */
  judge?: boolean;
}

export interface CompareJob extends Omit<CompareRequest, 'target'> {
  /** Style to score against; default: the first steered row's pair, else the first prompted row's style. */
  style?: string;
  /** Explicit target; wins over `style`. */
  target?: ScoreTarget;
  /** A partial result to continue (same article and sampling). */
  resume?: ComparisonResult;
}

export interface SweepJob {
  spec: SweepSpec;
  /** Where the sweep saves its result and progress; resuming needs the same path. */
  resultPath?: string;
  /** Overwrite progress saved there with other settings, instead of refusing. */
  restart?: boolean;
}

export type CompareEvent =
  | { type: 'progress'; progress: CompareProgress }
  | { type: 'done'; result: ComparisonResult };

export interface EvaluationRunner {
  /**
   * Every score of one text. Without a loaded model the text scores still come, and `problems`
   * says the model scores were skipped.
   */
  score(job: ScoreJob, signal?: AbortSignal): Promise<SummaryScores>;
  /** Progress per configuration, then exactly one `done` (also when cancelled: `complete: false`). */
  compare(job: CompareJob, signal?: AbortSignal): AsyncIterable<CompareEvent>;
  /** runSweep's events: baselines, cells, then exactly one `done` (also when cancelled). */
  sweep(job: SweepJob, signal?: AbortSignal): AsyncIterable<SweepEvent>;
  /** Raw continuations of one sentence, unsteered and steered side by side; then exactly one `done` (also when cancelled). */
  probe(job: ProbeJob, signal?: AbortSignal): AsyncIterable<ProbeEvent>;
  /** The settings search of calibrate.ts: progress per cell, then exactly one `done` (also when cancelled: `complete: false`). */
  calibrate(job: CalibrateJob, signal?: AbortSignal): AsyncIterable<CalibrateEvent>;
}

/** The style a comparison is scored against when the request does not say. */
export function defaultCompareStyle(job: Pick<CompareJob, 'configs' | 'style'>): string | undefined {
  if (job.style) return job.style;
  const steered = job.configs.find((config) => config.mode === 'steered' && (config.steering?.pairId || config.style));
  if (steered) return steered.steering?.pairId ?? steered.style;
  return job.configs.find((config) => config.mode !== 'plain' && config.style)?.style;
}

/** Duck-typed, so an EngineClient and an in-process runner both count. */
export function isEvaluationRunner(value: unknown): value is EvaluationRunner {
  const candidate = value as Partial<EvaluationRunner> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.score === 'function' &&
    typeof candidate.compare === 'function' &&
    typeof candidate.sweep === 'function'
  );
}
