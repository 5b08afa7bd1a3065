/**
 * Shapes of a summary's scores, apart from their computation (scores.ts) so the renderer can
 * import them through the contract: nothing here reaches Node or native code.
 */
import type { FactsScore } from './content/facts';
import type { ContentScores } from './content/rouge';
import type { PerplexityScore } from './fluency/perplexity';
import type { JudgeResult } from './judge/judge';
import type { ArchaicScore } from './style/archaic';
import type { ContrastPrompts, ContrastScore } from './style/contrast-types';

export interface ScoreTarget {
  /** Words for the target style in the judge's rubric, e.g. "Shakespearean English". */
  styleLabel: string;
  /** Prompts for the contrast score; absent skips it. */
  contrast?: ContrastPrompts;
}

export interface SummaryScores {
  archaic: ArchaicScore;
  content: ContentScores;
  facts: FactsScore;
  /** null without a model, without contrast prompts, or for an empty output. */
  contrast: ContrastScore | null;
  perplexity: PerplexityScore | null;
  judge: JudgeResult | null;
  /** Scores that could not be computed, and why (e.g. a summary too long for the context). */
  problems: string[];
  /** Milliseconds spent on text scores and on model scores. */
  timings: { textMs: number; modelMs: number };
}
