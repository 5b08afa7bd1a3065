import { describe, expect, it } from 'vitest';
import { archaicScore } from '../../../src-main/core/eval/style/archaic';

describe('archaic-marker rate', () => {
  it('counts lexicon words, thou art, -eth and thou + -est in a fixed sentence', () => {
    // 19 words; markers: Hark, 'Tis, thou, art, speaketh, thou, knowest, ere, morn = 9.
    const text = "Hark! 'Tis said thou art wise, and he speaketh true; thou knowest it well ere the morn is done.";
    const score = archaicScore(text);
    expect(score.words).toBe(19);
    expect(score.markers.map((m) => m.word)).toEqual(['hark', "'tis", 'thou', 'art', 'speaketh', 'thou', 'knowest', 'ere', 'morn']);
    expect(score.markers.map((m) => m.kind)).toEqual(['lexicon', 'lexicon', 'lexicon', 'thou-art', 'eth', 'lexicon', 'est', 'lexicon', 'lexicon']);
    expect(score.count).toBe(9);
    expect(score.rate).toBeCloseTo(900 / 19, 10);
    expect(score.markers[4].wordIndex).toBe(8);
  });

  it('gives 0 for modern news prose full of -est, -eth look-alikes and the noun art', () => {
    const text =
      'The largest art museum in the west opened its newest wing beneath the forest. Elizabeth Smith, the best and most honest ' +
      'guest, said interest was at its highest on the twentieth day; her teeth chattered with earnest protest.';
    const score = archaicScore(text);
    expect(score.markers).toEqual([]);
    expect(score.rate).toBe(0);
    expect(score.words).toBe(38);
  });

  it('knows the common King James and Shakespearean markers', () => {
    const text = "Lo, he spake unto them and saith: alas, yon ship sails 'neath the cloud, and thenceforth ye shalt not ask whither or wherefore; nay, verily.";
    expect(archaicScore(text).markers.map((m) => m.word)).toEqual([
      'lo', 'spake', 'unto', 'saith', 'alas', 'yon', 'neath', 'thenceforth', 'ye', 'shalt', 'whither', 'wherefore', 'nay', 'verily',
    ]);
    for (const word of ['hast', 'dost', 'wilt', 'thine', 'hence', 'thence', 'whence', 'hither', 'thither']) {
      expect(archaicScore(`It ${word} it.`).count).toBe(word === 'hence' ? 0 : 1);
    }
  });

  it('leaves modern words that look old alone: hence, lo-fi, Yonkers, underneath, the NAY vote count only as nay', () => {
    const text = 'Hence the delay: the lo-fi band from Yonkers played underneath the bridge, and the council voted with one nay.';
    expect(archaicScore(text).markers.map((m) => m.word)).toEqual(['nay']);
  });

  it('counts an -est verb only near thou (superlatives elsewhere are not archaic)', () => {
    expect(archaicScore('Thou seekest the fastest road.').markers.map((m) => m.word)).toEqual(['thou', 'seekest']);
    expect(archaicScore('Who seekest the road?').count).toBe(0);
    expect(archaicScore('The fastest road.').count).toBe(0);
  });

  it('matches regardless of case and curly apostrophes', () => {
    const score = archaicScore('\u2019TIS HATH Doth');
    expect(score.markers.map((m) => m.word)).toEqual(["'tis", 'hath', 'doth']);
    expect(score.rate).toBe(100);
  });

  it('reports 0 for a text without words, not NaN', () => {
    expect(archaicScore('')).toEqual({ rate: 0, count: 0, words: 0, markers: [] });
    expect(archaicScore(' … !? ').rate).toBe(0);
  });

  it('scores the built-in one-shot examples in the expected order', () => {
    const shakespearean =
      "Hark! The house of books in Kestrel Bay doth open wide its doors once more, eight moons since a winter tempest drowned its lower floor.";
    const plain = "Kestrel Bay's public library reopened on Monday, eight months after a winter storm flooded its ground floor.";
    expect(archaicScore(shakespearean).count).toBe(2); // hark, doth ("tempest" is a noun)
    expect(archaicScore(plain).count).toBe(0);
  });
});
