/**
 * steering.info, vectors.inspect / vectors.list, and the check a steered summary.start gets before
 * its job runs, against a scripted engine whose "loaded model" has 4 blocks of 64 dimensions.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { VectorBuilder } from '../../../src-main/core/worker/vector-build';
import { EngineError } from '../../../src-main/core/engine/types';
import { writeControlVectorFile } from '../../../src-main/core/steering/control-vector-file';
import { LAYER_CONVENTION_TEXT } from '../../../src-main/core/steering/layers';
import type { SteeringSettings } from '../../../src-main/core/engine/steering-settings';
import { toIpcErrorPayload } from '../../../src-main/ipc/ipc-error';
import { answeringDialogs, createHarness, sampleArticle, sampleSampling, type Harness } from './backend-harness';

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return toIpcErrorPayload(error);
  }
  throw new Error('expected the call to fail');
}

function vector(nEmbd: number, layers: number[]) {
  return { nEmbd, layers: new Map(layers.map((layer) => [layer, Float32Array.from({ length: nEmbd }, (_, i) => (i === 0 ? 3 : 0))])) };
}

const steered = (steering: Partial<SteeringSettings>) => ({
  article: sampleArticle,
  mode: 'steered' as const,
  sampling: sampleSampling,
  steering: { method: 'caa' as const, pairId: 'shakespearean/thou-art', layerStart: 2, layerEnd: 3, coefficient: 4, ...steering },
});

describe('steering channels', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.cleanup();
  });

  it('describes the convention, methods and 7B defaults with no model, and the model\'s layers once loaded', async () => {
    h = await createHarness();
    const before = await h.backend.handle('steering.info', {});
    expect(before.convention).toBe(LAYER_CONVENTION_TEXT);
    expect(before.layers).toBeNull();
    expect(before.defaults).toEqual({ method: 'caa', pairId: 'shakespearean', layerStart: 14, layerEnd: 16, coefficient: 4 });
    expect(before.defaultsNote).toMatch(/sweep/);
    expect(before.methods.map((m) => m.id)).toEqual(['actadd', 'caa', 'all']);
    expect(before.methods.find((m) => m.id === 'actadd')?.worksWithVectorFile).toBe(false);
    expect(before.buildMethods.map((m) => m.id)).toEqual(['mean', 'pca']);
    expect(before.vectorFolder).toBe(path.join(h.dataDir, 'vectors'));

    await h.backend.handle('models.load', { path: '/models/tiny.gguf' });
    const after = await h.backend.handle('steering.info', {});
    expect(after.layers).toEqual({ min: 2, max: 4, nLayer: 4 });
    expect(after.defaults).toMatchObject({ layerStart: 2, layerEnd: 4 });
  });

  it('inspects a control-vector file: layers in both numberings, metadata, norms and fit', async () => {
    h = await createHarness();
    const file = path.join(h.dataDir, 'v.gguf');
    await writeControlVectorFile(file, { vectors: vector(64, [2, 3, 9]), modelHint: 'llama', steerling: { method: 'mean', pair_reference: 'shakespearean' } });
    const unloaded = await h.backend.handle('vectors.inspect', { path: file });
    expect(unloaded).toMatchObject({ path: file, layers: [2, 3, 9], directions: [1, 2, 8], nEmbd: 64, modelHint: 'llama', layerCount: 3, fit: null });
    expect(unloaded.steerling).toMatchObject({ method: 'mean', pair_reference: 'shakespearean' });
    expect(unloaded.norms).toEqual([
      { layer: 2, norm: 3 },
      { layer: 3, norm: 3 },
      { layer: 9, norm: 3 },
    ]);

    await h.backend.handle('models.load', { path: '/models/tiny.gguf' });
    const loaded = await h.backend.handle('vectors.inspect', { path: file });
    expect(loaded.fit).toEqual({ ok: true, message: 'Fits tiny: layers 2–3 can be steered. 1 of its layers are beyond this model and are ignored.' });

    const other = path.join(h.dataDir, 'other.gguf');
    await writeControlVectorFile(other, { vectors: vector(32, [2]), modelHint: 'qwen2' });
    expect((await h.backend.handle('vectors.inspect', { path: other })).fit).toEqual({
      ok: false,
      message: 'Made for a model with 32 dimensions; tiny has 64, so it cannot be used with it.',
    });
  });

  it('says why a file is not a control vector', async () => {
    h = await createHarness();
    const text = path.join(h.dataDir, 'notes.gguf');
    await fs.writeFile(text, 'just some text');
    const error = await failure(h.backend.handle('vectors.inspect', { path: text }));
    expect(error.code).toBe('steering.invalid-vector-file');
    expect(error.message).toContain('is not a usable control-vector file: it is not a readable GGUF file');
    const missing = await failure(h.backend.handle('vectors.inspect', { path: path.join(h.dataDir, 'none.gguf') }));
    expect(missing.message).toMatch(/the file does not exist/);
  });

  it('lists saved vectors, and names the files that do not read', async () => {
    h = await createHarness();
    const folder = path.join(h.dataDir, 'vectors');
    expect(await h.backend.handle('vectors.list', {})).toEqual({ folder, vectors: [], unreadable: [] });
    await writeControlVectorFile(path.join(folder, 'good.gguf'), { vectors: vector(64, [4]), modelHint: 'llama' });
    await fs.writeFile(path.join(folder, 'bad.gguf'), 'nope');
    const list = await h.backend.handle('vectors.list', {});
    expect(list.vectors.map((v) => path.basename(v.path))).toEqual(['good.gguf']);
    expect(list.unreadable).toEqual([{ file: 'bad.gguf', message: expect.stringContaining('not a usable control-vector file') }]);
  });

  it('refuses vectors.build without a model, and where the engine cannot build', async () => {
    h = await createHarness();
    const args = { style: 'shakespearean', method: 'mean' as const, layerStart: 2, layerEnd: 3 };
    expect(await failure(h.backend.handle('vectors.build', args))).toMatchObject({ code: 'engine.no-model' });
    await h.backend.handle('models.load', { path: '/models/tiny.gguf' });
    expect(await failure(h.backend.handle('vectors.build', args))).toMatchObject({ code: 'steering.unavailable' });
    expect(await failure(h.backend.handle('vectors.build', { ...args, method: 'median' }))).toMatchObject({ code: 'ipc.invalid-args' });
  });

  it('cancels the running build, one build at a time, and passes the resolved pairs to the builder', async () => {
    const seen: Parameters<VectorBuilder['buildVector']>[] = [];
    // Stands in for the engine process: reports progress, then waits until it is cancelled.
    const builder: VectorBuilder = {
      buildVector(request, options = {}) {
        seen.push([request, options]);
        options.onProgress?.({ stage: 'reading', done: 0, total: request.pairs.length });
        return new Promise((_, reject) =>
          options.signal?.addEventListener('abort', () => reject(new EngineError('invalid-request', 'Building the vector was cancelled; nothing was saved.'))),
        );
      },
    };
    h = await createHarness({ vectorBuilder: builder });
    await h.backend.handle('models.load', { path: '/models/tiny.gguf' });
    expect(await h.backend.handle('vectors.cancel', {})).toEqual({ cancelled: false });

    const build = failure(h.backend.handle('vectors.build', { pairId: 'shakespearean/thou-art', layerStart: 2, layerEnd: 3 }));
    const progress = await h.waitFor('vectors.progress');
    const file = path.join(h.dataDir, 'vectors', 'shakespearean-thou-art-mean-L2-3.gguf');
    expect(progress.payload).toEqual({ path: file, stage: 'reading', done: 0, total: 1 });
    expect(seen[0][0]).toEqual({
      pairs: [{ positive: 'Thou art a noble friend, and thy words do please me.', negative: 'You are a noble friend, and your words do please me.' }],
      pairReference: 'shakespearean/thou-art',
      method: 'mean',
      layerStart: 2,
      layerEnd: 3,
      positions: 'all',
      centre: false,
      path: file,
    });
    expect(await failure(h.backend.handle('vectors.build', { style: 'pirate', layerStart: 2, layerEnd: 2 }))).toMatchObject({ code: 'engine.busy' });

    expect(await h.backend.handle('vectors.cancel', {})).toEqual({ cancelled: true });
    expect(await build).toMatchObject({ code: 'engine.invalid-request', message: 'Building the vector was cancelled; nothing was saved.' });
    expect(await h.backend.handle('vectors.cancel', {})).toEqual({ cancelled: false });
  });

  it('files a steered summary under the pair\'s style and keeps every steering setting', async () => {
    h = await createHarness();
    await h.backend.handle('models.load', { path: '/models/tiny.gguf' });
    const { jobId } = await h.backend.handle('summary.start', steered({}));
    const done = await h.waitFor('summary.done', jobId);
    expect(h.engine.requests[0]).toMatchObject({ mode: 'steered', style: 'shakespearean' });
    expect(done.payload.record.style).toBe('shakespearean');
    expect(done.payload.record.steering).toEqual({ method: 'caa', pairId: 'shakespearean/thou-art', layerStart: 2, layerEnd: 3, coefficient: 4 });
  });

  it.each([
    [{ layerStart: 1, layerEnd: 1 }, 'steering.invalid-layer', /steerable layers are 2–4 \(layer 1 is the residual after block 0, llama.cpp's direction\.0/],
    [{ layerStart: 3, layerEnd: 9 }, 'steering.invalid-layer', /it has 4 blocks/],
    [{ layerStart: 3, layerEnd: 2 }, 'steering.invalid-layer', /first layer \(3\) is after the last layer \(2\)/],
    [{ coefficient: 5000 }, 'steering.invalid-coefficient', /too large: use a value between −1000 and 1000/],
    [{ coefficient: Number.NaN }, 'ipc.invalid-args', /steering\.coefficient/],
    [{ pairId: 'shakespearean/nope' }, 'steering.invalid-pair', /has no pair "nope"/],
    [{ pairId: 'mine:olde' }, 'steering.invalid-pair', /no pair library "mine"/],
    [{ pairId: 'Not a reference!' }, 'steering.invalid-pair', /is not a pair reference/],
    [{ vectorPath: '/nowhere/v.gguf' }, 'steering.invalid-pair', /either a steering pair or a vector file/],
  ])('refuses a steered start with %o before any job runs', async (steering, code, message) => {
    h = await createHarness();
    await h.backend.handle('models.load', { path: '/models/tiny.gguf' });
    const error = await failure(h.backend.handle('summary.start', steered(steering)));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(h.engine.requests).toHaveLength(0);
  });

  it('checks a vector file against the loaded model and the method', async () => {
    h = await createHarness();
    await h.backend.handle('models.load', { path: '/models/tiny.gguf' });
    const file = path.join(h.dataDir, 'v.gguf');
    await writeControlVectorFile(file, { vectors: vector(64, [3]), modelHint: 'llama' });
    const noPair = { pairId: undefined, vectorPath: file };
    expect(await failure(h.backend.handle('summary.start', steered({ ...noPair, method: 'actadd' })))).toMatchObject({
      code: 'steering.invalid-pair',
      message: expect.stringMatching(/ActAdd needs a steering pair/),
    });
    expect(await failure(h.backend.handle('summary.start', steered({ ...noPair, layerStart: 4, layerEnd: 4 })))).toMatchObject({
      code: 'steering.invalid-layer',
      message: 'The vector file has no direction in layers 4–4 (it has layers 3).',
    });
    const small = path.join(h.dataDir, 'small.gguf');
    await writeControlVectorFile(small, { vectors: vector(16, [3]), modelHint: 'llama' });
    expect(await failure(h.backend.handle('summary.start', steered({ pairId: undefined, vectorPath: small })))).toMatchObject({
      code: 'steering.vector-mismatch',
    });

    const { jobId } = await h.backend.handle('summary.start', steered(noPair));
    const done = await h.waitFor('summary.done', jobId);
    expect(done.payload.record).toMatchObject({ style: 'v.gguf', steering: { vectorPath: file, method: 'caa', layerStart: 2, layerEnd: 3 } });
  });

  it('passes the vector and library kinds to the open dialog', async () => {
    h = await createHarness({ dialogs: answeringDialogs({ open: '/picked/file' }) });
    expect(await h.backend.handle('dialog.openFile', { kind: 'vector' })).toEqual({ handle: '/picked/file', name: 'file' });
    expect(await h.backend.handle('dialog.openFile', { kind: 'library' })).toEqual({ handle: '/picked/file', name: 'file' });
    expect(await failure(h.backend.handle('dialog.openFile', { kind: 'picture' }))).toMatchObject({ code: 'ipc.invalid-args' });
  });
});
