/**
 * Numbers in running text, as values: digits ("12,000", "2.5", "£310,000", "2.5 million", "£4m",
 * "15%") and English number words ("twelve thousand", "three hundred and ten thousand",
 * "twenty-five", "a dozen"). Written by hand because the NLP library tried (compromise) joins
 * numbers across punctuation ("1998; twenty-five" became 199825), which would invent facts.
 * A bare "one" is skipped: it is far more often a pronoun ("one of them") than a count.
 */
import type { WordToken } from '../text/words';

export interface NumberMention {
  value: number;
  text: string;
  start: number;
  end: number;
}

const UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const SCALES: Record<string, number> = {
  thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12,
};
const SUFFIX_SCALES: Record<string, number> = { k: 1e3, m: 1e6, bn: 1e9, tn: 1e12 };

/** "twenty-five" → 25, "seven" → 7, "forty" → 40; undefined for anything else. */
function smallNumber(word: string): number | undefined {
  if (word in UNITS) return UNITS[word];
  if (word in TENS) return TENS[word];
  const [tens, unit, ...rest] = word.split('-');
  if (rest.length === 0 && tens in TENS && unit in UNITS && UNITS[unit] >= 1 && UNITS[unit] <= 9) return TENS[tens] + UNITS[unit];
  return undefined;
}

const DIGITS =
  /(?<![\p{L}\p{N}.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s?(k|m|bn|tn)(?![\p{L}\p{N}])|\s+(thousand|million|billion|trillion)(?![\p{L}]))?(?![\p{L}\p{N}])/giu;

/** Numbers written with digits, with a following scale word or suffix folded in. */
export function digitNumbers(text: string): NumberMention[] {
  const out: NumberMention[] = [];
  for (const match of text.matchAll(DIGITS)) {
    const [whole, integer, fraction = '', suffix, scaleWord] = match;
    let value = Number(integer.replace(/,/g, '') + fraction);
    if (suffix) value *= SUFFIX_SCALES[suffix.toLowerCase()];
    if (scaleWord) value *= SCALES[scaleWord.toLowerCase()];
    out.push({ value: roundValue(value), text: whole, start: match.index, end: match.index + whole.length });
  }
  return out;
}

/** Float noise from "2.3 million" must not make two equal numbers differ. */
function roundValue(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * Number words among `words` (lower-cased tokens), skipping tokens inside `taken` spans.
 * Grammar: [a] (small [hundred] [and] small?)? (scale …)*, e.g. "three hundred and ten thousand".
 */
export function wordNumbers(words: readonly WordToken[], text: string, isTaken: (start: number) => boolean): NumberMention[] {
  const out: NumberMention[] = [];
  let i = 0;
  while (i < words.length) {
    const parsed = isTaken(words[i].start) ? undefined : parseAt(words, i, text);
    if (!parsed) {
      i++;
      continue;
    }
    const first = words[i];
    const last = words[parsed.next - 1];
    const end = last.start + last.text.length;
    const single = parsed.next - i === 1;
    if (!(single && first.lower === 'one')) {
      out.push({ value: parsed.value, text: text.slice(first.start, end), start: first.start, end });
    }
    i = parsed.next;
  }
  return out;
}

function parseAt(words: readonly WordToken[], start: number, text: string): { value: number; next: number } | undefined {
  // Only whitespace may separate the words of one number: "1998; twenty-five" is two numbers.
  const joined = (k: number) => k > 0 && k < words.length && /^\s+$/.test(text.slice(words[k - 1].start + words[k - 1].text.length, words[k].start));
  const word = (k: number) => words[k]?.lower ?? '';
  let i = start;
  let total = 0;
  let group = 0;
  let any = false;
  // "a hundred", "a thousand", "a dozen"
  if (word(i) === 'a' && joined(i + 1) && (word(i + 1) === 'hundred' || word(i + 1) === 'dozen' || word(i + 1) in SCALES)) {
    group = 1;
    i++;
  }
  for (; i < words.length; i++) {
    if (i > start && !joined(i)) break;
    const w = word(i);
    const small = smallNumber(w);
    if (small !== undefined) {
      const tail = group % 100;
      // After "three hundred" any small number; after "twenty" only a unit ("twenty five").
      if (!(tail === 0 || (tail >= 20 && tail % 10 === 0 && small < 10))) break;
      group += small;
    } else if (w === 'hundred' && group > 0 && group < 100) {
      group *= 100;
    } else if (w === 'dozen' && group > 0 && group < 100) {
      group *= 12;
    } else if (w in SCALES && group > 0) {
      total += group * SCALES[w];
      group = 0;
    } else if (w === 'and' && any && (group >= 100 || (total > 0 && group === 0)) && joined(i + 1) && smallNumber(word(i + 1)) !== undefined) {
      continue; // "three hundred and ten": the "and" belongs to the number
    } else {
      break;
    }
    any = true;
  }
  return any ? { value: total + group, next: i } : undefined;
}

/** Every number in the text, digits first; number words inside digit mentions are skipped. */
export function findNumbers(text: string, words: readonly WordToken[]): NumberMention[] {
  const digits = digitNumbers(text);
  const isTaken = (offset: number) => digits.some((mention) => offset >= mention.start && offset < mention.end);
  return [...digits, ...wordNumbers(words, text, isTaken)].sort((a, b) => a.start - b.start);
}
