import { describe, expect, it } from 'vitest';
import {
  calibrationPlan,
  defaultCalibrationLayers,
  expectedTokens,
  pickCalibrated,
  type CalibrationCell,
  type CalibrationStats,
} from '../../../src-main/core/eval/calibrate';

const stats = (hit: number, perplexity: number | null, distinct = 0.9, style = hit * 10): CalibrationStats => ({
  hitRate: { mean: hit, spread: 0 },
  styleScore: { mean: style, spread: 0 },
  perplexity,
  distinct,
  examples: [],
});
const cell = (key: string, layer: number, coefficient: number, s: CalibrationStats): CalibrationCell => ({
  key,
  method: key.startsWith('caa') ? 'caa' : 'actadd',
  layerStart: layer,
  layerEnd: layer,
  coefficient,
  ...s,
});

describe('calibration plan', () => {
  it('tries three layers from early to middle per method on a 32-block model, and counts its tokens', () => {
    expect(defaultCalibrationLayers('actadd', 32)).toEqual([6, 10, 14]);
    expect(defaultCalibrationLayers('caa', 32)).toEqual([12, 15, 18]);
    expect(defaultCalibrationLayers('actadd', 6)).toEqual([2, 3]);
    const plan = calibrationPlan({ style: 'shakespearean' }, 32);
    expect(plan.grid).toHaveLength(18);
    expect(plan.grid.slice(0, 3).map((c) => c.key)).toEqual(['actadd@6x3', 'actadd@6x6', 'actadd@6x12']);
    // (18 cells + the unsteered baseline) × 4 prompts × 2 samples × 24 tokens.
    expect(expectedTokens({ style: 'shakespearean' }, 32)).toBe(3648);
  });

  it('takes prompts, layers, strengths and samples from the caller, and refuses what cannot run', () => {
    const plan = calibrationPlan({ style: 's', prompts: [' One ', ''], methods: ['caa'], layers: [4], coefficients: [1, -1], samples: 3 }, 8);
    expect(plan.prompts).toEqual(['One']);
    expect(plan.grid.map((c) => c.key)).toEqual(['caa@4x1', 'caa@4x-1']);
    expect(plan.samples).toBe(3);
    expect(() => calibrationPlan({ style: 's', prompts: [' '] }, 8)).toThrow(/at least one probe sentence/);
    expect(() => calibrationPlan({ style: 's', layers: [1] }, 8)).toThrow(/Layer 1 cannot be steered on this model: steerable layers are 2–8/);
    expect(() => calibrationPlan({ style: 's', samples: 0 }, 8)).toThrow(/samples per cell must be 1 to 20/);
  });
});

describe('calibration rule', () => {
  it('keeps fluent, non-repeating cells that beat unsteered, and picks the most in style, then the gentlest', () => {
    const baseline = stats(0.1, 10, 0.9);
    const cells = [
      cell('actadd@6x12', 6, 12, stats(1, 45)), // perplexity over 3×
      cell('actadd@6x6', 6, 6, stats(0.9, 20, 0.4)), // repeats itself
      cell('caa@12x8', 12, 8, stats(0.8, 25)),
      cell('caa@12x4', 12, 4, stats(0.8, 12)),
      cell('caa@15x2', 15, 2, stats(0.1, 11)), // no better than unsteered
    ];
    const { best, reason } = pickCalibrated(cells, baseline);
    expect(best?.key).toBe('caa@12x4');
    expect(reason).toMatch(/^caa at layer 12, ×4: 80% ± 0% of continuations in the style \(unsteered 10%\)/);
    expect(cells[0].excluded).toMatch(/perplexity 45\.0 is over 3× the unsteered 10\.0/);
    expect(cells[1].excluded).toMatch(/repeats itself/);
    expect(cells[4].excluded).toMatch(/no more continuations in the style than unsteered/);
    expect(pickCalibrated(cells, baseline, { maxPerplexityRatio: null, minDistinctShare: null }).best?.key).toBe('actadd@6x12');
  });

  it('picks none, with the reason, when nothing qualifies', () => {
    expect(pickCalibrated([cell('caa@12x4', 12, 4, stats(0.1, 10))], stats(0.1, 10))).toEqual({
      best: null,
      reason: 'No cell steered towards the style while staying fluent; try other layers or strengths.',
    });
  });
});
