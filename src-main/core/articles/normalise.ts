/**
 * Turns extracted text into the canonical article shape: paragraphs separated by exactly one
 * blank line, whitespace inside a paragraph collapsed to single spaces.
 */
export function normaliseText(raw: string): string {
  const cleaned = raw
    .replace(/\r\n?/g, '\n')
    // Soft hyphens and zero-width characters are invisible in the source but split words here.
    .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '')
    // C0 controls other than tab/newline survive some converters and confuse the model.
    .replace(/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g, ' ')
    .replace(/\f/g, '\n\n');
  return cleaned
    .split(/\n[^\S\n]*\n\s*/)
    .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
    .filter((paragraph) => paragraph.length > 0)
    .join('\n\n');
}

/** Whitespace-separated tokens that contain a letter or digit, the way word processors count. */
export function countWords(text: string): number {
  let count = 0;
  for (const token of text.split(/\s+/)) {
    if (/[\p{L}\p{N}]/u.test(token)) count++;
  }
  return count;
}

const MAX_TITLE_CHARS = 120;

/** A one-line title no longer than a headline; long lines are cut at a word boundary. */
export function cleanTitle(raw: string | null | undefined): string {
  const title = (raw ?? '').replace(/\s+/g, ' ').trim();
  if (title.length <= MAX_TITLE_CHARS) return title;
  const cut = title.slice(0, MAX_TITLE_CHARS);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > 40 ? cut.slice(0, lastSpace) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}

/** Plain text carries no title markup, so the first non-blank line stands in for a headline. */
export function titleFromFirstLine(text: string): string {
  // A search, not a split: a file of millions of empty lines would otherwise become as many strings.
  return cleanTitle(/\S[^\r\n]*/.exec(text)?.[0]);
}
