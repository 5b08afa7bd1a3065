/**
 * Builds the chat turns for each generation stage. Pure: turns are rendered into the loaded
 * model's own chat template elsewhere (chat-prompt.ts), so the same wording works for any model.
 *
 * One-shot prompts are a finished user/assistant exchange on the shared example article followed by
 * the real request; the model then answers the last user turn in the example's manner.
 */
import type { PromptTemplate, PromptTemplates } from './templates';

export interface ChatTurn {
  role: 'user' | 'assistant';
  text: string;
}

export interface ArticleText {
  title: string;
  text: string;
}

export function formatArticle(article: ArticleText): string {
  const title = article.title.trim();
  const body = article.text.trim();
  return title ? `Title: ${title}\n\n${body}` : body;
}

function request(template: PromptTemplate, article: ArticleText): string {
  return `${template.instruction}\n\n${formatArticle(article)}`;
}

/** Characters into a summary request's user turn where the article starts. */
export function articleOffsetIn(template: PromptTemplate): number {
  return `${template.instruction}\n\n`.length;
}

/**
 * A summary request in the given template (plain or a style). `includeExample: false` gives the
 * zero-shot form, used only when the example would not leave room for the article; a template
 * without an example (steered mode's neutral one) is always zero-shot.
 */
export function summaryConversation(
  templates: PromptTemplates,
  template: PromptTemplate,
  article: ArticleText,
  options: { includeExample: boolean },
): ChatTurn[] {
  const turns: ChatTurn[] = [];
  if (options.includeExample && template.exampleSummary) {
    turns.push(
      { role: 'user', text: request(template, templates.exampleArticle) },
      { role: 'assistant', text: template.exampleSummary },
    );
  }
  turns.push({ role: 'user', text: request(template, article) });
  return turns;
}

function fillPlaceholders(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** Map stage: one part of a long article, always summarised plainly (style comes at the end). */
export function mapConversation(
  templates: PromptTemplates,
  part: { title: string; text: string; index: number; count: number },
): ChatTurn[] {
  const instruction = fillPlaceholders(templates.mapInstruction, {
    part: part.index + 1,
    parts: part.count,
    title: part.title.trim() || 'untitled',
  });
  return [{ role: 'user', text: `${instruction}\n\n${part.text.trim()}` }];
}

/** Reduce stage input: the partial summaries, in order, standing in for the article body. */
export function notesAsArticle(templates: PromptTemplates, title: string, notes: string[]): ArticleText {
  const body = notes.map((note, index) => `Part ${index + 1}: ${note.trim()}`).join('\n\n');
  return { title, text: `${templates.reduceNotesHeading}\n\n${body}` };
}
