/**
 * Which template the final pass of a summary is written from: plain for plain mode, the style for
 * prompted mode, and for steered mode its own neutral prompt unless the settings ask for the
 * style's prompt under the vector ("steered + prompted").
 */
import { DEFAULT_STEERED_PROMPT } from '../steering-settings';
import { EngineError, type SummaryRequest } from '../types';
import { findStyle, type PromptTemplate, type PromptTemplates } from './templates';

function styleTemplate(templates: PromptTemplates, style: string | undefined, what: string): PromptTemplate {
  if (!style) throw new EngineError('invalid-request', `Choose a style for ${what}.`);
  const template = findStyle(templates, style);
  if (!template) throw new EngineError('invalid-request', `There is no style called "${style}".`);
  return template;
}

export function summaryTemplateFor(templates: PromptTemplates, request: Pick<SummaryRequest, 'mode' | 'style' | 'steering'>): PromptTemplate {
  if (request.mode === 'prompted') return styleTemplate(templates, request.style, 'a prompted summary');
  if (request.mode === 'steered') {
    const prompt = request.steering?.prompt ?? DEFAULT_STEERED_PROMPT;
    if (prompt === 'styled') return styleTemplate(templates, request.style, 'a steered summary with the style prompt');
    if (prompt !== 'neutral') throw new EngineError('invalid-request', `The steered prompt must be "neutral" or "styled" (got "${String(prompt)}").`);
    return templates.steeredNeutral;
  }
  return templates.plain;
}
