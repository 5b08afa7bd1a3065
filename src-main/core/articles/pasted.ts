import type { Article } from './article';
import { importErrors } from './errors';
import { cleanTitle, countWords, normaliseText, titleFromFirstLine } from './normalise';

/** An article from text pasted into the app; without a title the first line serves as one. */
export function articleFromText(text: string, title?: string): Article {
  const normalised = normaliseText(text);
  if (!normalised) throw importErrors.emptyPaste();
  return {
    title: cleanTitle(title) || titleFromFirstLine(text),
    text: normalised,
    source: 'pasted text',
    wordCount: countWords(normalised),
    format: 'pasted',
  };
}
