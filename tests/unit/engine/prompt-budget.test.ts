import { describe, expect, it } from 'vitest';
import { finalOutputReserve, generationLimit, mapOutputTokens } from '../../../src-main/core/engine/prompt-budget';

describe('prompt budget', () => {
  it('keeps at most half the context for the final answer', () => {
    expect(finalOutputReserve(4096, 400)).toBe(400);
    expect(finalOutputReserve(512, 400)).toBe(256);
  });

  it('keeps partial summaries short but within the user limit', () => {
    expect(mapOutputTokens(4096, 400)).toBe(200);
    expect(mapOutputTokens(512, 400)).toBe(64);
    expect(mapOutputTokens(4096, 50)).toBe(50);
    expect(mapOutputTokens(64, 400)).toBe(16);
  });

  it('never lets a generation run past the end of the context', () => {
    expect(generationLimit(512, 500, 400)).toBe(12);
    expect(generationLimit(512, 100, 40)).toBe(40);
    expect(generationLimit(512, 600, 40)).toBe(0);
  });
});
