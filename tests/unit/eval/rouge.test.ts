import { describe, expect, it } from 'vitest';
import { contentScores, rougeL, rougeN, rougeScores } from '../../../src-main/core/eval/content/rouge';

describe('ROUGE', () => {
  it('ROUGE-1/2/L of a known pair, computed by hand', () => {
    // cand: the cat sat on the mat (6 words, 5 bigrams); ref: the cat was on the mat.
    // Unigram matches (clipped): the×2, cat, on, mat = 5 → P = R = 5/6.
    // Bigram matches: "the cat", "on the", "the mat" = 3 of 5 → 3/5.
    // LCS: the cat on the mat = 5 → 5/6.
    const scores = rougeScores('The cat sat on the mat.', 'the cat was on the mat!');
    expect(scores.rouge1).toEqual({ precision: 5 / 6, recall: 5 / 6, f1: expect.closeTo(5 / 6, 12) });
    expect(scores.rouge2.precision).toBeCloseTo(3 / 5, 12);
    expect(scores.rouge2.recall).toBeCloseTo(3 / 5, 12);
    expect(scores.rougeL.f1).toBeCloseTo(5 / 6, 12);
  });

  it('precision and recall differ for texts of different lengths', () => {
    // cand 3 words, ref 6 words, all 3 match: P = 1, R = 1/2, F1 = 2/3.
    const score = rougeN('the cat sat', 'the cat sat on the mat', 1);
    expect(score.precision).toBe(1);
    expect(score.recall).toBe(0.5);
    expect(score.f1).toBeCloseTo(2 / 3, 12);
    // Bigrams: cand 2 (the cat, cat sat), ref 5, 2 match: P = 1, R = 2/5.
    const bigrams = rougeN('the cat sat', 'the cat sat on the mat', 2);
    expect(bigrams.recall).toBeCloseTo(0.4, 12);
    // LCS with order mattering: cand "mat the cat" vs ref "the cat sat on the mat": LCS "the cat" = 2.
    const l = rougeL('mat the cat', 'the cat sat on the mat');
    expect(l.precision).toBeCloseTo(2 / 3, 12);
    expect(l.recall).toBeCloseTo(2 / 6, 12);
    expect(l.f1).toBeCloseTo((2 * (2 / 3) * (1 / 3)) / (2 / 3 + 1 / 3), 12);
  });

  it('ROUGE-L is the LCS of the whole texts, across sentence breaks', () => {
    // Word order: a b c . d e  vs  a b . c d e → LCS a b c d e = 5 of 5.
    expect(rougeL('Alpha beta gamma. Delta epsilon.', 'alpha beta. gamma delta epsilon').f1).toBe(1);
  });

  it('ignores case and punctuation, counts repeated words only as often as the reference has them', () => {
    expect(rougeN('Bridge, bridge, BRIDGE!', 'the bridge', 1)).toEqual({ precision: 1 / 3, recall: 1 / 2, f1: expect.closeTo(0.4, 12) });
  });

  it('scores an empty or punctuation-only summary 0 instead of failing', () => {
    const zero = { precision: 0, recall: 0, f1: 0 };
    expect(rougeScores('', 'the bridge opens')).toEqual({ rouge1: zero, rouge2: zero, rougeL: zero });
    expect(rougeScores('…!', 'the bridge opens').rougeL).toEqual(zero);
    expect(rougeN('bridge', 'the bridge opens', 2)).toEqual(zero); // one word has no bigram
  });

  it('content scores compare with the plain summary when there is one, and always with the article', () => {
    const article = 'The council approved a new bridge on Tuesday. Work starts in March.';
    const withPlain = contentScores('The council approved a bridge.', { article, plainSummary: 'The council approved a new bridge.' });
    expect(withPlain.vsPlain?.rouge1.precision).toBe(1);
    expect(withPlain.vsArticle.rouge1.recall).toBeCloseTo(5 / 12, 12);
    expect(contentScores('x', { article }).vsPlain).toBeNull();
  });
});
