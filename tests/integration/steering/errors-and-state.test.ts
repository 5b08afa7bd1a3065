/**
 * Bad steering input gets a clear error and leaves the engine usable; clearing a vector restores
 * the unsteered output exactly; steering cannot change under a running generation.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalEngine } from '../../../src-main/core/engine';
import { EngineError } from '../../../src-main/core/engine/types';
import { SteeringError } from '../../../src-main/core/steering/errors';
import { applyControlVector } from '../../../src-main/core/steering/injection';
import { builtinLibrary, type PairLibrary } from '../../../src-main/core/steering/pair-library';
import type { SteeringSettings } from '../../../src-main/core/engine/steering-settings';
import { createSteeringProvider } from '../../../src-main/core/steering/steering-provider';
import { bridgeFor } from '../../../src-main/core/steering/vector-building';
import { toNativeControlVector } from '../../../src-main/core/steering/vectors';
import { createTinyModel } from '../../fixtures/gguf/tiny-model';
import { writeIndependentControlVector } from '../../fixtures/steering/independent-control-vector';
import { collect, doneOf, request } from '../engine/helpers';
import { greedy, randomVector, THREADS } from './helpers';

/** A library the schema would refuse, to reach the builders' own checks through the engine. */
const unchecked: PairLibrary = {
  format: 'steerling-pair-library',
  version: 1,
  id: 'raw',
  name: 'Unchecked',
  styles: [
    {
      id: 'bad',
      name: 'Bad pairs',
      pairs: [
        { id: 'empty', positive: '   ', negative: 'you' },
        { id: 'same', positive: 'thou', negative: 'thou' },
      ],
    },
  ],
};

let engine: LocalEngine;
let baseline: string;
const dir = mkdtempSync(join(tmpdir(), 'steerling-errors-'));
const ok: SteeringSettings = { method: 'all', pairId: 'shakespearean/thou-you', layerStart: 2, layerEnd: 3, coefficient: 4 };

beforeAll(async () => {
  engine = new LocalEngine({
    gpu: false,
    threads: THREADS,
    steering: createSteeringProvider({ libraries: async () => [builtinLibrary(), unchecked] }),
  });
  await engine.loadModel(await createTinyModel({ nLayer: 4, seed: 9 }), { contextSize: 1024 });
  baseline = doneOf(await collect(engine.summarize(request()))).output;
});
afterAll(async () => {
  await engine?.dispose();
});

async function steeredError(settings: Partial<SteeringSettings>): Promise<EngineError> {
  try {
    await collect(engine.summarize(request({ mode: 'steered', steering: { ...ok, ...settings } })));
  } catch (error) {
    expect(error).toBeInstanceOf(EngineError);
    return error as EngineError;
  }
  throw new Error('steering was accepted');
}

describe('bad steering input', () => {
  it.each([
    [{ layerStart: 1, layerEnd: 1 }, /steerable layers are 2–4/],
    [{ layerStart: 0, layerEnd: 2 }, /steerable layers are 2–4/],
    [{ layerStart: 3, layerEnd: 5 }, /steerable layers are 2–4/],
    [{ layerStart: 3, layerEnd: 2 }, /after the last layer/],
    [{ coefficient: Number.NaN }, /finite number/],
    [{ coefficient: 1e12 }, /too large/],
    [{ pairId: 'raw:bad/empty' }, /need some text/],
    [{ pairId: 'raw:bad/same' }, /same/],
    [{ pairId: 'raw:bad/same', method: 'actadd' as const }, /same/],
    [{ pairId: 'nonsense/pair' }, /no style "nonsense"/],
    [{ pairId: undefined, vectorPath: '/nowhere/vector.gguf' }, /does not exist/],
    [{ pairId: undefined, vectorPath: '/nowhere/vector.gguf', method: 'actadd' as const }, /ActAdd needs a steering pair/],
    [{ vectorPath: '/nowhere/vector.gguf' }, /either a steering pair or a vector file/],
  ])('%o → invalid-request with a clear message, engine still usable', async (settings, message) => {
    const error = await steeredError(settings);
    expect(error.code).toBe('invalid-request');
    expect(error.message).toMatch(message);
    expect(doneOf(await collect(engine.summarize(request()))).output).toBe(baseline);
  });

  it('refuses a vector file made for another model size, and one with no direction in the layers asked for', async () => {
    const wrongSize = join(dir, 'wrong-size.gguf');
    writeIndependentControlVector(wrongSize, { directions: new Map([[1, randomVector(32, 1)]]) });
    expect((await steeredError({ pairId: undefined, vectorPath: wrongSize })).message).toMatch(/32 dimensions but the loaded model has 64/);
    const otherLayers = join(dir, 'other-layers.gguf');
    writeIndependentControlVector(otherLayers, { directions: new Map([[3, randomVector(64, 2)]]) });
    expect((await steeredError({ pairId: undefined, vectorPath: otherLayers, layerStart: 2, layerEnd: 3 })).message).toMatch(/no direction in layers 2–3/);
    const broken = join(dir, 'broken.gguf');
    writeFileSync(broken, 'not a gguf');
    expect((await steeredError({ pairId: undefined, vectorPath: broken })).message).toMatch(/not a usable control-vector file/);
    expect(doneOf(await collect(engine.summarize(request()))).output).toBe(baseline);
  });
});

describe('steering state', () => {
  it('steered output differs, and the next plain summary is the unsteered one again, in every mode', async () => {
    for (const method of ['actadd', 'caa', 'all'] as const) {
      const steered = doneOf(await collect(engine.summarize(request({ mode: 'steered', steering: { ...ok, method } })))).output;
      expect(steered).not.toBe(baseline);
      expect(doneOf(await collect(engine.summarize(request()))).output).toBe(baseline);
    }
  });

  it('clearing the vector on a context restores the unsteered greedy output token for token', async () => {
    const { model, context, sequence } = engine.loadedModel()!;
    const bridge = bridgeFor(context);
    const prompt = [...model.tokenize('the council said the bridge', true)];
    const plain = await greedy(sequence, prompt, 12);
    const vector = toNativeControlVector({ nEmbd: bridge.nEmbd, layers: new Map([[3, randomVector(bridge.nEmbd, 7, 3)]]) }, 3, 3, bridge, 4);
    await applyControlVector(bridge, vector);
    const steered = await greedy(sequence, prompt, 12);
    await applyControlVector(bridge, null);
    const cleared = await greedy(sequence, prompt, 12);
    expect(steered).not.toEqual(plain);
    expect(cleared).toEqual(plain);
    await sequence.clearHistory();
  });

  it('refuses to change steering while a steered summary is being written, then works normally', async () => {
    const { context } = engine.loadedModel()!;
    const bridge = bridgeFor(context);
    const vector = toNativeControlVector({ nEmbd: bridge.nEmbd, layers: new Map([[3, randomVector(bridge.nEmbd, 8)]]) }, 3, 3, bridge, 1);
    let during: unknown;
    let busyEngine: unknown;
    const events = [];
    for await (const event of engine.summarize(request({ mode: 'steered', steering: ok }, { maxTokens: 12 }))) {
      events.push(event);
      if (event.type === 'text' && during === undefined) {
        during = await applyControlVector(bridge, vector).catch((error: unknown) => error);
        busyEngine = await collect(engine.summarize(request({ mode: 'steered', steering: ok }))).catch((error: unknown) => error);
      }
    }
    expect(during).toBeInstanceOf(SteeringError);
    expect((during as SteeringError).code).toBe('busy');
    expect((during as Error).message).toMatch(/while text is being generated/);
    expect((busyEngine as EngineError).code).toBe('busy');
    const steeredAgain = doneOf(await collect(engine.summarize(request({ mode: 'steered', steering: ok }, { maxTokens: 12 })))).output;
    expect(doneOf(events).output).toBe(steeredAgain);
    expect(doneOf(await collect(engine.summarize(request()))).output).toBe(baseline);
  });
});
