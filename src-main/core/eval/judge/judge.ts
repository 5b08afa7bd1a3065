/**
 * LLM-as-judge with the loaded model: one greedy answer to the fixed rubric, read field by field
 * (parse.ts). Greedy decoding makes the same summary get the same ratings every time.
 */
import { runStage } from '../../engine/generation';
import { renderPromptTokens } from '../../engine/prompts/chat-prompt';
import { EvalError } from '../errors';
import type { EvalModel } from '../eval-model';
import { parseJudgeAnswer, type JudgeVerdict } from './parse';
import { judgePrompt, loadJudgeRubric, type JudgeRubric, type JudgeSubject } from './rubric';

export interface JudgeResult extends JudgeVerdict {
  rubricId: string;
  /** True when the answer was cut off by cancellation (ratings then come from what was written). */
  cancelled: boolean;
}

export async function judgeSummary(
  evalModel: EvalModel,
  subject: JudgeSubject,
  options: { signal?: AbortSignal; rubric?: JudgeRubric } = {},
): Promise<JudgeResult> {
  const rubric = options.rubric ?? loadJudgeRubric();
  const { model, sequence, wrapper } = evalModel;
  const promptTokens = renderPromptTokens(model, wrapper, [{ role: 'user', text: judgePrompt(rubric, subject) }]);
  const room = sequence.contextSize - promptTokens.length;
  if (room < rubric.maxAnswerTokens) {
    throw new EvalError(
      'text-too-long',
      `The article and summary are too long for the judge: ${promptTokens.length} prompt tokens leave no room for an answer in a context of ${sequence.contextSize}. Load the model with a larger context size.`,
    );
  }
  const result = await runStage({
    model,
    sequence,
    promptTokens,
    maxTokens: rubric.maxAnswerTokens,
    sampling: { temperature: 0, topP: 1, seed: 0, maxTokens: rubric.maxAnswerTokens, repeatPenalty: 1 },
    signal: options.signal ?? new AbortController().signal,
    promptBatchSize: sequence.context.batchSize,
  });
  return { ...parseJudgeAnswer(result.text), rubricId: rubric.id, cancelled: result.cancelled };
}
