/**
 * The two settings stores on their own: the JSON file shared with the app (bridge, CLI), and the
 * key-value store the app puts over electron-store with the OS keychain.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JsonSettingsFile, settingsFilePath } from '../../../src-main/backend/model-settings-file';
import { DEFAULT_MODEL_SETTINGS } from '../../../src-main/ipc/settings-schema';
import { ENCRYPTED_TOKEN_KEY, KeyValueSettingsStore } from '../../../src-main/backend/model-settings-store';
import { fakeCipher, mapStore } from './settings-fakes';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'steerling-settings-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('JSON settings file', () => {
  it('reads defaults where there is no file, and creates the folder on the first write', async () => {
    const file = new JsonSettingsFile(settingsFilePath(path.join(dir, 'not-yet')));
    expect(file.read()).toEqual(DEFAULT_MODEL_SETTINGS);
    file.write({ ...DEFAULT_MODEL_SETTINGS, threads: 6 });
    expect(new JsonSettingsFile(file.path).read()).toEqual({ ...DEFAULT_MODEL_SETTINGS, threads: 6 });
    // Written beside and renamed: no temporary file is left behind.
    expect(await fs.readdir(path.join(dir, 'not-yet'))).toEqual(['model-settings.json']);
  });

  it('keeps what the app wrote into the same file (its encrypted token), and never writes a token itself', async () => {
    const filePath = settingsFilePath(dir);
    await fs.writeFile(filePath, JSON.stringify({ [ENCRYPTED_TOKEN_KEY]: 'enc:opaque', hubEndpoint: 'https://mirror.example.org', __internal__: { migrations: {} } }));
    const file = new JsonSettingsFile(filePath);
    expect(file.read().hubEndpoint).toBe('https://mirror.example.org');
    expect(file.readAccessToken()).toBeNull();
    expect(file.writeAccessToken()).toBe(false);
    file.write({ ...file.read(), contextSize: 4096 });
    expect(JSON.parse(await fs.readFile(filePath, 'utf8'))).toEqual({
      [ENCRYPTED_TOKEN_KEY]: 'enc:opaque',
      __internal__: { migrations: {} },
      hubEndpoint: 'https://mirror.example.org',
      gpuLayers: 'auto',
      threads: null,
      contextSize: 4096,
      accessTokenOrigin: null,
    });
  });

  it('treats a file holding something other than an object as empty', async () => {
    await fs.writeFile(settingsFilePath(dir), '[1, 2, 3]');
    expect(new JsonSettingsFile(settingsFilePath(dir)).read()).toEqual(DEFAULT_MODEL_SETTINGS);
  });
});

describe('key-value settings store', () => {
  it('round-trips each setting and drops values of the wrong kind to their default', () => {
    const values = mapStore();
    const store = new KeyValueSettingsStore(values, fakeCipher());
    const settings = { hubEndpoint: 'https://mirror.example.org', gpuLayers: 'max', threads: 4, contextSize: 8192, accessTokenOrigin: 'https://mirror.example.org' } as const;
    store.write(settings);
    expect(store.read()).toEqual(settings);
    values.set('threads', -3);
    values.set('gpuLayers', 'everything');
    expect(store.read()).toMatchObject({ threads: null, gpuLayers: 'auto', contextSize: 8192 });
  });

  it('saves the token only when the keychain can encrypt it', async () => {
    const values = mapStore();
    const cipher = fakeCipher(false);
    const store = new KeyValueSettingsStore(values, cipher);
    expect(await store.canSaveAccessToken()).toBe(false);
    expect(await store.writeAccessToken('hf_abc')).toBe(false);
    expect(values.values.size).toBe(0);

    cipher.available = true;
    expect(await store.canSaveAccessToken()).toBe(true);
    expect(await store.writeAccessToken('hf_abc')).toBe(true);
    expect(values.values.get(ENCRYPTED_TOKEN_KEY)).not.toContain('hf_abc');
    expect(await store.readAccessToken()).toBe('hf_abc');
    // Without the keychain the saved token cannot be read back, and is not guessed at.
    cipher.available = false;
    expect(await store.readAccessToken()).toBeNull();
  });

  it('has no token to offer without a cipher at all', async () => {
    const values = mapStore();
    values.set(ENCRYPTED_TOKEN_KEY, 'enc:whatever');
    const store = new KeyValueSettingsStore(values, null);
    expect(await store.readAccessToken()).toBeNull();
    expect(await store.canSaveAccessToken()).toBe(false);
  });
});
