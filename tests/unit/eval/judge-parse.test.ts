import { describe, expect, it } from 'vitest';
import { parseJudgeAnswer, readRating, scoreOf, type JudgeCriterion } from '../../../src-main/core/eval/judge/parse';
import { judgePrompt, loadJudgeRubric, rubricSchema } from '../../../src-main/core/eval/judge/rubric';

type Expected = Record<JudgeCriterion, number | RegExp>;

function expectRatings(raw: string, expected: Expected): void {
  const verdict = parseJudgeAnswer(raw);
  expect(verdict.raw).toBe(raw);
  for (const [criterion, want] of Object.entries(expected) as [JudgeCriterion, number | RegExp][]) {
    const rating = verdict.ratings[criterion];
    if (typeof want === 'number') expect(rating, criterion).toEqual({ score: want });
    else {
      expect('unparsed' in rating, criterion).toBe(true);
      expect((rating as { unparsed: string }).unparsed, criterion).toMatch(want);
    }
  }
}

describe('reading judge answers', () => {
  it('clean JSON', () => {
    expectRatings('{"faithfulness": 4, "coverage": 3, "fluency": 5, "style": 2}', { faithfulness: 4, coverage: 3, fluency: 5, style: 2 });
  });

  it('JSON in a code fence with prose around it, values as strings, fractions and words', () => {
    expectRatings('Sure! Here are my ratings:\n```json\n{"faithfulness": 4, "coverage": "3", "fluency": "5/5", "style": "two"}\n```\nHope this helps.', {
      faithfulness: 4,
      coverage: 3,
      fluency: 5,
      style: 2,
    });
  });

  it('"Label: value" lines with markdown, "out of", words and dashes', () => {
    expectRatings('Faithfulness: 4/5\nCoverage: 3 out of 5\n**Fluency**: five\nStyle - 1', { faithfulness: 4, coverage: 3, fluency: 5, style: 1 });
  });

  it('JSON cut off mid-object, with unquoted keys', () => {
    expectRatings('{faithfulness: 4, coverage: 3, fluency: 5,', { faithfulness: 4, coverage: 3, fluency: 5, style: /missing/ });
  });

  it('out-of-range numbers and unreadable values are unparsed per field', () => {
    expectRatings('{"faithfulness": 7, "coverage": 0, "fluency": 4, "style": "excellent"}', {
      faithfulness: /out of range/,
      coverage: /out of range/,
      fluency: 4,
      style: /not a rating/,
    });
  });

  it('prose without ratings, and an empty answer', () => {
    const none = { faithfulness: /missing/, coverage: /missing/, fluency: /missing/, style: /missing/ };
    expectRatings('I would rate the faithfulness as high.', none);
    expectRatings('', none);
  });

  it('invalid JSON with fractions as bare values falls back to the labels', () => {
    expectRatings('{"Faithfulness": 4/5, "Coverage": 3/5, "Fluency": 4/5, "Style": 5/5}', { faithfulness: 4, coverage: 3, fluency: 4, style: 5 });
  });

  it('nested ratings objects and {score: n} values', () => {
    expectRatings('{"ratings": {"faithfulness": {"score": 4}, "coverage": {"rating": 2}}, "style": 3}', {
      faithfulness: 4,
      coverage: 2,
      fluency: /missing/,
      style: 3,
    });
  });

  it('another scale, decimals, "=" and trailing prose', () => {
    expectRatings('Faithfulness: 8/10\nCoverage: 4.5\nfluency=3\nSTYLE: 4 (very Shakespearean)', {
      faithfulness: /scale to 10/,
      coverage: 4.5,
      fluency: 3,
      style: 4,
    });
  });

  it('null, arrays, booleans and negative numbers', () => {
    expectRatings('{"faithfulness": null, "coverage": [3], "fluency": true, "style": -2}', {
      faithfulness: /not a rating/,
      coverage: /not a rating/,
      fluency: /not a rating/,
      style: /out of range/,
    });
  });

  it('synonyms for the field names and a readable line after an unreadable JSON value', () => {
    expectRatings('{"accuracy": "good", "completeness": 4, "readability": 5, "style_adherence": 3}\nAccuracy: 2', {
      faithfulness: 2,
      coverage: 4,
      fluency: 5,
      style: 3,
    });
  });

  it('single quotes and trailing commas', () => {
    expectRatings("{'faithfulness': 5, 'coverage': 5, 'fluency': 4, 'style': 1,}", { faithfulness: 5, coverage: 5, fluency: 4, style: 1 });
  });

  it('readRating and scoreOf on single values', () => {
    expect(readRating('3 of 5')).toEqual({ score: 3 });
    expect(readRating({ value: 'four' })).toEqual({ score: 4 });
    expect(readRating(Number.NaN)).toEqual({ unparsed: expect.stringMatching(/not a number/) });
    expect(scoreOf({ score: 2 })).toBe(2);
    expect(scoreOf({ unparsed: 'missing' })).toBeNull();
  });
});

describe('judge rubric', () => {
  it('loads, and the prompt names the target style, the article, the summary and the answer format', () => {
    const rubric = loadJudgeRubric();
    const prompt = judgePrompt(rubric, {
      article: { title: 'Bridge', text: 'The council approved a bridge.' },
      summary: 'A bridge, quoth the council.',
      styleLabel: 'Shakespearean English',
    });
    expect(prompt).toContain('target style: Shakespearean English?');
    expect(prompt).toContain('Title: Bridge\n\nThe council approved a bridge.');
    expect(prompt).toContain('SUMMARY:\nA bridge, quoth the council.');
    expect(prompt).toContain('{"faithfulness": N, "coverage": N, "fluency": N, "style": N}');
    expect(prompt).not.toContain('{{style}}');
  });

  it('rejects a rubric without one of the four criteria', () => {
    const rubric = loadJudgeRubric();
    const broken = { ...rubric, criteria: rubric.criteria.filter((c) => c.id !== 'style') };
    expect(rubricSchema.safeParse(broken).success).toBe(false);
  });
});
