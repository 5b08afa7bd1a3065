/**
 * The judge's fixed rubric (assets/eval/judge-rubric.json), imported statically so every bundle
 * carries it, and the prompt built from it. The rubric id goes into every verdict, so ratings made
 * under different rubrics are never mistaken for comparable.
 */
import { z } from 'zod';
import rubricJson from '../../../../assets/eval/judge-rubric.json' with { type: 'json' };
import { formatArticle } from '../../engine/prompts/conversation';
import { JUDGE_CRITERIA } from './parse';

const text = z.string().trim().min(1);

export const rubricSchema = z.object({
  id: text,
  instruction: text,
  criteria: z
    .array(z.object({ id: z.enum(JUDGE_CRITERIA), label: text, question: text, scale: text }))
    .refine((criteria) => JUDGE_CRITERIA.every((id) => criteria.filter((c) => c.id === id).length === 1), {
      message: `the criteria must be exactly ${JUDGE_CRITERIA.join(', ')}, once each`,
    }),
  answerFormat: text,
  maxAnswerTokens: z.number().int().min(16).max(1024),
});
export type JudgeRubric = z.infer<typeof rubricSchema>;

let cached: JudgeRubric | undefined;

export function loadJudgeRubric(): JudgeRubric {
  cached ??= rubricSchema.parse(rubricJson);
  return cached;
}

export interface JudgeSubject {
  article: { title: string; text: string };
  summary: string;
  /** Words for the target style, e.g. "Shakespearean English" or "plain modern English". */
  styleLabel: string;
}

/** The single user message the judge answers. */
export function judgePrompt(rubric: JudgeRubric, subject: JudgeSubject): string {
  const criteria = rubric.criteria
    .map((c) => `- ${c.label} (${c.id}): ${c.question.replace(/\{\{style\}\}/g, subject.styleLabel)} ${c.scale}`)
    .join('\n');
  return [
    rubric.instruction,
    criteria,
    `ARTICLE:\n${formatArticle(subject.article)}`,
    `SUMMARY:\n${subject.summary.trim() || '(empty)'}`,
    rubric.answerFormat,
  ].join('\n\n');
}
