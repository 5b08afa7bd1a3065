/**
 * Exactness of injection, read back from the residual stream: the vector lands at exactly the
 * layer and positions the block-input convention says, with exactly the size c·v.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildActAddVector } from '../../../src-main/core/steering/builders';
import { llamaIndexOfLayer } from '../../../src-main/core/steering/layers';
import type { CaptureSegment } from '../../../src-main/core/steering/native/index';
import { bridgeFor, perPositionVectors, readerFor } from '../../../src-main/core/steering/vector-building';
import { sumLayerVectors, toNativeControlVector } from '../../../src-main/core/steering/vectors';
import { createTinyModel } from '../../fixtures/gguf/tiny-model';
import { loadForSteering, randomVector, relativeError, type Loaded } from './helpers';

let loaded: Loaded;
beforeAll(async () => {
  loaded = await loadForSteering(await createTinyModel({ nLayer: 6, seed: 3 }));
});
afterAll(async () => {
  await loaded?.dispose();
});

function row(flat: Float32Array, position: number, nEmbd: number): Float32Array {
  return flat.subarray(position * nEmbd, (position + 1) * nEmbd);
}

describe('injection exactness', () => {
  it('adds exactly c·v to the residual entering layer L, at every position, and nothing before it', async () => {
    const bridge = bridgeFor(loaded.context);
    const { nEmbd } = bridge;
    const tokens = [...loaded.model.tokenize('the council said the new bridge opens in march')];
    const coefficient = 3.5;
    for (const layer of [2, 4, 6]) {
      const v = randomVector(nEmbd, layer, 2);
      const native = toNativeControlVector({ nEmbd, layers: new Map([[layer, v]]) }, layer, layer, bridge, coefficient);
      const read = [layer - 1, layer, ...(layer < bridge.nLayer ? [layer + 1] : [])].map(llamaIndexOfLayer);
      const plain = await bridge.captureResiduals(tokens, read);
      const steered = await bridge.captureResiduals([{ tokens, vector: native }], read);
      expect([...steered[0]]).toEqual([...plain[0]]); // the layer before: untouched
      const expected = Float32Array.from(v, (x) => coefficient * x);
      let worst = 0;
      for (let p = 0; p < tokens.length; p++) {
        const difference = row(steered[1], p, nEmbd).map((x, i) => x - row(plain[1], p, nEmbd)[i]);
        worst = Math.max(worst, relativeError(difference, expected));
      }
      expect(worst).toBeLessThan(1e-4);
      if (steered[2]) expect(relativeError(steered[2], plain[2])).toBeGreaterThan(1e-3); // it propagates
    }
  });

  it('applies a layer range with several vectors summed with their strengths', async () => {
    const bridge = bridgeFor(loaded.context);
    const { nEmbd } = bridge;
    const tokens = [...loaded.model.tokenize('rain over the city')];
    const a = { nEmbd, layers: new Map([[3, randomVector(nEmbd, 31)], [4, randomVector(nEmbd, 41)]]) };
    const b = { nEmbd, layers: new Map([[3, randomVector(nEmbd, 32)]]) };
    const native = toNativeControlVector(sumLayerVectors([{ vectors: a, strength: 2 }, { vectors: b, strength: -0.5 }]), 3, 3, bridge, 1);
    const plain = await bridge.captureResiduals(tokens, [llamaIndexOfLayer(3)]);
    const steered = await bridge.captureResiduals([{ tokens, vector: native }], [llamaIndexOfLayer(3)]);
    const expected = a.layers.get(3)!.map((x, i) => 2 * x - 0.5 * b.layers.get(3)![i]);
    for (let p = 0; p < tokens.length; p++) {
      const difference = row(steered[0], p, nEmbd).map((x, i) => x - row(plain[0], p, nEmbd)[i]);
      expect(relativeError(difference, expected)).toBeLessThan(1e-4);
    }
  });

  it('ActAdd front: positions < k move by exactly c·h_A[i] at the layer, positions ≥ k do not move at all', async () => {
    const bridge = bridgeFor(loaded.context);
    const { nEmbd } = bridge;
    const layer = 3;
    const coefficient = 4;
    const actadd = await buildActAddVector(readerFor(loaded), { positive: 'thou art a noble king', negative: 'you are a good man' }, layer);
    const k = actadd.differences.length;
    expect(k).toBeGreaterThan(2);
    const prompt = readerFor(loaded).tokenize('the minister said the storm will hit the city tonight');
    expect(prompt.length).toBeGreaterThan(k + 3);

    const positions = perPositionVectors([actadd]).map((vectors) => toNativeControlVector(vectors, layer, layer, bridge, coefficient));
    const zero = { ...positions[0], data: new Float32Array(positions[0].data.length) };
    // Same segmentation both times (one token per front position), so the only difference is the vector.
    const front = (vector: (i: number) => CaptureSegment['vector']): CaptureSegment[] => [
      ...prompt.slice(0, k).map((token, i) => ({ tokens: [token], vector: vector(i) })),
      { tokens: prompt.slice(k) },
    ];
    const at = [llamaIndexOfLayer(layer)];
    const [plain] = await bridge.captureResiduals(front(() => zero), at);
    const [steered] = await bridge.captureResiduals(front((i) => positions[i]), at);
    for (let p = 0; p < prompt.length; p++) {
      const difference = row(steered, p, nEmbd).map((x, i) => x - row(plain, p, nEmbd)[i]);
      if (p < k) {
        const expected = actadd.differences[p].map((x) => coefficient * x);
        if (p === 0) expect(difference.every((x) => x === 0)).toBe(true); // BOS: h+ = h−
        else expect(relativeError(difference, expected)).toBeLessThan(1e-4);
      } else {
        expect(difference.every((x) => x === 0)).toBe(true);
      }
    }
  });

  it('ActAdd front in one batch (a vector per token): the same shifts as one token at a time, and the next layer agrees', async () => {
    const bridge = bridgeFor(loaded.context);
    const { nEmbd } = bridge;
    const layer = 3;
    const coefficient = 4;
    const actadd = await buildActAddVector(readerFor(loaded), { positive: 'thou art a noble king', negative: 'you are a good man' }, layer);
    const k = actadd.differences.length;
    const prompt = readerFor(loaded).tokenize('the minister said the storm will hit the city tonight');
    const positions = perPositionVectors([actadd]).map((vectors) => toNativeControlVector(vectors, layer, layer, bridge, coefficient));
    const zero = positions.map((p) => ({ ...p, data: new Float32Array(p.data.length) }));
    const batched = (rows: typeof positions): CaptureSegment[] => [{ tokens: prompt.slice(0, k), rowVectors: rows }, { tokens: prompt.slice(k) }];
    const at = [llamaIndexOfLayer(layer), llamaIndexOfLayer(layer) + 1];
    const [plain, plainNext] = await bridge.captureResiduals(batched(zero), at);
    const [steered, steeredNext] = await bridge.captureResiduals(batched(positions), at);
    for (let p = 0; p < prompt.length; p++) {
      const difference = row(steered, p, nEmbd).map((x, i) => x - row(plain, p, nEmbd)[i]);
      if (p === 0 || p >= k) expect(difference.every((x) => x === 0)).toBe(true);
      else expect(relativeError(difference, actadd.differences[p].map((x) => coefficient * x))).toBeLessThan(1e-4);
    }
    // One token at a time with control vector i set (llama.cpp's own add), as ActAdd ran before.
    const oneByOne: CaptureSegment[] = [...prompt.slice(0, k).map((token, i) => ({ tokens: [token], vector: positions[i] })), { tokens: prompt.slice(k) }];
    const [, referenceNext] = await bridge.captureResiduals(oneByOne, at);
    expect(relativeError(steeredNext, referenceNext)).toBeLessThan(1e-4);
    expect(relativeError(steeredNext, plainNext)).toBeGreaterThan(1e-3); // the shift reaches the next layer
  });

  it('captures the last layer with every row (no output-row filtering)', async () => {
    const bridge = bridgeFor(loaded.context);
    const tokens = [...loaded.model.tokenize('a short test')];
    const [last] = await bridge.captureResiduals(tokens, [bridge.nLayer - 1]);
    expect(last.length).toBe(tokens.length * bridge.nEmbd);
    for (let p = 0; p < tokens.length; p++) expect(row(last, p, bridge.nEmbd).some((x) => x !== 0)).toBe(true);
  });
});
