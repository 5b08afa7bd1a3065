/**
 * Where ActAdd's front lands, read from the real injector on a real context: for each choice of
 * frontAt, which prompt positions were evaluated with which per-token vector, and that the
 * sequence then holds them. (exactness.test.ts shows that a token's row moves by exactly c·h_A[i]
 * and no other row moves; together they say the steered positions are the ones named.) And the
 * loaded front continues exactly as a front evaluated one token at a time with llama.cpp's own
 * control vector.
 */
import type { LlamaContextSequence } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPromptTokens } from '../../../src-main/core/engine/prompts/chat-prompt';
import { articleOffsetIn, summaryConversation } from '../../../src-main/core/engine/prompts/conversation';
import { findPromptLandmarks } from '../../../src-main/core/engine/prompts/prompt-landmarks';
import { loadPromptTemplates } from '../../../src-main/core/engine/prompts/templates';
import { loadNodeLlamaCpp } from '../../../src-main/core/engine/llama';
import type { SteeringStageContext } from '../../../src-main/core/engine/steering-hook';
import { buildActAddVector } from '../../../src-main/core/steering/builders';
import { SteeringInjector } from '../../../src-main/core/steering/injection';
import type { CaptureSegment, SteeringBridge } from '../../../src-main/core/steering/native/index';
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

/** The bridge, logging which segments ActAdd's prefill evaluated with which per-token vectors. */
function recording(bridge: SteeringBridge) {
  const log: CaptureSegment[][] = [];
  const spyBridge = new Proxy(bridge, {
    get(target, property) {
      if (property === 'prefillSequence') {
        return async (sequence: LlamaContextSequence, segments: CaptureSegment[]) => {
          log.push(segments);
          return target.prefillSequence(sequence, segments);
        };
      }
      if (property === 'setControlVector') {
        return async () => {
          throw new Error('ActAdd must not set a control vector on the generation context');
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { log, spyBridge };
}

describe('ActAdd front placement', () => {
  it.each(['start', 'message', 'article'] as const)('frontAt %s steers exactly the named positions, in one prefill', async (frontAt: ActAddFront) => {
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
      const { log, spyBridge } = recording(bridge);
      const injector = new SteeringInjector(spyBridge, { mode: 'actadd', perPosition, layerStart: LAYER, layerEnd: LAYER, coefficient: COEFFICIENT });
      const settings: SteeringSettings = { method: 'actadd', pairId: 'x/y', layerStart: LAYER, layerEnd: LAYER, coefficient: COEFFICIENT, frontAt };
      const stage = { sequence, promptTokens, settings, landmarks, context: loaded.context, signal: new AbortController().signal } as unknown as SteeringStageContext;
      await sequence.clearHistory();
      const { evaluatedPrefixTokens } = await injector.beforePrompt(stage);

      const offset = frontAt === 'start' ? 0 : landmarks[frontAt];
      // 'start' lays the pair's BOS position on the prompt's BOS; the others begin at the pair's first word.
      const used = frontAt === 'start' ? expected : expected.slice(1);
      expect(evaluatedPrefixTokens).toBe(offset + used.length);
      // One prefill: everything before the front unsteered, then the front with vector i on its token i.
      expect(log).toHaveLength(1);
      const [segments] = log;
      expect(segments.map((segment) => [segment.tokens.length, segment.rowVectors?.length ?? 0])).toEqual([
        ...(offset > 0 ? [[offset, 0]] : []),
        [used.length, used.length],
      ]);
      expect(segments.flatMap((segment) => [...segment.tokens])).toEqual(promptTokens.slice(0, offset + used.length));
      segments.at(-1)!.rowVectors!.forEach((vector, i) => expect([...vector.data]).toEqual([...used[i].data]));
      // The sequence holds exactly those tokens, ready for the engine to continue the prompt.
      expect(sequence.nextTokenIndex).toBe(offset + used.length);
      expect(sequence.contextTokens).toEqual(promptTokens.slice(0, offset + used.length));
      await injector.cleanup(stage);
      expect(sequence.nextTokenIndex).toBe(0);
      expect(k).toBeGreaterThan(2);
    } finally {
      sequence.dispose();
    }
  });

  it('continues from the loaded front exactly as from a front evaluated one token at a time', async () => {
    const bridge = bridgeFor(loaded.context);
    const perPosition = perPositionVectors([await buildActAddVector(readerFor(loaded), PAIR, LAYER)]);
    const vectors = perPosition.map((vectors) => toNativeControlVector(vectors, LAYER, LAYER, bridge, COEFFICIENT));
    const prompt = loaded.model.tokenize('the minister said the storm will hit the city tonight and the river', true);
    const k = vectors.length;
    const sequence = loaded.context.getSequence();
    const continuation = async (front: () => Promise<void>) => {
      await sequence.clearHistory();
      await front();
      const out: number[] = [];
      for await (const token of sequence.evaluate(prompt.slice(k), { temperature: 0 })) {
        out.push(token);
        if (out.length >= 12) break;
      }
      return out;
    };
    try {
      const batched = await continuation(async () => {
        await bridge.prefillSequence(sequence, [{ tokens: prompt.slice(0, k), rowVectors: vectors }]);
      });
      const oneByOne = await continuation(async () => {
        for (let i = 0; i < k; i++) {
          await bridge.setControlVector(vectors[i]);
          await sequence.evaluateWithoutGeneratingNewTokens([prompt[i]]);
        }
        await bridge.setControlVector(null);
      });
      const unsteered = await continuation(async () => {
        await sequence.evaluateWithoutGeneratingNewTokens(prompt.slice(0, k));
      });
      expect(batched).toEqual(oneByOne);
      expect(batched).not.toEqual(unsteered);
    } finally {
      await bridge.setControlVector(null);
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
