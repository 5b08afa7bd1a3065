import { describe, expect, it } from 'vitest';
import { contrastPromptsFromPairs } from '../../../src-main/core/eval/style/contrast';
import { PLAIN_STYLE_LABEL, scoreTargetFor } from '../../../src-main/core/eval/target';

describe('scoring target', () => {
  it('names a prompt style by its label and takes contrast prompts from all pairs of the library style', () => {
    const target = scoreTargetFor('shakespearean/thou-you');
    expect(target.styleLabel).toBe('Shakespearean English');
    const lines = target.contrast!.positive.split('\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(0, 2)).toEqual(['Thou art a noble friend, and thy words do please me.', 'thou']);
    expect(target.contrast!.negative.split('\n').slice(0, 2)).toEqual(['You are a noble friend, and your words do please me.', 'you']);
    expect(scoreTargetFor('shakespearean').contrast).toEqual(target.contrast);
  });

  it('uses the library name for styles without a prompt, and no contrast for unknown styles or plain', () => {
    expect(scoreTargetFor('formal').styleLabel).toBe('Formal (vs plain) English');
    expect(scoreTargetFor('no-such-style')).toEqual({ styleLabel: 'no-such-style', contrast: undefined });
    expect(scoreTargetFor(undefined)).toEqual({ styleLabel: PLAIN_STYLE_LABEL });
  });

  it('joins pair sides one per line and refuses an empty list', () => {
    expect(contrastPromptsFromPairs([{ positive: ' Thou art. ', negative: 'You are.' }, { positive: 'Hark', negative: 'Listen' }])).toEqual({
      positive: 'Thou art.\nHark',
      negative: 'You are.\nListen',
    });
    expect(() => contrastPromptsFromPairs([])).toThrow(/at least one steering pair/);
  });
});
