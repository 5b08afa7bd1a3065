/**
 * Whether generated text has collapsed into a loop: the same word or phrase over and over, the
 * usual sign that steering is too strong. It looks for the longest run of one phrase (1 to
 * MAX_PHRASE words) repeated back to back; a run counts as a collapse when it repeats at least
 * MIN_REPEATS times (MIN_SINGLE_REPEATS for a single word, since "very, very" is ordinary prose)
 * and covers at least MIN_SHARE of the text's words, so one echoed phrase in a long summary is not
 * called a collapse.
 */
import { lowerWords } from './words';

export interface Repetition {
  /** The repeated phrase, lower case, words joined by single spaces. */
  phrase: string;
  /** Back-to-back occurrences in the longest run. */
  times: number;
  /** Share of the text's words inside that run, 0–1. */
  share: number;
}

const MAX_PHRASE = 8;
const MIN_REPEATS = 3;
const MIN_SINGLE_REPEATS = 5;
const MIN_SHARE = 0.3;

export function detectRepetition(text: string): Repetition | null {
  const words = lowerWords(text);
  let best: { phrase: string; times: number; covered: number } | null = null;
  for (let size = 1; size <= MAX_PHRASE; size += 1) {
    for (let start = 0; start + 2 * size <= words.length; start += 1) {
      let times = 1;
      while (start + (times + 1) * size <= words.length && samePhrase(words, start, start + times * size, size)) times += 1;
      const covered = times * size;
      if (times >= (size === 1 ? MIN_SINGLE_REPEATS : MIN_REPEATS) && (!best || covered > best.covered)) {
        best = { phrase: words.slice(start, start + size).join(' '), times, covered };
      }
    }
  }
  if (!best || best.covered / words.length < MIN_SHARE) return null;
  return { phrase: best.phrase, times: best.times, share: best.covered / words.length };
}

function samePhrase(words: string[], a: number, b: number, size: number): boolean {
  for (let i = 0; i < size; i += 1) if (words[a + i] !== words[b + i]) return false;
  return true;
}
