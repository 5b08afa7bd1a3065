import { describe, expect, it } from 'vitest';
import { splitIntoChunks } from '../../../src-main/core/engine/chunking';

/** One token per word-ish piece: a stand-in tokenizer that makes budgets easy to reason about. */
const countWords = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe('splitIntoChunks', () => {
  it('keeps a text that fits as one chunk', () => {
    expect(splitIntoChunks('One two three.\n\nFour five.', 10, countWords)).toEqual(['One two three.\n\nFour five.']);
  });

  it('packs whole paragraphs greedily without exceeding the budget', () => {
    const paragraphs = ['a b c', 'd e f', 'g h i', 'j k'];
    const chunks = splitIntoChunks(paragraphs.join('\n\n'), 6, countWords);
    expect(chunks).toEqual(['a b c\n\nd e f', 'g h i\n\nj k']);
  });

  it('splits an oversized paragraph between sentences, keeping punctuation', () => {
    const paragraph = 'First one here. Second "quoted" one! Third one? Fourth.';
    const chunks = splitIntoChunks(paragraph, 5, countWords);
    expect(chunks).toEqual(['First one here.', 'Second "quoted" one! Third one?', 'Fourth.']);
    for (const chunk of chunks) expect(countWords(chunk)).toBeLessThanOrEqual(5);
  });

  it('splits an oversized sentence between words, and a giant word by characters', () => {
    expect(splitIntoChunks('w1 w2 w3 w4 w5', 2, countWords)).toEqual(['w1 w2', 'w3 w4', 'w5']);
    const byChars = (text: string) => [...text].length;
    expect(splitIntoChunks('abcdefghij', 4, byChars)).toEqual(['abcd', 'efgh', 'ij']);
    expect(splitIntoChunks('ééééé', 2, byChars)).toEqual(['éé', 'éé', 'é']);
  });

  it('loses no words and keeps their order', () => {
    const text = Array.from({ length: 30 }, (_, p) =>
      Array.from({ length: 1 + (p % 4) }, (_, s) => `Para ${p} sentence ${s} has words.`).join(' '),
    ).join('\n\n');
    const chunks = splitIntoChunks(text, 17, countWords);
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.join(' ').split(/\s+/)).toEqual(text.split(/\s+/));
    for (const chunk of chunks) expect(countWords(chunk)).toBeLessThanOrEqual(17);
  });

  it('ignores blank paragraphs and rejects a budget below one token', () => {
    expect(splitIntoChunks('\n\n  a b \n\n\n\n c \n', 10, countWords)).toEqual(['a b\n\nc']);
    expect(() => splitIntoChunks('a', 0, countWords)).toThrow(/at least 1 token/);
  });
});
