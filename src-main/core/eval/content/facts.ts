/**
 * Facts overlap: the share of a summary's names, numbers and dates that the article also has.
 * A cheap hallucination signal (see "How Steerling scores a summary" in README.md), not a fact checker: it cannot tell a
 * right number in the wrong place, and a paraphrased name ("the librarian") has nothing to check.
 *
 * - Names: runs of capitalised words (inner "of", "de", "van", … allowed: "Bank of England"),
 *   possessive 's dropped. A run at the start of a sentence loses a leading function word ("The", "Hark"); a
 *   single capitalised word there is not a name, and of a longer run the first word is kept only
 *   if the article capitalises it too ("Kestrel Bay", but "Librarian Amira Osai" → "Amira Osai"). Month and weekday names are dates, not names. A name is found
 *   when the article has the same words in the same order (ignoring case).
 * - Numbers: digits and number words (numbers.ts); found when the article has the same value in
 *   any form ("12,000" = "twelve thousand"). Numbers inside a summary's dates are not counted twice.
 * - Dates: dates.ts; found when an article date agrees on every field both give.
 * Each fact counts once however often the summary repeats it: an output stuck on one name would
 * otherwise score "40 of 40", and a summary that names a wrong figure twice is not twice as wrong.
 */
import { tokenizeWords, type WordToken } from '../text/words';
import { datesAgree, findDates, MONTHS, WEEKDAYS, type DateMention } from './dates';
import { findNumbers } from './numbers';

export type FactKind = 'name' | 'number' | 'date';

export interface FactMention {
  kind: FactKind;
  /** As written in the summary. */
  text: string;
  /** Whether the article has it. */
  found: boolean;
}

export interface FactsScore {
  /** found / total; null when the summary names no facts at all. */
  share: number | null;
  found: number;
  total: number;
  facts: FactMention[];
  /** The facts the article does not have: the ones to check by hand. */
  missing: string[];
}

const CONNECTORS = new Set(['of', 'de', 'da', 'del', 'der', 'van', 'von', 'du', 'la', 'le', 'al', 'bin']);
const SENTENCE_STARTERS = new Set([
  'the', 'a', 'an', 'in', 'on', 'at', 'for', 'but', 'and', 'or', 'after', 'before', 'when', 'while',
  'this', 'that', 'these', 'those', 'it', 'he', 'she', 'they', 'we', 'i', 'you', 'his', 'her',
  'their', 'our', 'its', 'as', 'by', 'with', 'from', 'to', 'if', 'so', 'yet', 'then', 'there',
  'here', 'now', 'hark', 'lo', 'o', 'oh', 'thou', 'thy', 'thee', "'tis", "'twas", 'alas', 'forsooth',
  'verily', 'yea', 'nay', 'aye', 'pray', 'some', 'many', 'all', 'every', 'each', 'more', 'most',
  'according', 'meanwhile', 'however', 'also', 'both', 'over', 'under', 'about', 'last', 'next',
]);
const TITLES = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'prof', 'gen', 'sen', 'rep', 'gov', 'jr', 'sr', 'mt', 'lt', 'col', 'capt', 'sgt']);
const CALENDAR_WORDS = new Set([...MONTHS, ...WEEKDAYS]);

const isCapitalised = (token: WordToken) => /^\p{Lu}/u.test(token.text) && token.lower !== 'i';

function startsSentence(words: readonly WordToken[], text: string, index: number): boolean {
  if (index === 0) return true;
  const previous = words[index - 1];
  const between = text.slice(previous.start + previous.text.length, words[index].start);
  if (/\n/.test(between)) return true;
  return /[.!?:;]/.test(between) && !(between.startsWith('.') && TITLES.has(previous.lower));
}

function nameKey(tokens: readonly WordToken[]): string[] {
  return tokens.map((token) => token.lower.replace(/'s$/, ''));
}

function findNames(words: readonly WordToken[], text: string, articleCapitalised: ReadonlySet<string>): { text: string; key: string[]; start: number }[] {
  const names: { text: string; key: string[]; start: number }[] = [];
  let i = 0;
  while (i < words.length) {
    if (!isCapitalised(words[i]) || CALENDAR_WORDS.has(words[i].lower)) {
      i++;
      continue;
    }
    const run: WordToken[] = [words[i]];
    let j = i + 1;
    while (j < words.length && !startsSentence(words, text, j)) {
      if (isCapitalised(words[j]) && !CALENDAR_WORDS.has(words[j].lower) && noBreakBetween(words, text, j)) {
        run.push(words[j]);
        j++;
      } else if (CONNECTORS.has(words[j].lower) && j + 1 < words.length && isCapitalised(words[j + 1]) && noBreakBetween(words, text, j)) {
        run.push(words[j], words[j + 1]);
        j += 2;
      } else {
        break;
      }
    }
    let name = run;
    if (startsSentence(words, text, i)) {
      // The first word may be capitalised only because it starts the sentence ("Librarian Amira
      // Osai"): keep it when the article capitalises it too.
      if (SENTENCE_STARTERS.has(name[0].lower)) name = name.slice(1);
      else if (name.length === 1) name = [];
      else if (!articleCapitalised.has(name[0].lower)) name = name.slice(1);
    }
    if (name.length > 0) {
      const first = name[0];
      const last = name[name.length - 1];
      names.push({ text: text.slice(first.start, last.start + last.text.length), key: nameKey(name), start: first.start });
    }
    i = j;
  }
  return names;
}

/** Commas, brackets and dashes between two capitalised words separate names ("Paris, Texas" is two checks). */
function noBreakBetween(words: readonly WordToken[], text: string, index: number): boolean {
  const previous = words[index - 1];
  return /^\s*$/.test(text.slice(previous.start + previous.text.length, words[index].start));
}

function containsSequence(haystack: readonly string[], needle: readonly string[]): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let k = 0; k < needle.length; k++) if (haystack[i + k] !== needle[k]) continue outer;
    return true;
  }
  return false;
}

export function factsScore(summary: string, article: string): FactsScore {
  const articleWords = tokenizeWords(article);
  const articleKeys = nameKey(articleWords);
  const articleValues = new Set(findNumbers(article, articleWords).map((mention) => mention.value));
  const articleDates = findDates(articleWords, article);
  const articleCapitalised = new Set(articleWords.filter(isCapitalised).map((token) => token.lower));

  const words = tokenizeWords(summary);
  const dates = findDates(words, summary);
  const inDate = (start: number) => dates.some((date) => start >= date.start && start < date.end);
  const mentions: (FactMention & { start: number; key: string })[] = [
    ...findNames(words, summary, articleCapitalised).map((name) => ({
      kind: 'name' as const,
      text: name.text,
      found: containsSequence(articleKeys, name.key),
      start: name.start,
      key: `name ${name.key.join(' ')}`,
    })),
    ...findNumbers(summary, words)
      .filter((mention) => !inDate(mention.start))
      .map((mention) => ({
        kind: 'number' as const,
        text: mention.text,
        found: articleValues.has(mention.value),
        start: mention.start,
        key: `number ${mention.value}`,
      })),
    ...dates.map((date: DateMention) => ({
      kind: 'date' as const,
      text: date.text,
      found: articleDates.some((other) => datesAgree(date, other)),
      start: date.start,
      key: `date ${date.text.toLowerCase().replace(/\s+/g, ' ')}`,
    })),
  ].sort((a, b) => a.start - b.start);
  const seen = new Set<string>();
  const facts = mentions.filter((mention) => {
    if (seen.has(mention.key)) return false;
    seen.add(mention.key);
    return true;
  });

  const found = facts.filter((fact) => fact.found).length;
  return {
    share: facts.length === 0 ? null : found / facts.length,
    found,
    total: facts.length,
    facts: facts.map(({ kind, text, found: ok }) => ({ kind, text, found: ok })),
    missing: facts.filter((fact) => !fact.found).map((fact) => fact.text),
  };
}
