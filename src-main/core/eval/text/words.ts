/**
 * Word tokenisation shared by the text scores, so "a word" means the same thing in the archaic
 * rate, ROUGE and the facts overlap: runs of letters and digits, joined by inner apostrophes or
 * hyphens ("don't", "twenty-five", "o'er"), plus the proclitic forms 'tis, 'twas, 'twere, 'twill,
 * 'twould, whose leading apostrophe belongs to the word. Curly apostrophes count as straight ones.
 */

export interface WordToken {
  /** As written, apostrophes normalised to '. */
  text: string;
  /** Lower case, for matching. */
  lower: string;
  /** Offset in the input string. */
  start: number;
}

const WORD = /['\u2019](?:tis|twas|twere|twill|twould)(?![\p{L}\p{N}])|[\p{L}\p{N}]+(?:['\u2019\-][\p{L}\p{N}]+)*/giu;

export function tokenizeWords(text: string): WordToken[] {
  const out: WordToken[] = [];
  for (const match of text.matchAll(WORD)) {
    const normalised = match[0].replace(/\u2019/g, "'");
    out.push({ text: normalised, lower: normalised.toLowerCase(), start: match.index });
  }
  return out;
}

/** Lower-case words only (no punctuation), as ROUGE compares them. */
export function lowerWords(text: string): string[] {
  return tokenizeWords(text).map((word) => word.lower);
}
