/**
 * The `settings.*` channels: what a window can read and change, what is kept where, and that the
 * choices reach model loading. The access token is write-only: no answer ever contains it.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppBackendOptions } from '../../../src-main/backend/app-backend';
import { toIpcErrorPayload } from '../../../src-main/ipc/ipc-error';
import { settingsFilePath } from '../../../src-main/backend/model-settings-file';
import { KeyValueSettingsStore } from '../../../src-main/backend/model-settings-store';
import { tinyGgufBytes } from '../../fixtures/models/sample-files';
import { createHarness, type Harness } from './backend-harness';
import { fakeCipher, mapStore } from './settings-fakes';

const TOKEN = 'hf_SecretToken123';

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return toIpcErrorPayload(error);
  }
  throw new Error('expected the call to fail');
}

const harnesses: Harness[] = [];
async function open(overrides: Partial<AppBackendOptions> = {}): Promise<Harness> {
  // No HF_ENDPOINT from the machine running the tests: the default must be the catalog's.
  const h = await createHarness({ ...overrides, models: { env: {}, gpu: false, ...overrides.models } });
  harnesses.push(h);
  return h;
}

afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.cleanup();
});

describe('settings channels: reading and changing', () => {
  it('answers the defaults on a fresh data folder', async () => {
    const h = await open();
    expect(await h.backend.handle('settings.get', {})).toEqual({
      hubEndpoint: null,
      effectiveHubEndpoint: 'https://huggingface.co',
      gpuLayers: 'auto',
      threads: null,
      contextSize: null,
      accessTokenOrigin: null,
      hasAccessToken: false,
      accessTokenSource: null,
      canSaveAccessToken: false,
    });
  });

  it('changes only the keys given, normalises the server address and keeps it in the data folder', async () => {
    const h = await open();
    const changed = await h.backend.handle('settings.set', { hubEndpoint: '  https://mirror.example.org/hf/ ', threads: 3 });
    expect(changed).toMatchObject({ hubEndpoint: 'https://mirror.example.org/hf', effectiveHubEndpoint: 'https://mirror.example.org/hf', threads: 3, gpuLayers: 'auto', contextSize: null });

    const again = await h.backend.handle('settings.set', { gpuLayers: 12 });
    expect(again).toMatchObject({ hubEndpoint: 'https://mirror.example.org/hf', threads: 3, gpuLayers: 12 });

    const file = JSON.parse(await fs.readFile(settingsFilePath(h.dataDir), 'utf8'));
    expect(file).toMatchObject({ hubEndpoint: 'https://mirror.example.org/hf', threads: 3, gpuLayers: 12 });

    // A second start on the same folder (the CLI, or the app after a restart) sees the same settings.
    const later = await open({ dataDir: h.dataDir });
    expect(await later.backend.handle('settings.get', {})).toMatchObject({ hubEndpoint: 'https://mirror.example.org/hf', threads: 3, gpuLayers: 12 });
  });

  it('goes back to the default server with an empty address, and to automatic choices with null', async () => {
    const h = await open();
    await h.backend.handle('settings.set', { hubEndpoint: 'http://127.0.0.1:9/', threads: 2, contextSize: 2048, gpuLayers: 'max' });
    const reset = await h.backend.handle('settings.set', { hubEndpoint: '', threads: null, contextSize: null, gpuLayers: 'auto' });
    expect(reset).toMatchObject({ hubEndpoint: null, effectiveHubEndpoint: 'https://huggingface.co', threads: null, contextSize: null, gpuLayers: 'auto' });
  });

  it('refuses a server address that is not a web address, saying why, and keeps the old one', async () => {
    const h = await open();
    await h.backend.handle('settings.set', { hubEndpoint: 'https://mirror.example.org' });
    for (const address of ['mirror dot org', 'ftp://mirror.example.org', 'file:///etc/passwd']) {
      const error = await failure(h.backend.handle('settings.set', { hubEndpoint: address, threads: 4 }));
      expect(error.code).toBe('settings.invalid-hub-endpoint');
      expect(error.message).toContain(address);
    }
    // Nothing of a refused change is kept, not even its valid parts.
    expect(await h.backend.handle('settings.get', {})).toMatchObject({ hubEndpoint: 'https://mirror.example.org', threads: null });
  });

  it('refuses out-of-range numbers, unknown keys and tokens with spaces, naming the field', async () => {
    const h = await open();
    const cases: [unknown, string][] = [
      [{ threads: 0 }, 'threads'],
      [{ contextSize: 100 }, 'contextSize'],
      [{ gpuLayers: -1 }, 'gpuLayers'],
      [{ gpuLayers: 'most' }, 'gpuLayers'],
      [{ accessToken: 'hf abc' }, 'accessToken'],
      [{ modelsDir: '/tmp' }, 'modelsDir'],
    ];
    for (const [args, field] of cases) {
      const error = await failure(h.backend.handle('settings.set', args));
      expect(error.code, JSON.stringify(args)).toBe('ipc.invalid-args');
      expect(error.message, JSON.stringify(args)).toContain(field);
    }
    expect(await h.backend.handle('settings.get', {})).toMatchObject({ threads: null, contextSize: null, gpuLayers: 'auto' });
  });

  it('starts with defaults when the settings file is broken, and a change replaces it', async () => {
    const h = await open();
    await fs.writeFile(settingsFilePath(h.dataDir), '{ this is not json');
    const fresh = await open({ dataDir: h.dataDir });
    expect(await fresh.backend.handle('settings.get', {})).toMatchObject({ hubEndpoint: null, gpuLayers: 'auto' });
    await fresh.backend.handle('settings.set', { contextSize: 8192 });
    expect(JSON.parse(await fs.readFile(settingsFilePath(h.dataDir), 'utf8'))).toMatchObject({ contextSize: 8192 });

    // Values of the wrong kind fall back one by one; the good ones stay.
    await fs.writeFile(settingsFilePath(h.dataDir), JSON.stringify({ threads: 'many', contextSize: 4096, gpuLayers: 7 }));
    const mixed = await open({ dataDir: h.dataDir });
    expect(await mixed.backend.handle('settings.get', {})).toMatchObject({ threads: null, contextSize: 4096, gpuLayers: 7 });
  });

  it('says so when the settings cannot be written, keeps the old ones and leaves no temporary file', async () => {
    const h = await open();
    await h.backend.handle('settings.set', { threads: 3 });
    const file = settingsFilePath(h.dataDir);
    // A folder where the file should be: the rename over it fails.
    await fs.rm(file);
    await fs.mkdir(path.join(file, 'inside'), { recursive: true });
    const error = await failure(h.backend.handle('settings.set', { threads: 5 }));
    expect(error.code).toBe('settings.not-saved');
    expect(error.message).toMatch(/^The settings could not be saved \(.+\)\.$/);
    expect(await h.backend.handle('settings.get', {})).toMatchObject({ threads: 3 });
    expect((await fs.readdir(path.dirname(file))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('lets the shell’s own server (the command line’s --hub) win over the saved one', async () => {
    const h = await open({ models: { hubEndpoint: 'http://127.0.0.1:4321' } });
    const view = await h.backend.handle('settings.set', { hubEndpoint: 'https://mirror.example.org' });
    expect(view.hubEndpoint).toBe('https://mirror.example.org');
    expect(view.effectiveHubEndpoint).toBe('http://127.0.0.1:4321');
  });
});

describe('settings channels: the access token', () => {
  it('saves the token only encrypted, never answers it, and forgets it on request', async () => {
    const store = mapStore();
    const h = await open({ settings: new KeyValueSettingsStore(store, fakeCipher()) });
    const view = await h.backend.handle('settings.set', { accessToken: `  ${TOKEN} ` });
    expect(view).toMatchObject({ hasAccessToken: true, accessTokenSource: 'saved', canSaveAccessToken: true });
    expect(JSON.stringify(view)).not.toContain(TOKEN);
    expect(JSON.stringify(await h.backend.handle('settings.get', {}))).not.toContain(TOKEN);

    const kept = [...store.values.values()].map((value) => JSON.stringify(value)).join(' ');
    expect(kept).not.toContain(TOKEN);
    expect(fakeCipher().decrypt(store.values.get('accessTokenEncrypted') as string)).toBe(TOKEN);

    // Another start with the same store finds it again.
    const later = await open({ dataDir: h.dataDir, settings: new KeyValueSettingsStore(store, fakeCipher()) });
    expect(await later.backend.handle('settings.get', {})).toMatchObject({ hasAccessToken: true, accessTokenSource: 'saved' });

    const cleared = await later.backend.handle('settings.set', { accessToken: null });
    expect(cleared).toMatchObject({ hasAccessToken: false, accessTokenSource: null });
    expect(store.values.has('accessTokenEncrypted')).toBe(false);
  });

  it('keeps a token for this session only where it cannot be saved safely, and never writes it to the file', async () => {
    const h = await open();
    const view = await h.backend.handle('settings.set', { accessToken: TOKEN, threads: 2 });
    expect(view).toMatchObject({ hasAccessToken: true, accessTokenSource: 'session', canSaveAccessToken: false });
    expect(await fs.readFile(settingsFilePath(h.dataDir), 'utf8')).not.toContain(TOKEN);

    const afterRestart = await open({ dataDir: h.dataDir });
    expect(await afterRestart.backend.handle('settings.get', {})).toMatchObject({ hasAccessToken: false, threads: 2 });
  });

  it('does not fall back to plain text when the keychain goes away, and drops the older saved token', async () => {
    const store = mapStore();
    const cipher = fakeCipher();
    const h = await open({ settings: new KeyValueSettingsStore(store, cipher) });
    await h.backend.handle('settings.set', { accessToken: 'hf_old' });
    cipher.available = false;
    const view = await h.backend.handle('settings.set', { accessToken: TOKEN });
    expect(view).toMatchObject({ hasAccessToken: true, accessTokenSource: 'session', canSaveAccessToken: false });
    expect(store.values.has('accessTokenEncrypted')).toBe(false);
    expect(JSON.stringify([...store.values.values()])).not.toContain(TOKEN);
  });

  it('uses the shell’s token (HF_TOKEN in a terminal) until the writer sets one', async () => {
    const h = await open({ models: { accessToken: () => 'hf_from_environment' } });
    expect(await h.backend.handle('settings.get', {})).toMatchObject({ hasAccessToken: true, accessTokenSource: 'environment' });
    expect(await h.backend.handle('settings.set', { accessToken: TOKEN })).toMatchObject({ accessTokenSource: 'session' });
    expect(await h.backend.handle('settings.set', { accessToken: '' })).toMatchObject({ accessTokenSource: 'environment' });
  });

  it('treats a saved token that cannot be decrypted as no token', async () => {
    const store = mapStore();
    store.values.set('accessTokenEncrypted', 'written-by-another-keychain');
    const h = await open({ settings: new KeyValueSettingsStore(store, fakeCipher()) });
    expect(await h.backend.handle('settings.get', {})).toMatchObject({ hasAccessToken: false, accessTokenSource: null });
  });
});

describe('settings channels: model loading', () => {
  it('loads models with the saved context size, GPU layers and threads; an explicit context size wins', async () => {
    const h = await open();
    await h.backend.handle('models.load', { path: '/models/plain.gguf' });
    await h.backend.handle('settings.set', { gpuLayers: 'max', threads: 2, contextSize: 4096 });
    await h.backend.handle('models.load', { path: '/models/tiny.gguf' });
    await h.backend.handle('models.load', { path: '/models/tiny.gguf', contextSize: 1024 });
    await h.backend.handle('settings.set', { gpuLayers: 0, threads: null, contextSize: null });
    await h.backend.handle('models.load', { path: '/models/tiny.gguf' });
    expect(h.engine.loads.map((load) => load.options)).toEqual([
      undefined,
      { contextSize: 4096, gpuLayers: 'max', threads: 2 },
      { contextSize: 1024, gpuLayers: 'max', threads: 2 },
      { gpuLayers: 0 },
    ]);
  });

  it('uses the same settings when an installed model is chosen by id', async () => {
    const h = await open();
    await fs.mkdir(path.join(h.dataDir, 'models'), { recursive: true });
    const file = path.join(h.dataDir, 'models', 'tiny-settings.gguf');
    await fs.writeFile(file, tinyGgufBytes());
    await h.backend.handle('settings.set', { gpuLayers: 5, contextSize: 2048 });
    const model = await h.backend.handle('models.use', { id: 'tiny-settings' });
    expect(model.path).toBe(file);
    expect(h.engine.loads).toEqual([{ path: file, options: { contextSize: 2048, gpuLayers: 5 } }]);
  });
});
