import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalEngine } from '../../../src-main/core/engine';
import { EngineError, type SummaryEvent } from '../../../src-main/core/engine/types';
import { createTinyModel, TINY_MODEL_CACHE_DIR } from '../../fixtures/gguf/tiny-model';
import { collect, doneOf, longArticle, request, textOf, THREADS } from './helpers';

describe('LocalEngine', () => {
  let engine: LocalEngine;
  let modelPath: string;

  beforeAll(async () => {
    modelPath = await createTinyModel();
    engine = new LocalEngine({ gpu: false, threads: THREADS });
  });
  afterAll(async () => {
    await engine?.dispose();
  });

  it('loads a model and reports its shape from the GGUF metadata', async () => {
    const info = await engine.loadModel(modelPath, { contextSize: 2048 });
    expect(info).toMatchObject({ architecture: 'llama', nLayer: 4, nEmbd: 64, contextSize: 2048, gpu: false, path: modelPath });
    expect(info.id).toMatch(/^tiny-[0-9a-f]+$/);
    expect(engine.currentModel()).toEqual(info);
  });

  it('gives identical text for the same seed and different text for other seeds', async () => {
    const first = doneOf(await collect(engine.summarize(request())));
    const again = doneOf(await collect(engine.summarize(request())));
    expect(first.output.length).toBeGreaterThan(0);
    expect(again.output).toBe(first.output);
    const others = new Set<string>();
    for (const seed of [1, 2, 3]) others.add(doneOf(await collect(engine.summarize(request({}, { seed })))).output);
    others.add(first.output);
    expect(others.size).toBeGreaterThanOrEqual(3);
  });

  it('streams chunks whose concatenation is the final output, with stats', async () => {
    const events = await collect(engine.summarize(request({ mode: 'prompted', style: 'shakespearean' })));
    const done = doneOf(events);
    const texts = events.filter((e) => e.type === 'text');
    expect(texts.length).toBeGreaterThan(1);
    expect(textOf(events)).toBe(done.output);
    expect(done.cancelled).toBe(false);
    expect(done.stats.outputTokens).toBe(24);
    expect(done.stats.chunks).toBe(1);
    expect(done.stats.promptTokens).toBeGreaterThan(100);
    expect(done.stats.timeToFirstTokenMs).toBeLessThanOrEqual(done.stats.totalMs);
    expect(events.some((e) => e.type === 'progress')).toBe(false);
  });

  it('uses a longer one-shot prompt for a prompted style than for plain', async () => {
    const plain = doneOf(await collect(engine.summarize(request({}, { maxTokens: 2 }))));
    const styled = doneOf(await collect(engine.summarize(request({ mode: 'prompted', style: 'noir' }, { maxTokens: 2 }))));
    expect(styled.stats.promptTokens).toBeGreaterThan(plain.stats.promptTokens);
  });

  it('stops within a few tokens when cancelled and returns the partial text', async () => {
    const abort = new AbortController();
    const events: SummaryEvent[] = [];
    for await (const event of engine.summarize(request({}, { maxTokens: 300 }), abort.signal)) {
      events.push(event);
      if (events.filter((e) => e.type === 'text').length === 3) abort.abort();
    }
    const done = doneOf(events);
    expect(done.cancelled).toBe(true);
    expect(done.stats.outputTokens).toBeLessThan(10);
    expect(done.output).toBe(textOf(events));
    expect(done.output.length).toBeGreaterThan(0);
  });

  it('refuses a second summary while one is running, and works again afterwards', async () => {
    const abort = new AbortController();
    const running = engine.summarize(request({}, { maxTokens: 300 }), abort.signal)[Symbol.asyncIterator]();
    await running.next();
    await expect(collect(engine.summarize(request()))).rejects.toMatchObject({ name: 'EngineError', code: 'busy' });
    await expect(engine.loadModel(modelPath)).rejects.toMatchObject({ code: 'busy' });
    abort.abort();
    while (!(await running.next()).done);
    expect(doneOf(await collect(engine.summarize(request({}, { maxTokens: 3 })))).stats.outputTokens).toBe(3);
  });

  it('summarises a long article on a small context through map-reduce', async () => {
    const small = new LocalEngine({ gpu: false, threads: THREADS });
    try {
      await small.loadModel(modelPath, { contextSize: 512 });
      const events = await collect(small.summarize(request({ article: longArticle(), mode: 'prompted', style: 'victorian' }, { maxTokens: 48 })));
      const done = doneOf(events);
      const map = events.filter((e) => e.type === 'progress' && e.stage === 'map');
      expect(done.stats.chunks).toBeGreaterThan(1);
      expect(map[0]).toEqual({ type: 'progress', stage: 'map', done: 0, total: done.stats.chunks });
      expect(map[map.length - 1]).toEqual({ type: 'progress', stage: 'map', done: done.stats.chunks, total: done.stats.chunks });
      expect(events.some((e) => e.type === 'progress' && e.stage === 'reduce')).toBe(true);
      // Only the final pass streams text, and it comes after every map step.
      const lastMap = events.lastIndexOf(map[map.length - 1]);
      expect(events.findIndex((e) => e.type === 'text')).toBeGreaterThan(lastMap);
      expect(done.output.length).toBeGreaterThan(0);
      expect(textOf(events)).toBe(done.output);
      expect(done.stats.promptTokens).toBeGreaterThan(512);
    } finally {
      await small.dispose();
    }
  });

  it('rejects invalid requests with clear errors', async () => {
    await expect(collect(engine.summarize(request({ mode: 'prompted', style: 'klingon' })))).rejects.toThrow(/no style called "klingon"/);
    await expect(collect(engine.summarize(request({ mode: 'prompted' })))).rejects.toMatchObject({ code: 'invalid-request' });
    await expect(collect(engine.summarize(request({ article: { title: 'x', text: '   ' } })))).rejects.toThrow(/no text/);
    await expect(collect(engine.summarize(request({}, { topP: 0 })))).rejects.toMatchObject({ code: 'invalid-request' });
    const steered = request({
      mode: 'steered',
      steering: { method: 'caa', pairId: 'shakespearean/thou-you', layerStart: 2, layerEnd: 2, coefficient: 4 },
    });
    await expect(collect(engine.summarize(steered))).rejects.toMatchObject({ code: 'invalid-request', message: expect.stringMatching(/steering engine/) });
  });

  it('says why a model file is refused, and keeps the loaded model usable', async () => {
    const dir = TINY_MODEL_CACHE_DIR;
    const notGguf = join(dir, 'not-a-model.gguf');
    writeFileSync(notGguf, 'this is a text file, not a model');
    const attempts: [string, RegExp][] = [
      [join(dir, 'missing.gguf'), /not found/],
      [notGguf, /not a GGUF model file/],
      [dir, /folder/],
    ];
    for (const [path, message] of attempts) {
      const error = await engine.loadModel(path).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EngineError);
      expect(error).toMatchObject({ code: 'model-load-failed', message: expect.stringMatching(message) });
    }
    expect(engine.currentModel()?.path).toBe(modelPath);
    expect(doneOf(await collect(engine.summarize(request({}, { maxTokens: 4 })))).stats.outputTokens).toBe(4);
  });

  it('releases everything on dispose and refuses work afterwards', async () => {
    const other = new LocalEngine({ gpu: false, threads: THREADS });
    await other.loadModel(modelPath, { contextSize: 256 });
    await other.dispose();
    expect(other.currentModel()).toBeNull();
    await expect(other.loadModel(modelPath)).rejects.toThrow(/shut down/);
  });
});
