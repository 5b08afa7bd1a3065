/**
 * Semantics on the constructed fixture (tests/fixtures/steering/semantic-model.ts): the vector the
 * app builds from the pair "thou" / "you" must make ≥ 90% of sampled completions contain an
 * archaic target word, against ≤ 10% unsteered, in all three modes, through LocalEngine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalEngine } from '../../../src-main/core/engine';
import type { SteeringMethod, SteeringSettings } from '../../../src-main/core/engine/steering-settings';
import { createSteeringProvider } from '../../../src-main/core/steering/steering-provider';
import { CARRY_BLOCK, createSemanticSteeringModel, SEMANTIC_N_LAYER, TARGET_PATTERN } from '../../fixtures/steering/semantic-model';
import { collect, doneOf, request } from '../engine/helpers';
import { THREADS } from './helpers';

const SAMPLES = 20;
let engine: LocalEngine;

beforeAll(async () => {
  engine = new LocalEngine({ gpu: false, threads: THREADS, steering: createSteeringProvider() });
  await engine.loadModel(createSemanticSteeringModel(), { contextSize: 1024 });
});
afterAll(async () => {
  await engine?.dispose();
});

/** Share of sampled completions (different seeds) that contain a target word. */
async function hitRate(steering: SteeringSettings | undefined): Promise<number> {
  let hits = 0;
  for (let seed = 1; seed <= SAMPLES; seed++) {
    const events = await collect(
      engine.summarize(request({ mode: steering ? 'steered' : 'plain', steering }, { seed, maxTokens: 20, temperature: 1, topP: 0.95 })),
    );
    if (TARGET_PATTERN.test(doneOf(events).output)) hits++;
  }
  return hits / SAMPLES;
}

const settings = (method: SteeringMethod, layer: number, coefficient = 4): SteeringSettings => ({
  method,
  pairId: 'shakespearean/thou-you',
  layerStart: layer,
  layerEnd: layer,
  coefficient,
});

describe('steering semantics on the constructed model', () => {
  it('unsteered completions almost never contain an archaic word', async () => {
    expect(await hitRate(undefined)).toBeLessThanOrEqual(0.1);
  });

  it.each(['actadd', 'caa', 'all'] as const)('%s at layer 2 makes at least 90 percent of completions archaic', async (method) => {
    expect(await hitRate(settings(method, 2))).toBeGreaterThanOrEqual(0.9);
  });

  it('modes that steer generated tokens work after the carry block too; ActAdd front does not (known answer)', async () => {
    const late = CARRY_BLOCK + 2;
    expect(late).toBeLessThanOrEqual(SEMANTIC_N_LAYER);
    expect(await hitRate(settings('caa', late))).toBeGreaterThanOrEqual(0.9);
    expect(await hitRate(settings('all', late))).toBeGreaterThanOrEqual(0.9);
    expect(await hitRate(settings('actadd', late))).toBeLessThanOrEqual(0.1);
  });

  it('a negative coefficient steers away: no archaic words', async () => {
    expect(await hitRate(settings('all', 2, -4))).toBeLessThanOrEqual(0.1);
  });

  it('a whole style (mean over its pairs) steers too', async () => {
    expect(await hitRate({ method: 'all', pairId: 'shakespearean', layerStart: 2, layerEnd: 3, coefficient: 4 })).toBeGreaterThanOrEqual(0.9);
  });
});
