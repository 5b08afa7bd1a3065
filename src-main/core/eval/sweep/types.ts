/** Shapes of a sweep: the grid asked for, each cell's result, and the whole result as saved. */
import type { SamplingSettings } from '../../engine/types';
import type { SteeringMethod } from '../../engine/steering-settings';
import type { ScoreTarget, SummaryScores } from '../score-types';

export type StyleScoreName = 'archaic' | 'contrast';

export interface SweepSpec {
  article: { title: string; text: string };
  sampling: SamplingSettings;
  /** Prompt style of the prompted baseline, e.g. "shakespearean". */
  style: string;
  /** Vector source of every steered cell: a pair reference, or a control-vector file. */
  pairId?: string;
  vectorPath?: string;
  methods: SteeringMethod[];
  /** Block-input layers (see steering/layers.ts); a cell steers layer..layer+layerSpan-1. */
  layers: number[];
  coefficients: number[];
  /** Default 1: each cell steers one layer. */
  layerSpan?: number;
  /**
   * Summaries per cell, with seeds seed, seed+1, …; default 1. A cell's style and content scores
   * are then the means (what the best-cell rule ranks), with their spread beside them.
   */
  samples?: number;
  /** Which score ranks cells; default "archaic" for Shakespearean styles, else "contrast". */
  styleScore?: StyleScoreName;
  /** Default: scoreTargetFor(pairId ?? style). */
  target?: ScoreTarget;
  judge?: boolean;
}

export interface CellCoordinates {
  method: SteeringMethod;
  layerStart: number;
  layerEnd: number;
  coefficient: number;
}

export interface ScoredText {
  output: string;
  scores: SummaryScores | null;
  /** The ranking style score (archaic rate or contrast); null when it cannot be computed. */
  styleScore: number | null;
  /** ROUGE-L F1 against the plain summary; null for the plain summary's own row or without one. */
  contentScore: number | null;
  generationMs: number;
  scoringMs: number;
  /** Why the engine could not write this summary. */
  error?: string;
}

export interface SweepCell extends CellCoordinates, ScoredText {
  /** Stable id of the cell within the grid, e.g. "actadd@6-6x5". */
  key: string;
  /**
   * With several samples per cell: each sample's scores and the spread (standard deviation) of the
   * style and content scores; `output` and `scores` above are the first sample's, `styleScore` and
   * `contentScore` the means.
   */
  samples?: { outputs: string[]; styleScores: (number | null)[]; contentScores: (number | null)[]; styleSpread: number | null; contentSpread: number | null };
}

export interface SweepBaselines {
  plain?: ScoredText;
  prompted?: ScoredText;
}

export interface BestPick {
  cell: SweepCell | null;
  /** The rule, in words, with the threshold it used. */
  rule: string;
  /** ROUGE-L F1 a cell needed: 90% of the prompted baseline's. */
  threshold: number | null;
  /** Why no cell was picked, when none was. */
  reason?: string;
}

export interface SweepTiming {
  totalMs: number;
  generationMs: number;
  scoringMs: number;
  /** Everything else: checkpoint writes, bookkeeping. */
  otherMs: number;
}

export interface SweepResult {
  version: 1;
  fingerprint: string;
  spec: Omit<SweepSpec, 'article'> & { article: { title: string; sha256: string } };
  styleScore: StyleScoreName;
  baselines: SweepBaselines;
  /** In grid order (method, then layer, then coefficient); only finished cells. */
  cells: SweepCell[];
  total: number;
  complete: boolean;
  best: BestPick;
  /** Time of this run only (cells taken from the checkpoint cost nothing). */
  timing: SweepTiming;
}

export type SweepEvent =
  | { type: 'baseline'; which: 'plain' | 'prompted'; baseline: ScoredText; skipped: boolean }
  | { type: 'cell'; cell: SweepCell; skipped: boolean; done: number; total: number }
  | { type: 'done'; result: SweepResult };
