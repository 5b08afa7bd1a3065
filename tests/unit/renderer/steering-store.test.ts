/**
 * The steering store's rules: what blocks a steered summary (in the writer's words) and how the
 * layer choice is kept within the loaded model's steerable layers.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { libraryList, steeringInfo, vectorFile } from './payloads';
import { installBridge, type ScriptedBridge } from './scripted-bridge';

const STORAGE_KEY = 'steerling.steering.v1';

let bridge: ScriptedBridge;

/** A fresh store, as a new window makes it from what localStorage holds. */
async function freshSteering(stored?: Record<string, unknown>) {
  vi.resetModules();
  localStorage.clear();
  if (stored) localStorage.setItem(STORAGE_KEY, JSON.stringify(stored));
  const { steering } = await import('../../../src-renderer/stores/steering.svelte');
  return steering;
}

/** A fresh store after the loaded model's steering facts and the pair libraries have come in. */
async function loadedSteering(stored?: Record<string, unknown>) {
  const steering = await freshSteering(stored);
  await steering.load();
  return steering;
}

beforeEach(() => {
  bridge = installBridge();
  bridge.always('steering.info', steeringInfo);
  bridge.always('libraries.list', libraryList);
});

describe('steering blocker', () => {
  it('lets the model\'s suggested settings through', async () => {
    const steering = await loadedSteering();
    expect(steering.method).toBe('caa');
    expect([steering.layerStart, steering.layerEnd, steering.coefficient]).toEqual([3, 4, 6]);
    expect(steering.blocker()).toBeNull();
    expect(steering.request()).toEqual({ method: 'caa', layerStart: 3, layerEnd: 4, coefficient: 6, pairId: 'shakespearean' });
  });

  it('asks for a pair until the libraries are known, and for one that exists', async () => {
    const steering = await freshSteering();
    expect(steering.blocker()).toBe('Choose a steering pair.');
    await steering.load();
    steering.styleId = 'no-such-style';
    expect(steering.blocker()).toBe('Choose a steering pair.');
  });

  it('asks for a strength, within the model\'s bound', async () => {
    const steering = await loadedSteering();
    steering.coefficient = Number.NaN;
    expect(steering.blocker()).toBe('Set a steering strength.');
    steering.coefficient = -101;
    expect(steering.blocker()).toBe('The steering strength must be between −100 and 100.');
    steering.coefficient = -100;
    expect(steering.blocker()).toBeNull();
  });

  it('asks for layers inside the steerable ones, the first not after the last', async () => {
    const steering = await loadedSteering();
    steering.layerStart = 1;
    expect(steering.blocker()).toBe('Choose layers between 2 and 6.');
    steering.layerStart = 5;
    steering.layerEnd = 7;
    expect(steering.blocker()).toBe('Choose layers between 2 and 6.');
    steering.layerEnd = 4;
    expect(steering.blocker()).toBe('Choose layers between 2 and 6.');
    steering.range = false;
    expect(steering.blocker()).toBeNull();
  });

  it('asks for a usable vector file when steering with one', async () => {
    const steering = await loadedSteering();
    steering.source = 'vector';
    expect(steering.blocker()).toBe('Load a control-vector file, or steer with a pair.');

    bridge.always('vectors.inspect', ({ path }) => vectorFile(path, { ok: false, message: 'Made for a 4096-wide model.' }));
    await steering.useVector('/vectors/other-model.gguf');
    expect(steering.blocker()).toBe('That vector file does not fit the loaded model.');

    bridge.always('vectors.inspect', ({ path }) => vectorFile(path, { ok: true, message: 'Fits.' }));
    await steering.useVector('/vectors/fits.gguf');
    expect(steering.blocker()).toBeNull();
    steering.method = 'actadd';
    expect(steering.blocker()).toBe('ActAdd needs a steering pair; choose another method for a vector file.');
  });

  it('refuses a vector file that could not be read', async () => {
    const steering = await loadedSteering();
    const using = steering.useVector('/vectors/broken.gguf');
    await bridge.fail('vectors.inspect', { code: 'vector.unreadable', message: 'Not a GGUF file.' });
    await using;
    expect(steering.vectorError?.message).toBe('Not a GGUF file.');
    expect(steering.blocker()).toBe('That vector file cannot be used.');
  });

  it('moves ActAdd to CAA when a vector file is chosen, and says why', async () => {
    const steering = await loadedSteering();
    steering.method = 'actadd';
    bridge.always('vectors.inspect', ({ path }) => vectorFile(path, { ok: true, message: 'Fits.' }));
    await steering.useVector('/vectors/fits.gguf');
    expect(steering.method).toBe('caa');
    expect(steering.methodNote).toMatch(/ActAdd needs a steering pair/);
  });
});

describe('steering layer clamping', () => {
  it('brings stored layers inside the loaded model\'s steerable layers', async () => {
    const steering = await loadedSteering({ source: 'pair', libraryId: 'builtin', styleId: 'shakespearean', pairId: '', method: 'caa', range: true, layerStart: 14, layerEnd: 30, coefficient: 4 });
    expect([steering.layerStart, steering.layerEnd]).toEqual([6, 6]);
    expect(steering.blocker()).toBeNull();
  });

  it('keeps the last layer from coming before the first, and rounds to whole layers', async () => {
    const steering = await loadedSteering();
    steering.layerStart = 4.6;
    steering.layerEnd = 3;
    steering.clampLayers();
    expect([steering.layerStart, steering.layerEnd]).toEqual([5, 5]);
    steering.layerStart = 0;
    steering.layerEnd = 99;
    steering.clampLayers();
    expect([steering.layerStart, steering.layerEnd]).toEqual([2, 6]);
  });

  it('fills an emptied field with the lowest layer, and a single layer ends where it starts', async () => {
    const steering = await loadedSteering();
    (steering as { layerStart: unknown }).layerStart = '';
    steering.range = false;
    steering.layerEnd = 6;
    steering.clampLayers();
    expect([steering.layerStart, steering.layerEnd]).toEqual([2, 2]);
  });

  it('keeps Mistral-7B\'s layers until a model says otherwise', async () => {
    const steering = await freshSteering({ layerStart: 40, layerEnd: 50, range: true });
    steering.clampLayers();
    expect(steering.bounds).toEqual({ min: 2, max: 32 });
    expect([steering.layerStart, steering.layerEnd]).toEqual([32, 32]);
  });

  it('ignores stored values of the wrong kind, and keeps what the writer chose over the model\'s defaults', async () => {
    const steering = await loadedSteering({ method: 'telepathy', layerStart: 'five', layerEnd: 5, range: true, coefficient: 9, prompt: 'styled' });
    expect(steering.method).toBe('caa');
    expect([steering.layerStart, steering.layerEnd]).toEqual([6, 6]);
    expect(steering.coefficient).toBe(9);
    expect(steering.request()).toEqual({ method: 'caa', layerStart: 6, layerEnd: 6, coefficient: 9, prompt: 'styled', pairId: 'shakespearean' });
  });
});
