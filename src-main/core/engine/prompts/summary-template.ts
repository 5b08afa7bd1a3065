/**
 * Which template the final pass of a summary is written from: plain for plain mode, the style for
 * prompted mode, and for steered mode its own neutral prompt unless the settings ask for the
 * style's prompt under the vector ("steered + prompted"). A style is a bundled prompt style or,
 * through `more`, any pair library's style.
 */
import { DEFAULT_STEERED_PROMPT } from '../steering-settings';
import { EngineError, type SummaryRequest } from '../types';
import { findStyle, type PromptStyleSource, type PromptTemplate, type PromptTemplates } from './templates';

async function styleTemplate(templates: PromptTemplates, more: PromptStyleSource | undefined, style: string | undefined, what: string): Promise<PromptTemplate> {
  if (!style) throw new EngineError('invalid-request', `Choose a style for ${what}.`);
  const template = findStyle(templates, style) ?? (await more?.(style));
  if (!template) throw new EngineError('invalid-request', `There is no style called "${style}".`);
  return template;
}

export async function summaryTemplateFor(
  templates: PromptTemplates,
  request: Pick<SummaryRequest, 'mode' | 'style' | 'steering'>,
  more?: PromptStyleSource,
): Promise<PromptTemplate> {
  if (request.mode === 'prompted') return styleTemplate(templates, more, request.style, 'a prompted summary');
  if (request.mode === 'steered') {
    const prompt = request.steering?.prompt ?? DEFAULT_STEERED_PROMPT;
    if (prompt === 'styled') return styleTemplate(templates, more, request.style, 'a steered summary with the style prompt');
    if (prompt !== 'neutral') throw new EngineError('invalid-request', `The steered prompt must be "neutral" or "styled" (got "${String(prompt)}").`);
    return templates.steeredNeutral;
  }
  return templates.plain;
}
