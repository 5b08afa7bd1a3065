/**
 * The side addon against the real prebuilt node-llama-cpp: it resolves llama.cpp from the loaded
 * libraries, and anything that is not the expected native layout fails with a clear error, never
 * a crash.
 */
import { dirname } from 'node:path';
import type { LlamaContext } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSharedLlama } from '../../../src-main/core/engine/llama';
import { SteeringError } from '../../../src-main/core/steering/errors';
import {
  loadSteeringAddon,
  PINNED_NODE_LLAMA_CPP,
  setSteeringAddonPath,
  SteeringBridge,
  steeringAddonPath,
} from '../../../src-main/core/steering/native/index';
import { createTinyModel } from '../../fixtures/gguf/tiny-model';
import { loadForSteering, type Loaded } from './helpers';

let loaded: Loaded;
beforeAll(async () => {
  loaded = await loadForSteering(await createTinyModel());
});
afterAll(async () => {
  await loaded?.dispose();
});

async function steeringError(run: () => unknown): Promise<SteeringError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(SteeringError);
    return error as SteeringError;
  }
  throw new Error('no error');
}

describe('steering addon', () => {
  it('runs next to the prebuilt node-llama-cpp binaries (the llama.cpp source checkout never builds one)', async () => {
    const llama = await getSharedLlama({ gpu: false });
    expect(llama.buildType).toBe('prebuilt');
    expect(loadSteeringAddon().compiledAgainst).toBe(PINNED_NODE_LLAMA_CPP);
  });

  it('resolves llama.cpp and ggml from the libraries node-llama-cpp loaded for this context', () => {
    const bridge = SteeringBridge.open(loaded.context);
    expect(bridge.nEmbd).toBe(64);
    expect(bridge.nLayer).toBe(4);
    expect(bridge.info.addonImage).toMatch(/llama-addon\.node$/);
    expect(dirname(bridge.info.llamaImage)).toBe(dirname(bridge.info.addonImage));
    expect(bridge.info.llamaImage).toMatch(/libllama/);
    expect(bridge.info.ggmlBaseImage).toMatch(/ggml-base/);
  });

  it('refuses objects that are not node-llama-cpp contexts, without crashing', async () => {
    expect((await steeringError(() => SteeringBridge.open({} as LlamaContext))).code).toBe('addon-incompatible');
    const addon = loadSteeringAddon();
    const internals = loaded.context as unknown as { _ctx: object; model: { _model: object } };
    const nativeModel = internals.model._model;
    const nativeContext = internals._ctx;
    // The model's native object where the context's belongs: type check, not a crash.
    expect(() => addon.describe({ context: nativeModel, model: nativeModel, sequences: 1, batchSize: 512 })).toThrow(/AddonContext\/AddonModel/);
    expect(() => addon.describe({ context: {}, model: nativeModel, sequences: 1, batchSize: 512 })).toThrow(/not a native node-llama-cpp object/);
    // Right objects, but facts that disagree with the native layout.
    expect(() => addon.describe({ context: nativeContext, model: nativeModel, sequences: 7, batchSize: 512 })).toThrow(/context parameters differ/);
    const other = await loadForSteering(await createTinyModel({ seed: 2 }));
    try {
      const otherModel = (other.context as unknown as { model: { _model: object } }).model._model;
      expect(() => addon.describe({ context: nativeContext, model: otherModel, sequences: 1, batchSize: 512 })).toThrow(/does not point at the model/);
    } finally {
      await other.dispose();
    }
  });

  it('reports invalid input from the native side as errors and keeps working', async () => {
    const bridge = SteeringBridge.open(loaded.context);
    expect((await steeringError(() => bridge.captureResiduals([999_999], [1]))).message).toMatch(/llama_decode failed/);
    expect((await steeringError(() => bridge.captureResiduals([1, 2], [9]))).message).toMatch(/block index in 0\.\.3/);
    expect((await steeringError(() => bridge.captureResiduals([], [1]))).message).toMatch(/non-empty tokens/);
    expect(
      (await steeringError(() => bridge.setControlVector({ data: new Float32Array(10), ilStart: 1, ilEnd: 1 }))).message,
    ).toMatch(/whole layers/);
    expect(
      (await steeringError(() => bridge.setControlVector({ data: new Float32Array(64 * 3), ilStart: 0, ilEnd: 2 }))).message,
    ).toMatch(/outside 1\.\.3/);
    const nan = new Float32Array(64 * 3);
    nan[5] = Number.NaN;
    expect((await steeringError(() => bridge.setControlVector({ data: nan, ilStart: 1, ilEnd: 3 }))).message).toMatch(/non-finite/);
    const [residual] = await bridge.captureResiduals([1, 2, 3], [1]);
    expect(residual.length).toBe(3 * 64);
  });

  it('refuses a context that has been closed, before and after the bridge was opened', async () => {
    const other = await loadForSteering(await createTinyModel());
    const bridge = SteeringBridge.open(other.context);
    await other.context.dispose();
    try {
      for (const error of [
        await steeringError(() => SteeringBridge.open(other.context)),
        await steeringError(() => bridge.setControlVector(null)),
        await steeringError(() => bridge.captureResiduals([1, 2], [1])),
      ]) {
        expect(error.code).toBe('native-failed');
        expect(error.message).toBe('The model context has been closed.');
      }
    } finally {
      await other.dispose();
    }
  });

  it('says how to build the addon when it is missing', async () => {
    const real = steeringAddonPath();
    try {
      setSteeringAddonPath('/nonexistent/steerling_steering.node');
      const error = await steeringError(() => loadSteeringAddon());
      expect(error.code).toBe('addon-missing');
      expect(error.message).toMatch(/npm run build:native/);
    } finally {
      setSteeringAddonPath(real);
    }
    expect(loadSteeringAddon().compiledAgainst).toBe(PINNED_NODE_LLAMA_CPP);
  });
});
