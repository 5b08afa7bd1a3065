/**
 * The prompt a steered summary is written from, read back token for token from what the engine
 * hands the steering hook: the neutral prompt by default (no style words, no example, one user
 * turn), the style's one-shot prompt for "steered + prompted", and where the user's message and
 * the article start in it (ActAdd's front positions).
 */
import type { ChatWrapper, LlamaModel, Token } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalEngine, type SteeringHook, type SteeringProvider, type SteeringStageContext } from '../../../src-main/core/engine';
import { findStyle, loadPromptTemplates } from '../../../src-main/core/engine/prompts/templates';
import type { SteeringSettings } from '../../../src-main/core/engine/steering-settings';
import { createTinyModel } from '../../fixtures/gguf/tiny-model';
import { collect, doneOf, request, SHORT_ARTICLE, THREADS } from './helpers';

const templates = loadPromptTemplates();
const shakespearean = findStyle(templates, 'shakespearean')!;

/** Steers nothing; keeps the prompt and landmarks the engine gave it. */
class RecordingProvider implements SteeringProvider {
  seen: Pick<SteeringStageContext, 'promptTokens' | 'landmarks'>[] = [];
  async createHook(): Promise<SteeringHook> {
    return {
      beforePrompt: async (stage) => {
        this.seen.push({ promptTokens: [...stage.promptTokens], landmarks: stage.landmarks });
        return { evaluatedPrefixTokens: 0 };
      },
      beforeGeneration: async () => {},
      cleanup: async () => {},
    };
  }
}

let engine: LocalEngine;
const provider = new RecordingProvider();
beforeAll(async () => {
  engine = new LocalEngine({ gpu: false, threads: THREADS, steering: provider });
  await engine.loadModel(await createTinyModel(), { contextSize: 2048 });
});
afterAll(async () => {
  await engine?.dispose();
});

const loaded = (): { model: LlamaModel; wrapper: ChatWrapper } => engine.loadedModel()!;
const text = (tokens: readonly Token[]) => loaded().model.detokenize([...tokens], true);

async function steeredPrompt(settings: Partial<SteeringSettings>, style?: string) {
  provider.seen = [];
  const steering: SteeringSettings = { method: 'actadd', pairId: 'x/y', layerStart: 2, layerEnd: 2, coefficient: 1, ...settings };
  doneOf(await collect(engine.summarize(request({ mode: 'steered', style, steering }, { maxTokens: 2 }))));
  expect(provider.seen).toHaveLength(1);
  return provider.seen[0];
}

const articleBlock = `Title: ${SHORT_ARTICLE.title}\n\n${SHORT_ARTICLE.text}`;

describe('the prompt of a steered summary', () => {
  it('is the neutral prompt by default: one user turn, the plain task without style words or an example', async () => {
    const { promptTokens } = await steeredPrompt({});
    const bos = loaded().model.detokenize([loaded().model.tokens.bos!], true);
    expect(text(promptTokens)).toBe(`${bos} [INST]${templates.steeredNeutral.instruction}\n\n${articleBlock} [/INST]`);
    expect(templates.steeredNeutral.instruction).toBe(
      'Summarise the news article below in three to five sentences. Keep the key facts: who, what, where, when and the most important numbers. ' +
        'Do not add anything the article does not say. Reply with the summary only.',
    );
    expect(templates.steeredNeutral.exampleSummary).toBeUndefined();
    expect(templates.steeredNeutral.instruction).not.toMatch(/modern|English|style|Shakespeare/i);
  });

  it('is the same with prompt "neutral" given, whatever the style', async () => {
    const neutral = await steeredPrompt({ prompt: 'neutral' }, 'shakespearean');
    const byDefault = await steeredPrompt({});
    expect(neutral.promptTokens).toEqual(byDefault.promptTokens);
  });

  it('"steered + prompted" sends the style prompt: its one-shot example exchange, then the article', async () => {
    const { promptTokens } = await steeredPrompt({ prompt: 'styled' }, 'shakespearean');
    const bos = loaded().model.detokenize([loaded().model.tokens.bos!], true);
    const eos = loaded().model.detokenize([loaded().model.tokens.eos!], true);
    const example = `Title: ${templates.exampleArticle.title}\n\n${templates.exampleArticle.text}`;
    expect(text(promptTokens)).toBe(
      `${bos} [INST]${shakespearean.instruction}\n\n${example} [/INST]${shakespearean.exampleSummary}${eos}` +
        ` [INST]${shakespearean.instruction}\n\n${articleBlock} [/INST]`,
    );
  });

  it('"steered + prompted" without a style, or with an unknown one, is refused before anything runs', async () => {
    provider.seen = [];
    const steering: SteeringSettings = { method: 'caa', pairId: 'x/y', layerStart: 2, layerEnd: 2, coefficient: 1, prompt: 'styled' };
    await expect(collect(engine.summarize(request({ mode: 'steered', steering })))).rejects.toMatchObject({
      code: 'invalid-request',
      message: 'Choose a style for a steered summary with the style prompt.',
    });
    await expect(collect(engine.summarize(request({ mode: 'steered', style: 'gothic', steering })))).rejects.toMatchObject({
      code: 'invalid-request',
      message: 'There is no style called "gothic".',
    });
    expect(provider.seen).toHaveLength(0);
  });

  it.each([
    ['neutral', undefined],
    ['styled', 'shakespearean'],
  ] as const)('names where the message and the article start (%s prompt)', async (prompt, style) => {
    const { promptTokens, landmarks } = await steeredPrompt({ prompt }, style);
    const instruction = prompt === 'neutral' ? templates.steeredNeutral.instruction : shakespearean.instruction;
    expect(landmarks).toBeDefined();
    const { message, article } = landmarks!;
    // The message starts at the last [INST]'s text, the article after the instruction. (This
    // fixture's template is "[INST]x[/INST]"; the tokenizer reads a space before each marker.)
    expect(text(promptTokens.slice(message))).toBe(`${instruction}\n\n${articleBlock} [/INST]`);
    expect(text(promptTokens.slice(0, message)).endsWith('[INST]')).toBe(true);
    expect(text(promptTokens.slice(article))).toBe(`${articleBlock} [/INST]`);
    expect(text(promptTokens.slice(article - 1)).startsWith('\nTitle:')).toBe(true);
  });

  it('gives no landmarks to methods that do not place anything by position', async () => {
    const { landmarks } = await steeredPrompt({ method: 'caa' });
    expect(landmarks).toBeUndefined();
  });
});
