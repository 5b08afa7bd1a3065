import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalEngine, type SteeringHook, type SteeringProvider, type SteeringStageContext } from '../../../src-main/core/engine';
import type { SteeringSettings } from '../../../src-main/core/engine/steering-settings';
import { createTinyModel } from '../../fixtures/gguf/tiny-model';
import { collect, doneOf, request, THREADS } from './helpers';

const SETTINGS: SteeringSettings = { method: 'actadd', pairId: 'test/pair', layerStart: 2, layerEnd: 2, coefficient: 1 };

/**
 * A steering hook that steers nothing: it evaluates the first `prefix` prompt tokens itself, as
 * ActAdd-front will, and records what the engine let it see.
 */
class RecordingProvider implements SteeringProvider {
  calls: string[] = [];
  prefix = 3;
  async createHook(settings: SteeringSettings): Promise<SteeringHook> {
    this.calls.push(`create:${settings.method}`);
    return {
      beforePrompt: async (stage: SteeringStageContext) => {
        this.calls.push(`beforePrompt:${stage.sequence.nextTokenIndex}`);
        await stage.sequence.evaluateWithoutGeneratingNewTokens(stage.promptTokens.slice(0, this.prefix));
        return { evaluatedPrefixTokens: this.prefix };
      },
      beforeGeneration: async (stage) => {
        this.calls.push(`beforeGeneration:${stage.promptTokens.length - stage.sequence.nextTokenIndex}`);
      },
      cleanup: async () => {
        this.calls.push('cleanup');
      },
    };
  }
}

describe('steering hook seam', () => {
  let engine: LocalEngine;
  const provider = new RecordingProvider();

  beforeAll(async () => {
    engine = new LocalEngine({ gpu: false, threads: THREADS, steering: provider });
    await engine.loadModel(await createTinyModel(), { contextSize: 1024 });
  });
  afterAll(async () => {
    await engine?.dispose();
  });

  it('lets the hook evaluate a prompt prefix, then generates the same text as unsteered', async () => {
    provider.calls = [];
    // The style prompt under the (empty) steering, so the prompt is the prompted summary's.
    const steering: SteeringSettings = { ...SETTINGS, prompt: 'styled' };
    const steered = doneOf(await collect(engine.summarize(request({ mode: 'steered', style: 'shakespearean', steering }))));
    // beforePrompt sees an empty sequence; before generation only the last prompt token is left.
    expect(provider.calls).toEqual(['create:actadd', 'beforePrompt:0', 'beforeGeneration:1', 'cleanup']);
    const plain = doneOf(await collect(engine.summarize(request({ mode: 'prompted', style: 'shakespearean' }))));
    expect(steered.output).toBe(plain.output);
    expect(steered.stats.promptTokens).toBe(plain.stats.promptTokens);
  });

  it('cleans up when the summary is cancelled', async () => {
    provider.calls = [];
    const abort = new AbortController();
    for await (const event of engine.summarize(request({ mode: 'steered', steering: SETTINGS }, { maxTokens: 200 }), abort.signal)) {
      if (event.type === 'text') abort.abort();
    }
    expect(provider.calls.filter((c) => c === 'cleanup')).toHaveLength(1);
    expect(provider.calls[provider.calls.length - 1]).toBe('cleanup');
  });

  it('fails clearly, and still cleans up, when a hook claims the whole prompt', async () => {
    provider.calls = [];
    provider.prefix = 100_000;
    try {
      await expect(collect(engine.summarize(request({ mode: 'steered', steering: SETTINGS })))).rejects.toMatchObject({
        code: 'generation-failed',
      });
      expect(provider.calls[provider.calls.length - 1]).toBe('cleanup');
    } finally {
      provider.prefix = 3;
    }
    expect(doneOf(await collect(engine.summarize(request({}, { maxTokens: 2 })))).stats.outputTokens).toBe(2);
  });

  it('rejects a steered request without settings', async () => {
    await expect(collect(engine.summarize(request({ mode: 'steered' })))).rejects.toMatchObject({ code: 'invalid-request' });
  });
});
