/**
 * Turns what a writer types in the search box into FTS5 terms that can never be a syntax error.
 *
 * Every word becomes a quoted FTS5 string (inner quotes doubled), so operators (AND, OR, NOT,
 * NEAR), `*`, `-`, `:`, `^` and parentheses are just text; the tokenizer then splits a word such
 * as "don't" or "e-mail" the same way it split the saved text. "Quoted words" stay together as a
 * phrase; an unclosed quote runs to the end. Each term matches as a prefix, so results appear
 * while the writer is still typing. All terms must match (AND).
 */

/** More terms than this are ignored: they only narrow a search that is already very specific. */
export const MAX_SEARCH_TERMS = 16;

/** Text that contains at least one letter or digit; anything else tokenises to nothing. */
const SEARCHABLE = /[\p{L}\p{N}]/u;

/** Splits raw input into words and "quoted phrases", in order. */
function splitTerms(input: string): string[] {
  const terms: string[] = [];
  let index = 0;
  while (index < input.length) {
    const char = input[index];
    if (char === '"') {
      const close = input.indexOf('"', index + 1);
      const end = close === -1 ? input.length : close;
      terms.push(input.slice(index + 1, end));
      index = end + 1;
    } else if (/\s/u.test(char)) {
      index++;
    } else {
      let end = index;
      while (end < input.length && input[end] !== '"' && !/\s/u.test(input[end])) end++;
      terms.push(input.slice(index, end));
      index = end;
    }
  }
  return terms;
}

/**
 * FTS5 expressions, one per term, each safe to pass as a MATCH parameter on its own or joined
 * with AND/OR. Empty when the input holds nothing searchable (only spaces or punctuation).
 */
export function toFtsTerms(input: string): string[] {
  return splitTerms(input.normalize('NFC').replace(/\p{Cc}/gu, ' '))
    .map((term) => term.replace(/\s+/gu, ' ').trim())
    .filter((term) => SEARCHABLE.test(term))
    .slice(0, MAX_SEARCH_TERMS)
    .map((term) => `"${term.replaceAll('"', '""')}"*`);
}
