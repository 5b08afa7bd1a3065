/**
 * Every score of one summary, in one place, so compare, sweep and the CLI report the same things.
 * Text scores (archaic rate, ROUGE, facts) always run; model scores (contrast, perplexity, judge)
 * run when a loaded model is given, and the judge only when asked (it writes an answer, so it
 * costs about as much as a short summary).
 */
import { contentScores, type ContentScores } from './content/rouge';
import { factsScore, type FactsScore } from './content/facts';
import type { EvalModel } from './eval-model';
import { perplexityOf, type PerplexityScore } from './fluency/perplexity';
import { judgeSummary, type JudgeResult } from './judge/judge';
import { archaicScore, type ArchaicScore } from './style/archaic';
import { contrastScore, type ContrastPrompts, type ContrastScore } from './style/contrast';

export interface ScoreTarget {
  /** Words for the target style in the judge's rubric, e.g. "Shakespearean English". */
  styleLabel: string;
  /** Prompts for the contrast score; absent skips it. */
  contrast?: ContrastPrompts;
}

export interface ScoreInput {
  output: string;
  article: { title: string; text: string };
  /** The plain summary of the same article, for ROUGE against it. */
  plainSummary?: string | null;
  target: ScoreTarget;
}

export interface ScoreOptions {
  /** Needed for contrast, perplexity and judge. */
  model?: EvalModel;
  judge?: boolean;
  signal?: AbortSignal;
}

export interface SummaryScores {
  archaic: ArchaicScore;
  content: ContentScores;
  facts: FactsScore;
  /** null without a model, without contrast prompts, or for an empty output. */
  contrast: ContrastScore | null;
  perplexity: PerplexityScore | null;
  judge: JudgeResult | null;
  /** Milliseconds spent on text scores and on model scores. */
  timings: { textMs: number; modelMs: number };
}

export async function scoreSummary(input: ScoreInput, options: ScoreOptions = {}): Promise<SummaryScores> {
  const textStart = performance.now();
  const archaic = archaicScore(input.output);
  const content = contentScores(input.output, { article: input.article.text, plainSummary: input.plainSummary });
  const facts = factsScore(input.output, input.article.text);
  const textMs = performance.now() - textStart;

  const modelStart = performance.now();
  const model = options.model;
  const signal = options.signal;
  const contrast = model && input.target.contrast ? await contrastScore(model, input.output, input.target.contrast, { signal }) : null;
  const perplexity = model ? await perplexityOf(model, input.output, { signal }) : null;
  const judge =
    model && options.judge
      ? await judgeSummary(model, { article: input.article, summary: input.output, styleLabel: input.target.styleLabel }, { signal })
      : null;
  const modelMs = model ? performance.now() - modelStart : 0;
  return { archaic, content, facts, contrast, perplexity, judge, timings: { textMs, modelMs } };
}
