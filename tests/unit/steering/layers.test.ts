import { describe, expect, it } from 'vitest';
import { SteeringError } from '../../../src-main/core/steering/errors';
import {
  assertCapturableLayer,
  assertSteerableRange,
  layerOfLlamaIndex,
  layerOfResidPost,
  llamaIndexOfLayer,
  steerableLayers,
} from '../../../src-main/core/steering/layers';

describe('layer conventions', () => {
  it('maps block-input layer L to llama.cpp direction/l_out index L-1 and back', () => {
    // The seed's resid_pre of block 6 is llama.cpp l_out-5 / direction.5.
    expect(llamaIndexOfLayer(6)).toBe(5);
    expect(layerOfLlamaIndex(5)).toBe(6);
    for (let layer = 1; layer <= 40; layer++) expect(layerOfLlamaIndex(llamaIndexOfLayer(layer))).toBe(layer);
  });

  it('maps repeng/CAA "layer L" (resid_post) to block input L+1, i.e. direction.L', () => {
    expect(layerOfResidPost(13)).toBe(14);
    expect(llamaIndexOfLayer(layerOfResidPost(13))).toBe(13);
  });

  it('allows steering block inputs 2..nLayer only (llama.cpp has no direction.0)', () => {
    expect(steerableLayers(32)).toEqual({ min: 2, max: 32 });
    expect(() => assertSteerableRange(2, 32, 32)).not.toThrow();
    for (const [start, end] of [
      [1, 4],
      [0, 0],
      [5, 33],
      [6, 5],
      [2.5, 3],
      [Number.NaN, 3],
    ]) {
      let error: unknown;
      try {
        assertSteerableRange(start, end, 32);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(SteeringError);
      expect((error as SteeringError).code).toBe('invalid-layer');
    }
  });

  it('explains the valid range in the error', () => {
    expect(() => assertSteerableRange(1, 3, 8)).toThrow(/steerable layers are 2–8/);
    expect(() => assertSteerableRange(4, 3, 8)).toThrow(/after the last layer/);
  });

  it('allows reading block inputs 1..nLayer', () => {
    expect(() => assertCapturableLayer(1, 4)).not.toThrow();
    expect(() => assertCapturableLayer(4, 4)).not.toThrow();
    expect(() => assertCapturableLayer(0, 4)).toThrow(SteeringError);
    expect(() => assertCapturableLayer(5, 4)).toThrow(/readable layers are 1–4/);
  });
});
