import { describe, expect, it } from 'vitest';
import type { ActivationReader } from '../../../src-main/core/steering/activation-reader';
import {
  actAddMean,
  buildActAddVector,
  buildMeanDifference,
  buildPcaVector,
  firstPrincipalDirection,
  tokenisePair,
} from '../../../src-main/core/steering/builders';
import { SteeringError } from '../../../src-main/core/steering/errors';
import { dot, norm } from '../../../src-main/core/steering/vectors';

/**
 * A deterministic stand-in for the model: words are tokens, the residual entering layer L at a
 * position is `L · embedding(token)` (no context), so every expected difference is computable.
 */
const BOS = 1;
const PAD = 2;
const E = 4;
const vocabulary = new Map<string, number>();
function tokenId(word: string): number {
  if (!vocabulary.has(word)) vocabulary.set(word, 10 + vocabulary.size);
  return vocabulary.get(word)!;
}
function embedding(token: number): Float32Array {
  if (token === BOS) return Float32Array.from([1, 1, 1, 1]);
  if (token === PAD) return Float32Array.from([0, 0, 0, 0.5]);
  if (token >= 1000) return Float32Array.from([2, 2, 2, 2]); // different tokens, same activation
  return Float32Array.from([token % 3, (token * 7) % 5, token % 2, token / 10]);
}
const reader: ActivationReader = {
  nEmbd: E,
  nLayer: 8,
  padToken: PAD,
  tokenize: (text) => [BOS, ...text.trim().split(/\s+/).filter(Boolean).map(tokenId)],
  async capture(sequences, layers) {
    return new Map(
      layers.map((layer) => [
        layer,
        sequences.map((tokens) => {
          const out = new Float32Array(tokens.length * E);
          tokens.forEach((token, i) => embedding(token).forEach((x, j) => (out[i * E + j] = layer * x)));
          return out;
        }),
      ]),
    );
  },
};

function difference(a: string, b: string, layer: number): number[] {
  return [...embedding(tokenId(a))].map((x, j) => layer * (x - embedding(tokenId(b))[j]));
}

async function code(run: () => unknown): Promise<string | undefined> {
  try {
    await run();
  } catch (error) {
    return error instanceof SteeringError ? error.code : 'other';
  }
  return undefined;
}

describe('tokenisePair', () => {
  it('right-pads the shorter side with the whitespace pad token, never EOS', () => {
    const pair = tokenisePair(reader, { positive: 'thou art here', negative: 'you' });
    expect(pair.positive).toEqual([BOS, tokenId('thou'), tokenId('art'), tokenId('here')]);
    expect(pair.negative).toEqual([BOS, tokenId('you'), PAD, PAD]);
  });

  it('refuses empty, identical and identically tokenised pairs', async () => {
    expect(await code(() => tokenisePair(reader, { positive: '  ', negative: 'you' }))).toBe('invalid-pair');
    expect(await code(() => tokenisePair(reader, { positive: 'thou', negative: ' thou ' }))).toBe('invalid-pair');
    expect(await code(() => tokenisePair(reader, { positive: 'thou  art', negative: 'thou art' }))).toBe('invalid-pair');
  });
});

describe('ActAdd', () => {
  it('gives h+[i] − h−[i] per position at the layer, zero at BOS, and their mean without BOS', async () => {
    const vector = await buildActAddVector(reader, { positive: 'thou art', negative: 'you are' }, 5);
    expect(vector.differences.length).toBe(3);
    expect([...vector.differences[0]]).toEqual([0, 0, 0, 0]);
    expect([...vector.differences[1]].map((x) => +x.toFixed(5))).toEqual(difference('thou', 'you', 5).map((x) => +x.toFixed(5)));
    expect([...vector.differences[2]].map((x) => +x.toFixed(5))).toEqual(difference('art', 'are', 5).map((x) => +x.toFixed(5)));
    const mean = actAddMean(vector);
    const expected = difference('thou', 'you', 5).map((x, j) => (x + difference('art', 'are', 5)[j]) / 2);
    expect([...mean].map((x) => +x.toFixed(4))).toEqual(expected.map((x) => +x.toFixed(4)));
  });

  it('refuses layers that cannot be steered', async () => {
    expect(await code(() => buildActAddVector(reader, { positive: 'thou', negative: 'you' }, 1))).toBe('invalid-layer');
    expect(await code(() => buildActAddVector(reader, { positive: 'thou', negative: 'you' }, 9))).toBe('invalid-layer');
  });
});

describe('mean of differences', () => {
  const pairs = [
    { positive: 'thou art', negative: 'you are' },
    { positive: 'hath', negative: 'has' },
  ];

  it("averages each pair's difference over all positions but BOS, then over pairs", async () => {
    const vectors = await buildMeanDifference(reader, pairs, [3, 4]);
    const first = difference('thou', 'you', 3).map((x, j) => (x + difference('art', 'are', 3)[j]) / 2);
    const second = difference('hath', 'has', 3);
    const expected = first.map((x, j) => (x + second[j]) / 2);
    expect([...vectors.layers.get(3)!].map((x) => +x.toFixed(4))).toEqual(expected.map((x) => +x.toFixed(4)));
    expect([...vectors.layers.get(4)!].map((x) => +(x / 4).toFixed(4))).toEqual(expected.map((x) => +(x / 3).toFixed(4)));
  });

  it('uses only the last position when asked', async () => {
    const vectors = await buildMeanDifference(reader, pairs, [3], { positions: 'last' });
    const expected = difference('art', 'are', 3).map((x, j) => (x + difference('hath', 'has', 3)[j]) / 2);
    expect([...vectors.layers.get(3)!].map((x) => +x.toFixed(4))).toEqual(expected.map((x) => +x.toFixed(4)));
  });

  it('reads each side over its own tokens, so sides of different lengths add no padding to the difference', async () => {
    // Own means: (thou + thou)/2 − you and thou − (you + you)/2, both exactly thou − you; padding
    // the shorter side would have mixed in the pad token's activation, with opposite signs.
    const uneven = [
      { positive: 'thou thou', negative: 'you' },
      { positive: 'thou', negative: 'you you' },
    ];
    const expected = difference('thou', 'you', 3).map((x) => +x.toFixed(4));
    const mean = await buildMeanDifference(reader, uneven, [3]);
    expect([...mean.layers.get(3)!].map((x) => +x.toFixed(4))).toEqual(expected);
    const last = await buildMeanDifference(reader, [{ positive: 'you art', negative: 'thou are you' }], [3], { positions: 'last' });
    expect([...last.layers.get(3)!].map((x) => +x.toFixed(4))).toEqual(difference('art', 'you', 3).map((x) => +x.toFixed(4)));
    const pca = (await buildPcaVector(reader, uneven, [3])).layers.get(3)!;
    expect(dot(pca, Float32Array.from(expected)) / (norm(pca) * norm(Float32Array.from(expected)))).toBeCloseTo(1, 5);
  });

  it('refuses a pair whose sides tokenise alike even among good pairs, instead of averaging in a zero', async () => {
    const pairs = [
      { positive: 'thou', negative: 'you' },
      { positive: 'thou  art', negative: 'thou art' },
    ];
    expect(await code(() => buildMeanDifference(reader, pairs, [3]))).toBe('invalid-pair');
    expect(await code(() => buildPcaVector(reader, pairs, [3]))).toBe('invalid-pair');
  });

  it('refuses no pairs, and pairs whose activations do not differ', async () => {
    expect(await code(() => buildMeanDifference(reader, [], [3]))).toBe('invalid-pair');
    vocabulary.set('same-a', 1000);
    vocabulary.set('same-b', 1001);
    expect(await code(() => buildMeanDifference(reader, [{ positive: 'same-a', negative: 'same-b' }], [3]))).toBe('invalid-pair');
    expect(await code(() => buildActAddVector(reader, { positive: 'same-a', negative: 'same-b' }, 3))).toBe('invalid-pair');
    expect(await code(() => buildPcaVector(reader, [{ positive: 'same-a', negative: 'same-b' }], [3]))).toBe('invalid-pair');
  });
});

describe('PCA', () => {
  it('finds the dominant direction of the rows', () => {
    const rows = [Float32Array.from([3, 0.1, 0]), Float32Array.from([-2.9, 0, 0.1]), Float32Array.from([3.1, -0.1, 0])];
    const direction = firstPrincipalDirection(rows, 3)!;
    expect(Math.abs(direction[0])).toBeGreaterThan(0.99);
    expect(norm(direction)).toBeCloseTo(1, 6);
    expect(firstPrincipalDirection([new Float32Array(3)], 3)).toBeNull();
  });

  it('fixes the sign so positives project higher, and scales to the mean |projection|', async () => {
    const pairs = [
      { positive: 'thou', negative: 'you' },
      { positive: 'hath', negative: 'has' },
      { positive: 'doth', negative: 'does' },
    ];
    for (const flipped of [false, true]) {
      const used = flipped ? pairs.map((p) => ({ positive: p.negative, negative: p.positive })) : pairs;
      const vectors = await buildPcaVector(reader, used, [2]);
      const direction = vectors.layers.get(2)!;
      const differences = used.map((p) => Float32Array.from(difference(p.positive.split(' ')[0], p.negative.split(' ')[0], 2)));
      const projections = differences.map((d) => dot(d, direction) / norm(direction));
      expect(projections.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      const meanAbs = projections.reduce((a, b) => a + Math.abs(b), 0) / projections.length;
      expect(norm(direction)).toBeCloseTo(meanAbs, 4);
    }
  });

  it('centring removes the shared offset before finding the direction', async () => {
    const pairs = [
      { positive: 'thou', negative: 'you' },
      { positive: 'hath', negative: 'has' },
      { positive: 'doth', negative: 'does' },
    ];
    const plain = (await buildPcaVector(reader, pairs, [2])).layers.get(2)!;
    const centred = (await buildPcaVector(reader, pairs, [2], { centre: true })).layers.get(2)!;
    expect(Math.abs(dot(plain, centred)) / (norm(plain) * norm(centred))).toBeLessThan(0.9999);
  });
});
