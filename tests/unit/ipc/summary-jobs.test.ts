import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineError, type SummaryStats } from '../../../src-main/core/engine/types';
import { toIpcErrorPayload } from '../../../src-main/ipc/ipc-error';
import { createHarness, sampleArticle, sampleSampling, type Harness } from './backend-harness';
import { aborted, SCRIPTED_STATS, ScriptedEngine } from './scripted-engine';

const steering = { method: 'caa' as const, pairId: 'shakespearean/thou-you', layerStart: 2, layerEnd: 3, coefficient: 4 };
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('app backend: summary jobs', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.cleanup();
  });

  it('returns the job id before any event, then streams progress and text in order', async () => {
    h = await createHarness();
    await h.backend.handle('models.load', { path: '/models/tiny-mistral.gguf' });
    const { jobId } = await h.backend.handle('summary.start', {
      article: sampleArticle,
      mode: 'plain',
      sampling: sampleSampling,
    });
    expect(h.events).toEqual([]);
    await h.waitFor('summary.done', jobId);
    expect(h.events.map((e) => e.event)).toEqual([
      'summary.progress',
      'summary.progress',
      'summary.progress',
      'summary.text',
      'summary.text',
      'summary.done',
    ]);
    expect(h.events.slice(0, 5).map((e) => e.payload)).toEqual([
      { jobId, stage: 'map', done: 1, total: 2 },
      { jobId, stage: 'map', done: 2, total: 2 },
      { jobId, stage: 'reduce', done: 1, total: 1 },
      { jobId, text: 'Thou art ' },
      { jobId, text: 'summarised.' },
    ]);
    expect(h.engine.requests).toEqual([
      {
        article: { title: sampleArticle.title, text: sampleArticle.text },
        mode: 'plain',
        style: undefined,
        sampling: sampleSampling,
        steering: undefined,
      },
    ]);
  });

  it('saves a history record with every field before announcing it', async () => {
    h = await createHarness();
    await h.backend.handle('models.load', { path: '/models/tiny-mistral.gguf' });
    const { jobId } = await h.backend.handle('summary.start', {
      article: sampleArticle,
      mode: 'steered',
      style: 'shakespearean',
      sampling: sampleSampling,
      steering,
    });
    const done = await h.waitFor('summary.done', jobId);
    const { record } = done.payload;
    expect(done.payload.cancelled).toBe(false);
    expect(done.payload.stats).toEqual(SCRIPTED_STATS);
    expect(record).toMatchObject({
      article: {
        title: sampleArticle.title,
        source: sampleArticle.source,
        textHash: sha256(sampleArticle.text),
        text: sampleArticle.text,
        wordCount: sampleArticle.wordCount,
      },
      mode: 'steered',
      style: 'shakespearean',
      sampling: sampleSampling,
      steering,
      modelId: 'tiny-mistral',
      output: 'Thou art summarised.',
      stats: SCRIPTED_STATS,
      cancelled: false,
    });
    expect(record.id).toEqual(expect.any(String));
    expect(Number.isNaN(Date.parse(record.createdAt))).toBe(false);

    expect(await h.backend.handle('history.get', { id: record.id })).toEqual(record);
    const listed = await h.backend.handle('history.list', { query: 'harbour' });
    expect(listed.total).toBe(1);
    expect(listed.items[0]).toMatchObject({ id: record.id, title: sampleArticle.title, mode: 'steered' });
  });

  it('refuses a styled summary without a style, and a steered one without steering, before starting', async () => {
    h = await createHarness();
    await expect(
      h.backend.handle('summary.start', { article: sampleArticle, mode: 'prompted', sampling: sampleSampling }),
    ).rejects.toMatchObject({ code: 'ipc.invalid-args', message: expect.stringContaining('style') });
    await expect(
      h.backend.handle('summary.start', { article: sampleArticle, mode: 'steered', style: 'pirate', sampling: sampleSampling }),
    ).rejects.toMatchObject({ code: 'ipc.invalid-args', message: expect.stringContaining('steering') });
    expect(h.engine.requests).toEqual([]);
  });

  it('cancels a running job: the engine sees the abort and the partial summary is saved, flagged', async () => {
    const partialStats: SummaryStats = { promptTokens: 40, outputTokens: 3, timeToFirstTokenMs: 5, totalMs: 30, chunks: 1 };
    const engine = new ScriptedEngine(async function* (_request, signal) {
      yield { type: 'text', text: 'Half a ' };
      await aborted(signal);
      yield { type: 'done', output: 'Half a ', stats: partialStats, cancelled: true };
    });
    h = await createHarness({ engine });
    await h.backend.handle('models.load', { path: '/m/tiny.gguf' });
    const { jobId } = await h.backend.handle('summary.start', { article: sampleArticle, mode: 'plain', sampling: sampleSampling });
    await h.waitFor('summary.text', jobId);

    expect(await h.backend.handle('summary.cancel', { jobId })).toEqual({ cancelled: true });
    const done = await h.waitFor('summary.done', jobId);
    expect(done.payload).toMatchObject({ cancelled: true, stats: partialStats });
    expect(done.payload.record).toMatchObject({ output: 'Half a ', cancelled: true, stats: partialStats });
    expect(await h.backend.handle('history.get', { id: done.payload.record.id })).toEqual(done.payload.record);
    expect(await h.backend.handle('summary.cancel', { jobId })).toEqual({ cancelled: false });
  });

  it('keeps the streamed text when the engine answers an abort by throwing', async () => {
    const engine = new ScriptedEngine(async function* (_request, signal) {
      yield { type: 'text', text: 'Streamed so far' };
      await aborted(signal);
      throw new DOMException('This operation was aborted', 'AbortError');
    });
    h = await createHarness({ engine });
    const { jobId } = await h.backend.handle('summary.start', { article: sampleArticle, mode: 'plain', sampling: sampleSampling });
    await h.waitFor('summary.text', jobId);
    await h.backend.handle('summary.cancel', { jobId });
    const done = await h.waitFor('summary.done', jobId);
    expect(done.payload.record).toMatchObject({ output: 'Streamed so far', cancelled: true, modelId: 'unknown model' });
    expect(done.payload.stats).toMatchObject({ promptTokens: 0, outputTokens: 0, chunks: 0 });
  });

  it('saves nothing when a job is stopped before it wrote any text', async () => {
    const engine = new ScriptedEngine(async function* (_request, signal) {
      await aborted(signal);
      yield { type: 'done', output: '', stats: SCRIPTED_STATS, cancelled: true };
    });
    h = await createHarness({ engine });
    const { jobId } = await h.backend.handle('summary.start', { article: sampleArticle, mode: 'plain', sampling: sampleSampling });
    await h.backend.handle('summary.cancel', { jobId });
    const error = await h.waitFor('summary.error', jobId);
    expect(error.payload.code).toBe('summary.cancelled');
    expect(await h.backend.handle('history.list', {})).toEqual({ items: [], total: 0, capped: false });
    expect(h.events.some((e) => e.event === 'summary.done')).toBe(false);
  });

  it('reports an engine failure as summary.error with its code and saves nothing', async () => {
    const engine = new ScriptedEngine(async function* () {
      yield { type: 'text', text: 'partial' };
      throw new EngineError('generation-failed', 'The model could not continue the text.');
    });
    h = await createHarness({ engine });
    const { jobId } = await h.backend.handle('summary.start', { article: sampleArticle, mode: 'plain', sampling: sampleSampling });
    const error = await h.waitFor('summary.error', jobId);
    expect(error.payload).toEqual({ jobId, code: 'engine.generation-failed', message: 'The model could not continue the text.' });
    expect((await h.backend.handle('history.list', {})).total).toBe(0);
  });

  it.each(['engine-crashed', 'engine-hung'] as const)('keeps what was written when the engine process stops (%s)', async (code) => {
    const engine = new ScriptedEngine(async function* () {
      yield { type: 'text', text: 'partial' };
      throw new EngineError(code, 'The engine stopped. It is restarting.');
    });
    h = await createHarness({ engine });
    const { jobId } = await h.backend.handle('summary.start', { article: sampleArticle, mode: 'plain', sampling: sampleSampling });
    const error = await h.waitFor('summary.error', jobId);
    expect(error.payload).toEqual({
      jobId,
      code: `engine.${code}`,
      message: 'The engine stopped. It is restarting. What it had written so far is saved in the history.',
    });
    const { items } = await h.backend.handle('history.list', {});
    expect(items).toHaveLength(1);
    expect(await h.backend.handle('history.get', { id: items[0].id })).toMatchObject({ output: 'partial', cancelled: true });
  });

  it('treats an engine that ends without a done event as a failure', async () => {
    const engine = new ScriptedEngine(async function* () {
      yield { type: 'text', text: 'and then nothing' };
    });
    h = await createHarness({ engine });
    const { jobId } = await h.backend.handle('summary.start', { article: sampleArticle, mode: 'plain', sampling: sampleSampling });
    const error = await h.waitFor('summary.error', jobId);
    expect(error.payload.code).toBe('engine.generation-failed');
  });

  it('runs jobs side by side, each event carrying its own job id', async () => {
    h = await createHarness();
    const first = await h.backend.handle('summary.start', { article: sampleArticle, mode: 'plain', sampling: sampleSampling });
    const second = await h.backend.handle('summary.start', { article: sampleArticle, mode: 'plain', sampling: sampleSampling });
    expect(first.jobId).not.toBe(second.jobId);
    const [a, b] = await Promise.all([h.waitFor('summary.done', first.jobId), h.waitFor('summary.done', second.jobId)]);
    expect(a.payload.record.id).not.toBe(b.payload.record.id);
    expect((await h.backend.handle('history.list', {})).total).toBe(2);
  });

  it('saves a running job as cancelled when the backend is disposed', async () => {
    const engine = new ScriptedEngine(async function* (_request, signal) {
      yield { type: 'text', text: 'Interrupted ' };
      await aborted(signal);
      yield { type: 'done', output: 'Interrupted ', stats: SCRIPTED_STATS, cancelled: true };
    });
    h = await createHarness({ engine });
    const { jobId } = await h.backend.handle('summary.start', { article: sampleArticle, mode: 'plain', sampling: sampleSampling });
    await h.waitFor('summary.text', jobId);
    await h.backend.dispose();
    const done = h.events.find((e) => e.event === 'summary.done');
    expect(done?.payload).toMatchObject({ jobId, cancelled: true });
  });
});

describe('app backend: history', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.cleanup();
  });

  async function summarise(): Promise<string> {
    const { jobId } = await h.backend.handle('summary.start', { article: sampleArticle, mode: 'plain', sampling: sampleSampling });
    return (await h.waitFor('summary.done', jobId)).payload.record.id;
  }

  it('exports chosen records to a file and reports its size', async () => {
    h = await createHarness();
    const id = await summarise();
    const target = path.join(h.dataDir, 'exports', 'bridge.md');
    await fs.mkdir(path.dirname(target), { recursive: true });
    const written = await h.backend.handle('history.export', { ids: [id], format: 'md', path: target });
    const content = await fs.readFile(written.path, 'utf8');
    expect(content).toContain('Thou art summarised.');
    expect(content).toContain(sampleArticle.title);
    expect(written.bytes).toBe(Buffer.byteLength(content));
  });

  it('refuses to export or show records that are gone, and deletes by id', async () => {
    h = await createHarness();
    const id = await summarise();
    const gone = await h.backend
      .handle('history.export', { ids: [id, 'no-such-id'], format: 'txt', path: path.join(h.dataDir, 'x.txt') })
      .catch(toIpcErrorPayload);
    expect(gone).toMatchObject({ code: 'history.not-found', message: expect.stringContaining('1 of the chosen') });
    await expect(fs.access(path.join(h.dataDir, 'x.txt'))).rejects.toThrow();

    expect(await h.backend.handle('history.delete', { ids: [id] })).toEqual({ deleted: 1 });
    const missing = await h.backend.handle('history.get', { id }).catch(toIpcErrorPayload);
    expect(missing).toMatchObject({ code: 'history.not-found' });
    expect(await h.backend.handle('history.list', {})).toEqual({ items: [], total: 0, capped: false });
  });
});
