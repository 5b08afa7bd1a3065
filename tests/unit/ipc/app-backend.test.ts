import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listStyles } from '../../../src-main/core/engine';
import type { ModelInfo } from '../../../src-main/core/engine/types';
import type { RequestChannel } from '../../../src-main/ipc/contract';
import { toIpcErrorPayload } from '../../../src-main/ipc/ipc-error';
import { answeringDialogs, createHarness, type Harness } from './backend-harness';
import { ScriptedEngine } from './scripted-engine';

/** The payload the shell would send back for a rejected call. */
async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return toIpcErrorPayload(error);
  }
  throw new Error('expected the call to fail');
}

describe('app backend: validation and dispatch', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.cleanup();
  });

  it('answers app.info with the shell, version, data folder and the engine styles', async () => {
    h = await createHarness();
    const info = await h.backend.handle('app.info', {});
    expect(info).toEqual({
      version: '9.8.7',
      shell: 'bridge',
      dataDir: h.dataDir,
      styles: listStyles().map(({ id, label }) => ({ id, label })),
      // A fresh data folder: no model installed, none loaded.
      firstRun: true,
    });
    expect(info.styles.length).toBeGreaterThan(0);
  });

  it('rejects an unknown channel with a typed error naming it', async () => {
    h = await createHarness();
    const error = await failure(h.backend.handle('files.delete' as RequestChannel, {}));
    expect(error.code).toBe('ipc.unknown-channel');
    expect(error.message).toContain('files.delete');
  });

  it('rejects arguments that break the schema, saying which field and why', async () => {
    h = await createHarness();
    const badLimit = await failure(h.backend.handle('history.list', { limit: 0 }));
    expect(badLimit.code).toBe('ipc.invalid-args');
    expect(badLimit.message).toContain('history.list');
    expect(badLimit.message).toContain('limit');

    const bytesAsArray = await failure(h.backend.handle('articles.importBytes', { name: 'a.txt', bytes: [104, 105] }));
    expect(bytesAsArray.code).toBe('ipc.invalid-args');
    expect(bytesAsArray.message).toContain('bytes');

    const missing = await failure(h.backend.handle('models.load', undefined));
    expect(missing.code).toBe('ipc.invalid-args');
    expect(missing.message).toContain('path');
  });

  it('applies the schema defaults before dispatching', async () => {
    h = await createHarness();
    await expect(h.backend.handle('history.list', {})).resolves.toEqual({ items: [], total: 0, capped: false });
  });

  it('imports pasted text and files through the real article importers', async () => {
    h = await createHarness();
    const pasted = await h.backend.handle('articles.fromText', { text: 'One two three.\n\nFour five.', title: 'Counting' });
    expect(pasted).toMatchObject({ title: 'Counting', format: 'pasted', wordCount: 5 });
    expect(pasted.text).toContain('Four five.');

    const file = path.join(h.dataDir, 'river.txt');
    await fs.writeFile(file, 'River levels rose overnight.\n\nResidents were warned.\n');
    const imported = await h.backend.handle('articles.importPath', { path: file });
    expect(imported.format).toBe('txt');
    expect(imported.text).toContain('Residents were warned.');

    const bytes = new TextEncoder().encode('Bytes arrive from the browser.\n');
    const fromBytes = await h.backend.handle('articles.importBytes', { name: 'drop.txt', bytes });
    expect(fromBytes.text).toContain('Bytes arrive from the browser.');
  });

  it("passes an importer's error through with its code and writer-facing message", async () => {
    h = await createHarness();
    const missing = await failure(h.backend.handle('articles.importPath', { path: path.join(h.dataDir, 'nope.txt') }));
    expect(missing.code).toMatch(/^articles\./);
    expect(missing.message.length).toBeGreaterThan(10);

    const empty = await failure(h.backend.handle('articles.fromText', { text: '   \n ' }));
    expect(empty.code).toBe('articles.empty');
  });

  it('loads a model with its context size, reports it, and tells the shell', async () => {
    const loaded: ModelInfo[] = [];
    const engine = new ScriptedEngine();
    h = await createHarness({ engine, onModelLoaded: (model) => loaded.push(model) });
    expect(await h.backend.handle('models.current', {})).toBeNull();

    const model = await h.backend.handle('models.load', { path: '/models/tiny.gguf', contextSize: 1024 });
    expect(engine.loads).toEqual([{ path: '/models/tiny.gguf', options: { contextSize: 1024 } }]);
    expect(model).toMatchObject({ id: 'tiny', contextSize: 1024 });
    expect(loaded).toEqual([model]);
    expect(await h.backend.handle('models.current', {})).toEqual(model);

    const refused = await failure(h.backend.handle('models.load', { path: '/models/notes.txt' }));
    expect(refused).toEqual({ code: 'engine.model-load-failed', message: '"notes.txt" is not a GGUF model file.' });
    expect(loaded).toHaveLength(1);
  });

  it('answers dialogs from the shell, with null for a cancelled dialog', async () => {
    h = await createHarness({ dialogs: answeringDialogs({ save: '/out/summary.md', open: null }) });
    // The trusted (CLI) path access hands the path itself out as the handle.
    expect(await h.backend.handle('dialog.saveFile', { defaultName: 'summary', format: 'md' })).toEqual({
      handle: '/out/summary.md',
      name: 'summary.md',
    });
    expect(await h.backend.handle('dialog.openFile', { kind: 'model' })).toBeNull();
  });

  it('forwards engine state changes as engine.state events and stops on dispose', async () => {
    const engine = new ScriptedEngine();
    h = await createHarness({ engine });
    engine.emitState({ state: 'crashed', message: 'The engine stopped unexpectedly.', restarting: true });
    engine.emitState({ state: 'ready', model: null });
    expect(h.events).toEqual([
      { event: 'engine.state', payload: { state: 'crashed', message: 'The engine stopped unexpectedly.', restarting: true } },
      { event: 'engine.state', payload: { state: 'ready', model: null } },
    ]);
    await h.backend.dispose();
    expect(engine.stateListenerCount).toBe(0);
    expect(engine.disposed).toBe(true);
    const afterDispose = await failure(h.backend.handle('app.info', {}));
    expect(afterDispose.message).toContain('shutting down');
  });
});
