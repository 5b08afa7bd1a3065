/**
 * Splits a long article into pieces that each fit a token budget, preferring to cut between
 * paragraphs, then between sentences, then between words, so every map-stage prompt reads as
 * whole text. Token counts come from the caller (the model's tokenizer), which keeps this pure.
 */
export type TokenCounter = (text: string) => number;

const PARAGRAPH_BREAK = /\n[ \t]*\n+/;
// A sentence ends at . ! ? or … (optionally followed by closing quotes or brackets) and a space.
const SENTENCE_END = /(?<=[.!?…]['"’”)\]]*)\s+/u;

function splitParagraphs(text: string): string[] {
  return text
    .split(PARAGRAPH_BREAK)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean);
}

function splitSentences(paragraph: string): string[] {
  return paragraph.split(SENTENCE_END).map((s) => s.trim()).filter(Boolean);
}

/** Last resort for text with no spaces: cut by characters (whole code points) to fit. */
function splitByCharacters(text: string, maxTokens: number, count: TokenCounter): string[] {
  const chars = [...text];
  const pieces: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let low = start + 1;
    let high = chars.length;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (count(chars.slice(start, mid).join('')) <= maxTokens) low = mid;
      else high = mid - 1;
    }
    pieces.push(chars.slice(start, low).join(''));
    start = low;
  }
  return pieces;
}

/**
 * Greedily packs units into chunks joined by `separator`; a unit that alone exceeds the budget is
 * split with the next, finer splitter.
 */
function pack(
  units: string[],
  separator: string,
  maxTokens: number,
  count: TokenCounter,
  splitFiner: (unit: string) => string[],
): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const unit of units) {
    if (count(unit) > maxTokens) {
      if (current) chunks.push(current);
      current = '';
      chunks.push(...splitFiner(unit));
      continue;
    }
    const candidate = current ? current + separator + unit : unit;
    if (count(candidate) <= maxTokens) {
      current = candidate;
    } else {
      chunks.push(current);
      current = unit;
    }
  }
  if (current) chunks.push(current);
  return chunks;
}

export function splitIntoChunks(text: string, maxTokens: number, count: TokenCounter): string[] {
  if (!Number.isFinite(maxTokens) || maxTokens < 1) throw new RangeError(`Chunk budget must be at least 1 token, got ${maxTokens}`);
  const byWords = (sentence: string) =>
    pack(sentence.split(/\s+/).filter(Boolean), ' ', maxTokens, count, (word) => splitByCharacters(word, maxTokens, count));
  const bySentences = (paragraph: string) => pack(splitSentences(paragraph), ' ', maxTokens, count, byWords);
  return pack(splitParagraphs(text), '\n\n', maxTokens, count, bySentences);
}
