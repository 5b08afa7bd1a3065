/**
 * The model in use is never freed under work that reads it: a load waits for (is refused during)
 * a running comparison, summary or vector build, and shutting down waits for a vector build to
 * let go of the model before the engine is disposed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { VectorBuilder } from '../../../src-main/core/worker/vector-build';
import type { RequestArgs } from '../../../src-main/ipc/contract';
import { toIpcErrorPayload } from '../../../src-main/ipc/ipc-error';
import { createHarness, sampleArticle, sampleSampling, type Harness } from './backend-harness';
import { evalEngine, eventMatching } from './eval-fakes';
import { aborted, ScriptedEngine } from './scripted-engine';

const failure = (promise: Promise<unknown>) => promise.then(() => ({ code: 'none', message: '' }), toIpcErrorPayload);

const COMPARE: RequestArgs<'compare.start'> = {
  article: sampleArticle,
  sampling: sampleSampling,
  configs: [
    { id: 'plain', mode: 'plain' },
    { id: 'steered', mode: 'steered', steering: { method: 'caa', pairId: 'shakespearean/thou-art', layerStart: 2, layerEnd: 3, coefficient: 4 } },
  ],
};

describe('the model in use', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  it('is not swapped while a comparison reads it; the load works once it is cancelled', async () => {
    let holding = true;
    const engine = evalEngine({ hold: (request) => holding && request.mode === 'steered' });
    h = await createHarness({ engine });
    await h.backend.handle('models.load', { path: '/models/tiny.gguf' });
    const { jobId } = await h.backend.handle('compare.start', COMPARE);
    await eventMatching(h, 'compare.progress', (p) => p.jobId === jobId);

    for (const load of [
      h.backend.handle('models.load', { path: '/models/other.gguf' }),
      h.backend.handle('models.use', { id: 'other' }),
    ]) {
      const refused = await failure(load);
      expect(refused.code).toBe('engine.busy');
      expect(refused.message).toMatch(/comparison, sweep or scoring is using the model.*Then load the other model/);
    }
    expect(engine.loads.map((l) => l.path)).toEqual(['/models/tiny.gguf']);

    holding = false;
    await h.backend.handle('compare.cancel', { jobId });
    await eventMatching(h, 'compare.done', (p) => p.jobId === jobId);
    await h.backend.handle('models.load', { path: '/models/other.gguf' });
    expect(engine.loads.map((l) => l.path)).toEqual(['/models/tiny.gguf', '/models/other.gguf']);
  });

  it('is not swapped while a summary is being written', async () => {
    const engine = new ScriptedEngine(async function* (_request, signal) {
      yield { type: 'text', text: 'Thou ' };
      await aborted(signal);
      yield { type: 'done', output: 'Thou ', stats: { promptTokens: 1, outputTokens: 1, timeToFirstTokenMs: 1, totalMs: 1, chunks: 1 }, cancelled: true };
    });
    h = await createHarness({ engine });
    await h.backend.handle('models.load', { path: '/models/tiny.gguf' });
    const { jobId } = await h.backend.handle('summary.start', { article: sampleArticle, mode: 'plain', sampling: sampleSampling });
    await h.waitFor('summary.text', jobId);
    expect((await failure(h.backend.handle('models.load', { path: '/models/other.gguf' }))).code).toBe('engine.busy');
    await h.backend.handle('summary.cancel', { jobId });
    await h.waitFor('summary.done', jobId);
  });

  it('is freed on shutdown only after a running vector build has stopped', async () => {
    const order: string[] = [];
    const builder: VectorBuilder = {
      async buildVector(_request, options = {}) {
        order.push('build started');
        await aborted(options.signal);
        // A build lets go of the model a moment after it is told to stop.
        await new Promise((resolve) => setTimeout(resolve, 30));
        order.push('build stopped');
        throw new Error('cancelled');
      },
    };
    const engine = new ScriptedEngine();
    const dispose = engine.dispose.bind(engine);
    engine.dispose = async () => {
      order.push('engine disposed');
      await dispose();
    };
    h = await createHarness({ engine, vectorBuilder: builder });
    await h.backend.handle('models.load', { path: '/models/tiny.gguf' });
    const build = failure(h.backend.handle('vectors.build', { pairId: 'shakespearean/thou-art', layerStart: 2, layerEnd: 3 }));
    await expect.poll(() => order).toEqual(['build started']);
    expect((await failure(h.backend.handle('models.load', { path: '/models/other.gguf' }))).message).toMatch(/vector is being built/);

    await h.backend.dispose();
    expect(order).toEqual(['build started', 'build stopped', 'engine disposed']);
    await build;
  });
});
