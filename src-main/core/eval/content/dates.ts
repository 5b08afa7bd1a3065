/**
 * Dates in running text: weekdays ("Monday"), and a capitalised month with a day and/or year
 * ("3 March 2024", "March 3, 2024", "March 2024", "3rd of March"). "May" and "March" count only
 * next to a day or year, since they are also ordinary words.
 */
import type { WordToken } from '../text/words';

export interface DateMention {
  text: string;
  start: number;
  end: number;
  weekday?: string;
  /** 1–12 */
  month?: number;
  day?: number;
  year?: number;
}

export const MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
];
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const AMBIGUOUS_MONTHS = new Set(['may', 'march']);

function dayOf(word: string | undefined): number | undefined {
  const match = word === undefined ? null : /^(\d{1,2})(?:st|nd|rd|th)?$/.exec(word);
  if (!match) return undefined;
  const day = Number(match[1]);
  return day >= 1 && day <= 31 ? day : undefined;
}

function yearOf(word: string | undefined): number | undefined {
  if (word === undefined || !/^\d{4}$/.test(word)) return undefined;
  const year = Number(word);
  return year >= 1000 && year <= 2999 ? year : undefined;
}

const isCapitalised = (token: WordToken) => /^\p{Lu}/u.test(token.text);

export function findDates(words: readonly WordToken[], text: string): DateMention[] {
  const out: DateMention[] = [];
  const span = (from: number, to: number) => {
    const end = words[to].start + words[to].text.length;
    return { text: text.slice(words[from].start, end), start: words[from].start, end };
  };
  for (let i = 0; i < words.length; i++) {
    const token = words[i];
    if (!isCapitalised(token)) continue;
    const weekday = WEEKDAYS.indexOf(token.lower);
    if (weekday >= 0) {
      out.push({ ...span(i, i), weekday: WEEKDAYS[weekday] });
      continue;
    }
    const monthIndex = MONTHS.indexOf(token.lower);
    if (monthIndex < 0) continue;
    let from = i;
    let to = i;
    let day: number | undefined;
    let year: number | undefined;
    // "3 March", "3rd of March"
    const before = dayOf(words[i - 1]?.lower) ?? (words[i - 1]?.lower === 'of' ? dayOf(words[i - 2]?.lower) : undefined);
    if (before !== undefined) {
      day = before;
      from = words[i - 1]?.lower === 'of' ? i - 2 : i - 1;
    } else if (dayOf(words[i + 1]?.lower) !== undefined && yearOf(words[i + 1]?.lower) === undefined) {
      day = dayOf(words[i + 1]?.lower);
      to = i + 1;
    }
    const afterYear = yearOf(words[to + 1]?.lower);
    if (afterYear !== undefined) {
      year = afterYear;
      to += 1;
    }
    if (day === undefined && year === undefined && AMBIGUOUS_MONTHS.has(token.lower)) continue;
    out.push({ ...span(from, to), month: monthIndex + 1, day, year });
    i = to;
  }
  return out;
}

/** Whether `date` (from a summary) agrees with `other` (from the article) on every field both have. */
export function datesAgree(date: DateMention, other: DateMention): boolean {
  if (date.weekday !== undefined || other.weekday !== undefined) return date.weekday === other.weekday;
  if (date.month !== other.month) return false;
  if (date.day !== undefined && other.day !== undefined && date.day !== other.day) return false;
  if (date.day !== undefined && other.day === undefined) return false;
  if (date.year !== undefined && other.year !== undefined && date.year !== other.year) return false;
  return true;
}
