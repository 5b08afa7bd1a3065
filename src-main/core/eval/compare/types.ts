/**
 * Shapes of a comparison, apart from running one (compare.ts) so the renderer can import them
 * through the contract: nothing here reaches Node or native code.
 */
import type { SamplingSettings, SummaryStats } from '../../engine/types';
import type { ScoreTarget, SummaryScores } from '../score-types';
import type { SummaryConfig } from '../summarise';

export interface CompareConfig extends SummaryConfig {
  /** Unique within the comparison; resuming matches rows by it. */
  id: string;
  label?: string;
}

export interface ComparisonRow {
  config: CompareConfig;
  output: string;
  stats: SummaryStats | null;
  scores: SummaryScores | null;
  /** The engine's message when this configuration could not be summarised. */
  error?: string;
  generationMs: number;
}

export interface ComparisonResult {
  version: 1;
  article: { title: string; sha256: string };
  sampling: SamplingSettings;
  target: ScoreTarget;
  judge: boolean;
  configs: CompareConfig[];
  /** Finished rows, in the order of `configs`. */
  rows: ComparisonRow[];
  complete: boolean;
}

export interface CompareRequest {
  article: { title: string; text: string };
  configs: CompareConfig[];
  sampling: SamplingSettings;
  /** Style label and contrast prompts for scoring (see scoreTargetFor). */
  target: ScoreTarget;
  /** Ask the loaded model for rubric ratings too (slow: one extra generation per row). */
  judge?: boolean;
}

export type CompareProgress =
  | { type: 'start'; configId: string; done: number; total: number }
  /** `row` is the finished row: kept from the resumed result (skipped) or just scored (finished). */
  | { type: 'skipped' | 'finished'; configId: string; done: number; total: number; row: ComparisonRow }
  | { type: 'failed'; configId: string; done: number; total: number; message: string; row: ComparisonRow };
