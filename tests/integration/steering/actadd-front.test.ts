/**
 * Where ActAdd's front lands, read from the real injector on a real context: for each choice of
 * frontAt, which prompt positions were evaluated with which per-position vector. (exactness.test.ts
 * shows that a position evaluated alone with vector i set moves by exactly c·h_A[i] and no other
 * position moves; together they say the steered positions are the ones named.)
 */
import type { LlamaContextSequence, Token } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPromptTokens } from '../../../src-main/core/engine/prompts/chat-prompt';
import { articleOffsetIn, summaryConversation } from '../../../src-main/core/engine/prompts/conversation';
import { findPromptLandmarks } from '../../../src-main/core/engine/prompts/prompt-landmarks';
import { loadPromptTemplates } from '../../../src-main/core/engine/prompts/templates';
import { loadNodeLlamaCpp } from '../../../src-main/core/engine/llama';
import type { SteeringStageContext } from '../../../src-main/core/engine/steering-hook';
import { buildActAddVector } from '../../../src-main/core/steering/builders';
import { SteeringInjector } from '../../../src-main/core/steering/injection';
import type { NativeControlVector, SteeringBridge } from '../../../src-main/core/steering/native/index';
import type { ActAddFront, SteeringSettings } from '../../../src-main/core/engine/steering-settings';
import { bridgeFor, perPositionVectors, readerFor } from '../../../src-main/core/steering/vector-building';
import { toNativeControlVector } from '../../../src-main/core/steering/vectors';
import { createTinyModel } from '../../fixtures/gguf/tiny-model';
import { loadForSteering, type Loaded } from './helpers';

const LAYER = 3;
const COEFFICIENT = 4;
const PAIR = { positive: 'thou art a noble king', negative: 'you are a good man' };
const templates = loadPromptTemplates();

let loaded: Loaded;
beforeAll(async () => {
  loaded = await loadForSteering(await createTinyModel({ nLayer: 6, seed: 3 }), 1024);
});
afterAll(async () => {
  await loaded?.dispose();
});

interface Evaluation {
  from: number;
  count: number;
  vector: NativeControlVector | null;
}

/** The bridge and sequence, logging which vector was set while which positions were evaluated. */
function recording(bridge: SteeringBridge, sequence: LlamaContextSequence) {
  const log: Evaluation[] = [];
  let current: NativeControlVector | null = null;
  const spyBridge = new Proxy(bridge, {
    get(target, property) {
      if (property === 'setControlVector') {
        return async (vector: NativeControlVector | null) => {
          current = vector;
          await target.setControlVector(vector);
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  const spySequence = new Proxy(sequence, {
    get(target, property) {
      if (property === 'evaluateWithoutGeneratingNewTokens') {
        return async (tokens: Token[]) => {
          log.push({ from: target.nextTokenIndex, count: tokens.length, vector: current });
          await target.evaluateWithoutGeneratingNewTokens(tokens);
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { log, spyBridge, spySequence };
}

describe('ActAdd front placement', () => {
  it.each(['start', 'message', 'article'] as const)('frontAt %s steers exactly the named positions, one token each', async (frontAt: ActAddFront) => {
    const bridge = bridgeFor(loaded.context);
    const actadd = await buildActAddVector(readerFor(loaded), PAIR, LAYER);
    const k = actadd.differences.length;
    const perPosition = perPositionVectors([actadd]);
    const expected = perPosition.map((vectors) => toNativeControlVector(vectors, LAYER, LAYER, bridge, COEFFICIENT));

    const { resolveChatWrapper, GeneralChatWrapper } = await loadNodeLlamaCpp();
    const wrapper = resolveChatWrapper(loaded.model) ?? new GeneralChatWrapper();
    const article = { title: 'Bridge closes', text: 'The old bridge closed on Friday. Repairs take a year.' };
    const turns = summaryConversation(templates, templates.steeredNeutral, article, { includeExample: false });
    const promptTokens = renderPromptTokens(loaded.model, wrapper, turns);
    const landmarks = findPromptLandmarks(loaded.model, wrapper, turns, promptTokens, articleOffsetIn(templates.steeredNeutral));
    expect(loaded.model.detokenize(promptTokens.slice(landmarks.message), true).startsWith('Summarise the news')).toBe(true);
    expect(loaded.model.detokenize(promptTokens.slice(landmarks.article), true).startsWith('Title: Bridge closes')).toBe(true);

    const sequence = loaded.context.getSequence();
    try {
      const { log, spyBridge, spySequence } = recording(bridge, sequence);
      const injector = new SteeringInjector(spyBridge, { mode: 'actadd', perPosition, layerStart: LAYER, layerEnd: LAYER, coefficient: COEFFICIENT });
      const settings: SteeringSettings = { method: 'actadd', pairId: 'x/y', layerStart: LAYER, layerEnd: LAYER, coefficient: COEFFICIENT, frontAt };
      const stage = { sequence: spySequence, promptTokens, settings, landmarks, context: loaded.context, signal: new AbortController().signal } as unknown as SteeringStageContext;
      await sequence.clearHistory();
      const { evaluatedPrefixTokens } = await injector.beforePrompt(stage);
      await injector.cleanup(stage);

      const offset = frontAt === 'start' ? 0 : landmarks[frontAt];
      // 'start' lays the pair's BOS position on the prompt's BOS; the others begin at the pair's first word.
      const used = frontAt === 'start' ? expected : expected.slice(1);
      expect(evaluatedPrefixTokens).toBe(offset + used.length);
      const steered = log.filter((entry) => entry.vector !== null);
      expect(steered.map((entry) => [entry.from, entry.count])).toEqual(used.map((_, i) => [offset + i, 1]));
      steered.forEach((entry, i) => expect([...entry.vector!.data]).toEqual([...used[i].data]));
      // Everything before the front went in unsteered, in one piece; nothing after it was touched.
      expect(log.filter((entry) => entry.vector === null).map((entry) => [entry.from, entry.count])).toEqual(offset > 0 ? [[0, offset]] : []);
      expect(k).toBeGreaterThan(2);
    } finally {
      sequence.dispose();
    }
  });

  it('refuses a front at the message or the article when the prompt names neither', async () => {
    const bridge = bridgeFor(loaded.context);
    const perPosition = perPositionVectors([await buildActAddVector(readerFor(loaded), PAIR, LAYER)]);
    const injector = new SteeringInjector(bridge, { mode: 'actadd', perPosition, layerStart: LAYER, layerEnd: LAYER, coefficient: 1 });
    const sequence = loaded.context.getSequence();
    try {
      const settings: SteeringSettings = { method: 'actadd', pairId: 'x/y', layerStart: LAYER, layerEnd: LAYER, coefficient: 1, frontAt: 'article' };
      const stage = { sequence, promptTokens: loaded.model.tokenize('a b c d e f', false), settings, context: loaded.context, signal: new AbortController().signal } as unknown as SteeringStageContext;
      await expect(injector.beforePrompt(stage)).rejects.toMatchObject({ code: 'invalid-request', message: expect.stringMatching(/no article to start ActAdd at/) });
      await injector.cleanup(stage);
      expect(sequence.nextTokenIndex).toBe(0);
    } finally {
      sequence.dispose();
    }
  });
});
