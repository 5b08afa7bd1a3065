import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalEngine } from '../../../src-main/core/engine';
import { writeGguf } from '../../fixtures/gguf/gguf-writer';
import { buildTinyModelSpec, createTinyModel, TINY_MODEL_CACHE_DIR, writeTinyModel } from '../../fixtures/gguf/tiny-model';
import { collect, doneOf, request, THREADS } from './helpers';

describe('model files the engine refuses', () => {
  let engine: LocalEngine;
  let modelPath: string;
  const dir = join(TINY_MODEL_CACHE_DIR, 'refused');

  beforeAll(async () => {
    modelPath = await createTinyModel();
    engine = new LocalEngine({ gpu: false, threads: THREADS });
    await engine.loadModel(modelPath, { contextSize: 1024 });
  });
  afterAll(async () => {
    await engine?.dispose();
  });

  async function expectRefused(path: string, message: RegExp) {
    await expect(engine.loadModel(path)).rejects.toMatchObject({ name: 'EngineError', code: 'model-load-failed', message: expect.stringMatching(message) });
    // Nothing was lost: the previous model is still loaded and still writes.
    expect(engine.currentModel()?.path).toBe(modelPath);
    expect(doneOf(await collect(engine.summarize(request({}, { maxTokens: 3 })))).stats.outputTokens).toBe(3);
  }

  it('refuses a half-downloaded model', async () => {
    const bytes = readFileSync(modelPath);
    const path = join(dir, 'half.gguf');
    writeGguf(path, { metadata: [], tensors: [] }); // creates the folder
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expectRefused(path, /incomplete: it holds (49|50)% of the model's data/);
  });

  it('refuses a model of another architecture', async () => {
    const spec = buildTinyModelSpec();
    spec.metadata.find((m) => m.key === 'general.architecture')!.value = 'bert';
    const path = join(dir, 'bert.gguf');
    writeTinyModel(spec, path);
    await expectRefused(path, /"bert" model.*llama-architecture/);
  });

  it('refuses a control-vector file with a pointer to where it belongs', async () => {
    const path = join(dir, 'vector.gguf');
    writeGguf(path, {
      metadata: [
        { key: 'general.architecture', type: 'string', value: 'controlvector' },
        { key: 'controlvector.model_hint', type: 'string', value: 'llama' },
        { key: 'controlvector.layer_count', type: 'u32', value: 1 },
      ],
      tensors: [{ name: 'direction.1', shape: [64], type: 'F32', data: new Float32Array(64).fill(0.1) }],
    });
    await expectRefused(path, /steering \(control-vector\) file, not a model/);
  });

  it('refuses a model without its layer count', async () => {
    const spec = buildTinyModelSpec();
    spec.metadata = spec.metadata.filter((m) => m.key !== 'llama.block_count');
    const path = join(dir, 'no-layers.gguf');
    writeTinyModel(spec, path);
    await expectRefused(path, /missing its layer count/);
  });

  it('replaces the loaded model with a new one', async () => {
    const path = join(dir, 'copy.gguf');
    copyFileSync(await createTinyModel({ nLayer: 2 }), path);
    const info = await engine.loadModel(path, { contextSize: 512 });
    expect(info).toMatchObject({ id: 'copy', nLayer: 2, contextSize: 512 });
    expect(doneOf(await collect(engine.summarize(request({}, { maxTokens: 2 })))).stats.outputTokens).toBe(2);
    await engine.loadModel(modelPath, { contextSize: 1024 });
  });
});
