/**
 * Every score of one summary, in one place, so compare, sweep and the CLI report the same things.
 * Text scores (archaic rate, ROUGE, facts) always run; model scores (contrast, perplexity, judge)
 * run when a loaded model is given, and the judge only when asked (it writes an answer, so it
 * costs about as much as a short summary).
 */
import { contentScores } from './content/rouge';
import { factsScore } from './content/facts';
import { EvalError } from './errors';
import type { EvalModel } from './eval-model';
import { perplexityOf } from './fluency/perplexity';
import { judgeSummary } from './judge/judge';
import { archaicScore } from './style/archaic';
import { contrastScore } from './style/contrast';
import type { ScoreTarget, SummaryScores } from './score-types';

export type { ScoreTarget, SummaryScores } from './score-types';

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

/** A model score that cannot be computed for this text becomes null plus a problem, not a failed run. */
async function attempt<T>(what: string, problems: string[], score: () => Promise<T>): Promise<T | null> {
  try {
    return await score();
  } catch (error) {
    if (error instanceof EvalError && error.code !== 'cancelled') {
      problems.push(`${what}: ${error.message}`);
      return null;
    }
    throw error;
  }
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
  const problems: string[] = [];
  const prompts = input.target.contrast;
  const contrast = model && prompts ? await attempt('Contrast', problems, () => contrastScore(model, input.output, prompts, { signal })) : null;
  const perplexity = model ? await attempt('Perplexity', problems, () => perplexityOf(model, input.output, { signal })) : null;
  const judge =
    model && options.judge
      ? await attempt('Judge', problems, () =>
          judgeSummary(model, { article: input.article, summary: input.output, styleLabel: input.target.styleLabel }, { signal }),
        )
      : null;
  const modelMs = model ? performance.now() - modelStart : 0;
  return { archaic, content, facts, contrast, perplexity, judge, problems, timings: { textMs, modelMs } };
}
