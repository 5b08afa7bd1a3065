import { describe, expect, it } from 'vitest';
import { SteeringError } from '../../../src-main/core/steering/errors';
import { MAX_COEFFICIENT, assertCoefficient, sumLayerVectors, toNativeControlVector } from '../../../src-main/core/steering/vectors';

const model = { nEmbd: 4, nLayer: 6 };
const v = (...values: number[]) => Float32Array.from(values);

function code(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof SteeringError ? error.code : 'other';
  }
  return undefined;
}

describe('toNativeControlVector', () => {
  it('places layer L at llama.cpp direction L-1, i.e. offset (L-2)·nEmbd, scaled by the coefficient', () => {
    const native = toNativeControlVector(
      { nEmbd: 4, layers: new Map([[3, v(1, 2, 3, 4)], [5, v(-1, 0, 1, 0)]]) },
      3,
      5,
      model,
      2,
    );
    expect(native.ilStart).toBe(2);
    expect(native.ilEnd).toBe(4);
    expect(native.data.length).toBe(4 * 5); // directions 1..5
    expect([...native.data.subarray(4, 8)]).toEqual([2, 4, 6, 8]); // direction.2
    expect([...native.data.subarray(12, 16)]).toEqual([-2, 0, 2, 0]); // direction.4
    const others = [...native.data.subarray(0, 4), ...native.data.subarray(8, 12), ...native.data.subarray(16)];
    expect(others.every((x) => x === 0)).toBe(true);
  });

  it('leaves out layers of the vector outside the range', () => {
    const native = toNativeControlVector({ nEmbd: 4, layers: new Map([[3, v(1, 1, 1, 1)], [4, v(5, 5, 5, 5)]]) }, 4, 4, model, 1);
    expect([...native.data.subarray(4, 8)]).toEqual([0, 0, 0, 0]);
    expect([...native.data.subarray(8, 12)]).toEqual([5, 5, 5, 5]);
  });

  it('refuses bad layers, sizes, coefficients and values with specific codes', () => {
    const ok = { nEmbd: 4, layers: new Map([[3, v(1, 2, 3, 4)]]) };
    expect(code(() => toNativeControlVector(ok, 1, 3, model, 1))).toBe('invalid-layer');
    expect(code(() => toNativeControlVector(ok, 3, 7, model, 1))).toBe('invalid-layer');
    expect(code(() => toNativeControlVector(ok, 4, 5, model, 1))).toBe('invalid-layer'); // no direction there
    expect(code(() => toNativeControlVector({ nEmbd: 3, layers: new Map([[3, v(1, 2, 3)]]) }, 3, 3, model, 1))).toBe('vector-mismatch');
    expect(code(() => toNativeControlVector(ok, 3, 3, model, Number.NaN))).toBe('invalid-coefficient');
    expect(code(() => toNativeControlVector(ok, 3, 3, model, 1e9))).toBe('invalid-coefficient');
    expect(code(() => toNativeControlVector({ nEmbd: 4, layers: new Map([[3, v(1, Number.NaN, 3, 4)]]) }, 3, 3, model, 1))).toBe(
      'invalid-coefficient',
    );
  });
});

describe('coefficients', () => {
  it('accepts ordinary values, rejects non-finite and huge ones', () => {
    for (const ok of [0, 1, -5, 20, MAX_COEFFICIENT, -MAX_COEFFICIENT]) expect(() => assertCoefficient(ok)).not.toThrow();
    for (const bad of [Number.NaN, Infinity, -Infinity, MAX_COEFFICIENT + 1]) {
      expect(code(() => assertCoefficient(bad))).toBe('invalid-coefficient');
    }
  });
});

describe('sumLayerVectors', () => {
  it('sums vectors layer by layer with their strengths', () => {
    const sum = sumLayerVectors([
      { vectors: { nEmbd: 2, layers: new Map([[2, v(1, 0)], [3, v(0, 1)]]) }, strength: 2 },
      { vectors: { nEmbd: 2, layers: new Map([[3, v(1, 1)]]) }, strength: -1 },
    ]);
    expect([...sum.layers.get(2)!]).toEqual([2, 0]);
    expect([...sum.layers.get(3)!]).toEqual([-1, 1]);
  });

  it('refuses mixing sizes and empty input', () => {
    expect(code(() => sumLayerVectors([]))).toBe('vector-mismatch');
    expect(
      code(() =>
        sumLayerVectors([
          { vectors: { nEmbd: 2, layers: new Map([[2, v(1, 0)]]) }, strength: 1 },
          { vectors: { nEmbd: 3, layers: new Map([[2, v(1, 0, 0)]]) }, strength: 1 },
        ]),
      ),
    ).toBe('vector-mismatch');
  });
});
