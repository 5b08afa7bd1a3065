/**
 * Interoperability: a control-vector file written by the tests' independent GGUF writer loads and
 * steers exactly like the same vector built in the app, and so does the app's own file.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalEngine } from '../../../src-main/core/engine';
import { llamaIndexOfLayer } from '../../../src-main/core/steering/layers';
import type { SteeringSettings } from '../../../src-main/core/engine/steering-settings';
import { createSteeringProvider } from '../../../src-main/core/steering/steering-provider';
import { buildSteeringVector, saveSteeringVector } from '../../../src-main/core/steering/vector-building';
import { createTinyModel } from '../../fixtures/gguf/tiny-model';
import { createSemanticSteeringModel, SEMANTIC_PAIR, TARGET_PATTERN } from '../../fixtures/steering/semantic-model';
import { writeIndependentControlVector } from '../../fixtures/steering/independent-control-vector';
import { collect, doneOf, request } from '../engine/helpers';
import { THREADS } from './helpers';

let engine: LocalEngine;
const dir = mkdtempSync(join(tmpdir(), 'steerling-interop-'));

afterAll(async () => {
  await engine?.dispose();
});

async function load(path: string): Promise<void> {
  await engine?.dispose();
  engine = new LocalEngine({ gpu: false, threads: THREADS, steering: createSteeringProvider() });
  await engine.loadModel(path, { contextSize: 1024 });
}

async function output(steering: SteeringSettings | undefined, seed: number): Promise<string> {
  const mode = steering ? 'steered' : 'plain';
  return doneOf(await collect(engine.summarize(request({ mode, steering }, { seed, maxTokens: 16, temperature: 1 })))).output;
}

async function writeBoth(layers: number[]): Promise<{ independent: string; ours: string }> {
  const loaded = engine.loadedModel()!;
  const vectors = await buildSteeringVector(loaded, { pairs: [SEMANTIC_PAIR], layers, method: 'mean' });
  const independent = join(dir, `independent-${layers.join('-')}-${Date.now()}.gguf`);
  writeIndependentControlVector(independent, {
    directions: new Map(layers.map((layer) => [llamaIndexOfLayer(layer), vectors.layers.get(layer)!])),
    layerCountType: 'i32',
  });
  const ours = join(dir, `ours-${layers.join('-')}-${Date.now()}.gguf`);
  await saveSteeringVector(ours, vectors, { modelHint: 'llama', request: { pairs: [SEMANTIC_PAIR], layers, method: 'mean' } });
  return { independent, ours };
}

describe('control-vector interoperability', () => {
  it('on a random model, where any change shows: file-based steering equals pair-based, token for token', async () => {
    await load(await createTinyModel({ nLayer: 4, seed: 5 }));
    const { independent, ours } = await writeBoth([2, 3]);
    for (const method of ['caa', 'all'] as const) {
      for (const seed of [1, 2, 3]) {
        const range = { layerStart: 2, layerEnd: 3, coefficient: 2 };
        // A single pair in caa/all mode is its difference averaged over positions, i.e. method 'mean'.
        const fromPair = await output({ method, pairId: 'shakespearean/thou-you', ...range }, seed);
        expect(fromPair).not.toBe(await output(undefined, seed));
        expect(await output({ method, vectorPath: independent, ...range }, seed)).toBe(fromPair);
        expect(await output({ method, vectorPath: ours, ...range }, seed)).toBe(fromPair);
      }
    }
  });

  it('on the constructed model, the independently written file steers towards the archaic words', async () => {
    await load(createSemanticSteeringModel());
    const { independent } = await writeBoth([2, 3]);
    for (const seed of [1, 2, 3]) {
      const fromFile = await output({ method: 'all', vectorPath: independent, layerStart: 2, layerEnd: 3, coefficient: 3 }, seed);
      expect(TARGET_PATTERN.test(fromFile)).toBe(true);
      expect(TARGET_PATTERN.test(await output(undefined, seed))).toBe(false);
    }
  });
});
