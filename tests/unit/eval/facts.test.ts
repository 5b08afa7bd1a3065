import { describe, expect, it } from 'vitest';
import { findDates } from '../../../src-main/core/eval/content/dates';
import { factsScore } from '../../../src-main/core/eval/content/facts';
import { findNumbers } from '../../../src-main/core/eval/content/numbers';
import { tokenizeWords } from '../../../src-main/core/eval/text/words';

const numbers = (text: string) => findNumbers(text, tokenizeWords(text)).map((m) => [m.text, m.value]);
const dates = (text: string) => findDates(tokenizeWords(text), text).map(({ text: t, weekday, month, day, year }) => ({ t, weekday, month, day, year }));

const ARTICLE =
  'The public library in Kestrel Bay reopened on Monday, eight months after a storm destroyed around twelve thousand books. ' +
  'Head librarian Amira Osei said more than four hundred people came on the first morning. ' +
  'The repairs cost £310,000, a third raised by residents, and the Bank of England sent 2.5 million pounds on 3 March 2024.';

describe('numbers', () => {
  it('reads digits with separators, decimals, suffixes and scale words', () => {
    expect(numbers('It cost £310,000, then 2.5 million, then £4m and 15% of 1,200.')).toEqual([
      ['310,000', 310000],
      ['2.5 million', 2500000],
      ['4m', 4000000],
      ['15', 15],
      ['1,200', 1200],
    ]);
  });

  it('reads number words, and keeps numbers on either side of punctuation apart', () => {
    expect(numbers('three hundred and ten thousand; twenty-five, a dozen, forty two, a hundred')).toEqual([
      ['three hundred and ten thousand', 310000],
      ['twenty-five', 25],
      ['a dozen', 12],
      ['forty two', 42],
      ['a hundred', 100],
    ]);
    expect(numbers('In 1998; twenty-five people')).toEqual([
      ['1998', 1998],
      ['twenty-five', 25],
    ]);
  });

  it('skips a bare "one" (a pronoun more often than a count) and fractions like "a third"', () => {
    expect(numbers('No one came; one of them left; a third stayed.')).toEqual([]);
    expect(numbers('one hundred')).toEqual([['one hundred', 100]]);
  });
});

describe('dates', () => {
  it('reads weekdays and day–month–year in either order', () => {
    expect(dates('On Monday, 3 March 2024, and on March 4, and in June 2020, the 5th of May.')).toEqual([
      { t: 'Monday', weekday: 'monday', month: undefined, day: undefined, year: undefined },
      { t: '3 March 2024', weekday: undefined, month: 3, day: 3, year: 2024 },
      { t: 'March 4', weekday: undefined, month: 3, day: 4, year: undefined },
      { t: 'June 2020', weekday: undefined, month: 6, day: undefined, year: 2020 },
      { t: '5th of May', weekday: undefined, month: 5, day: 5, year: undefined },
    ]);
  });

  it('does not take "may" and "march" the verbs for months', () => {
    expect(dates('They may march on. May they march?')).toEqual([]);
  });
});

describe('facts overlap', () => {
  it('finds every fact of a faithful paraphrase, whatever form its numbers take', () => {
    const summary =
      "Kestrel Bay's library reopened on Monday, 8 months after a storm ruined 12,000 books; Amira Osei counted 400 visitors. " +
      'Repairs cost three hundred and ten thousand pounds, and the Bank of England gave £2.5m on March 3, 2024.';
    const score = factsScore(summary, ARTICLE);
    expect(score.facts.map((f) => [f.kind, f.text, f.found])).toEqual([
      ['name', "Kestrel Bay's", true],
      ['date', 'Monday', true],
      ['number', '8', true],
      ['number', '12,000', true],
      ['name', 'Amira Osei', true],
      ['number', '400', true],
      ['number', 'three hundred and ten thousand', true],
      ['name', 'Bank of England', true],
      ['number', '2.5m', true],
      ['date', 'March 3, 2024', true],
    ]);
    expect(score.share).toBe(1);
    expect(score.missing).toEqual([]);
  });

  it('flags garbled names, invented numbers and wrong dates', () => {
    const summary = 'Librarian Amira Osai said 600 people came to Kestrel Bay on Tuesday, 4 March 2024.';
    const score = factsScore(summary, ARTICLE);
    expect(score.missing).toEqual(['Amira Osai', '600', 'Tuesday', '4 March 2024']);
    expect(score.found).toBe(1); // Kestrel Bay
    expect(score.total).toBe(5);
    expect(score.share).toBeCloseTo(1 / 5, 12);
  });

  it('does not take a capitalised word that merely starts a sentence for a name', () => {
    const score = factsScore('Volunteers helped. Hark, the library opened. Residents paid.', ARTICLE);
    expect(score.facts).toEqual([]);
    expect(score.share).toBeNull();
    const titled = factsScore('The Bank of England paid. Librarian Amira Osei spoke. Kestrel Bay cheered.', ARTICLE);
    expect(titled.facts.map((f) => [f.text, f.found])).toEqual([
      ['Bank of England', true],
      ['Amira Osei', true],
      ['Kestrel Bay', true],
    ]);
  });

  it('keeps names apart across commas', () => {
    const score = factsScore('They visited Paris, Texas and Kestrel Bay.', 'Kestrel Bay is near Paris.');
    expect(score.facts.map((f) => [f.text, f.found])).toEqual([
      ['Paris', true],
      ['Texas', false],
      ['Kestrel Bay', true],
    ]);
  });

  it('counts each fact once however often the summary repeats it', () => {
    const stuck = factsScore('Amira Osei said so. '.repeat(20), ARTICLE);
    expect(stuck).toMatchObject({ found: 1, total: 1, share: 1 });
    const mixed = factsScore('It cost £310,000. It cost 310,000 pounds. Then Texas, and Texas again, and 12 dogs and 12 cats.', ARTICLE);
    expect(mixed.facts.map((f) => [f.kind, f.text, f.found])).toEqual([
      ['number', '310,000', true],
      ['name', 'Texas', false],
      ['number', '12', false],
    ]);
    expect(mixed).toMatchObject({ found: 1, total: 3, missing: ['Texas', '12'] });
  });
});
