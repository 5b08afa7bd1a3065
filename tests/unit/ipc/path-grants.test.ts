/**
 * The app's and the bridge's file channels accept only what their own dialogs (or a drop) granted:
 * a path the page makes up is refused before anything is read or written.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DialogProvider } from '../../../src-main/backend/backend';
import { requestSchemas, type RequestArgs, type RequestChannel } from '../../../src-main/ipc/contract';
import { PATH_RULES } from '../../../src-main/backend/request-paths';
import { toIpcErrorPayload } from '../../../src-main/ipc/ipc-error';
import { PathGrants } from '../../../src-main/backend/path-access';
import { vectorFolder } from '../../../src-main/backend/steering-folders';
import { createHarness, sampleArticle, sampleSampling, type Harness } from './backend-harness';

const failure = (promise: Promise<unknown>) => promise.then(() => ({ code: 'none', message: '' }), toIpcErrorPayload);

/** Dialogs whose next answer a test sets. */
function settableDialogs(): DialogProvider & { next: { save: string | null; open: string | null } } {
  const next = { save: null as string | null, open: null as string | null };
  return {
    next,
    saveFile: async () => next.save,
    confirmHubChange: async () => false,
    openFile: async () => next.open,
  };
}

describe('path grants: the file channels take only chosen files', () => {
  let h: Harness;
  let dialogs: ReturnType<typeof settableDialogs>;
  let clock = 0;
  afterEach(async () => {
    await h?.cleanup();
  });

  async function open(): Promise<void> {
    dialogs = settableDialogs();
    clock = 1_000;
    h = await createHarness({ dialogs, paths: new PathGrants({ now: () => clock, oneTimeMs: 60_000 }) });
  }
  async function chooseToSave(file: string): Promise<string> {
    dialogs.next.save = file;
    return (await h.backend.handle('dialog.saveFile', { defaultName: path.basename(file), format: 'md' }))!.handle;
  }
  async function chooseToOpen(file: string, kind: 'article' | 'model' | 'vector' | 'library' = 'article'): Promise<string> {
    dialogs.next.open = file;
    return (await h.backend.handle('dialog.openFile', { kind }))!.handle;
  }

  const forged = (dir: string) => path.join(dir, 'victim.txt');
  const writes: { channel: RequestChannel; args: (file: string) => object }[] = [
    { channel: 'history.export', args: (file) => ({ ids: ['x'], format: 'md', path: file }) },
    { channel: 'history.exportFolder', args: (file) => ({ ids: ['x'], format: 'md', path: file }) },
    { channel: 'libraries.export', args: (file) => ({ id: 'builtin', path: file }) },
    { channel: 'compare.export', args: (file) => ({ id: 'x', path: file }) },
    { channel: 'sweep.export', args: (file) => ({ sweepId: 'x', format: 'csv', path: file }) },
    { channel: 'vectors.build', args: (file) => ({ style: 'noir', layerStart: 1, layerEnd: 1, path: file, overwrite: true }) },
  ];
  const reads: { channel: RequestChannel; args: (file: string) => object }[] = [
    { channel: 'articles.importPath', args: (file) => ({ path: file }) },
    { channel: 'models.load', args: (file) => ({ path: file }) },
    { channel: 'models.import', args: (file) => ({ path: file }) },
    { channel: 'libraries.import', args: (file) => ({ path: file }) },
    { channel: 'batch.start', args: (file) => ({ files: [file], mode: 'plain', sampling: sampleSampling }) },
    { channel: 'vectors.inspect', args: (file) => ({ path: file }) },
    {
      channel: 'summary.start',
      args: (file) => ({
        article: sampleArticle,
        mode: 'steered',
        style: 'noir',
        sampling: sampleSampling,
        steering: { method: 'caa', vectorPath: file, layerStart: 1, layerEnd: 1, coefficient: 2 },
      }),
    },
    {
      channel: 'compare.start',
      args: (file) => ({
        article: sampleArticle,
        sampling: sampleSampling,
        configs: [{ id: 'a', mode: 'steered', style: 'noir', steering: { method: 'caa', vectorPath: file, layerStart: 1, layerEnd: 1, coefficient: 2 } }],
      }),
    },
    { channel: 'probe.start', args: (file) => ({ text: 'The bridge reopened.', steering: { method: 'caa', vectorPath: file, layerStart: 1, layerEnd: 1, coefficient: 2 } }) },
    { channel: 'sweep.start', args: (file) => ({ article: sampleArticle, style: 'noir', vectorPath: file, methods: ['caa'], layers: [1], coefficients: [1], sampling: sampleSampling }) },
  ];

  it.each([...writes, ...reads])('$channel refuses a path the page made up, touching nothing', async ({ channel, args }) => {
    await open();
    const victim = forged(h.dataDir);
    await fs.writeFile(victim, 'keep me');
    const refused = await failure(h.backend.handle(channel, args(victim) as RequestArgs<typeof channel>));
    expect(refused.code).toBe('path.not-granted');
    expect(refused.message).toMatch(/only (saves|opens) .*chosen/);
    expect(await fs.readFile(victim, 'utf8')).toBe('keep me');
    expect(h.engine.loads).toEqual([]);
  });

  it.each(writes)('$channel takes a save handle once, and not for reading', async ({ channel, args }) => {
    await open();
    const target = path.join(h.dataDir, 'chosen.gguf');
    const handle = await chooseToSave(target);
    // The handle names the file for display, never the folder.
    expect(handle).toMatch(/^file-grant:[\w-]+\/chosen\.gguf$/);
    expect((await failure(h.backend.handle('articles.importPath', { path: handle }))).code).toBe('path.not-granted');
    const first = await failure(h.backend.handle(channel, args(handle) as RequestArgs<typeof channel>));
    expect(first.code).not.toMatch(/^path\./);
    const again = await failure(h.backend.handle(channel, args(handle) as RequestArgs<typeof channel>));
    expect(again.code).toBe('path.not-granted');
  });

  it.each(reads)('$channel takes an open handle past the check', async ({ channel, args }) => {
    await open();
    const file = path.join(h.dataDir, 'chosen.gguf');
    await fs.writeFile(file, 'not really a model');
    const handle = await chooseToOpen(file, channel === 'vectors.inspect' || channel.endsWith('.start') ? 'vector' : 'model');
    const result = await failure(h.backend.handle(channel, args(handle) as RequestArgs<typeof channel>));
    expect(result.code).not.toMatch(/^path\./);
  });

  it('exports history to the chosen file, once', async () => {
    await open();
    const { jobId } = await h.backend.handle('summary.start', { article: sampleArticle, mode: 'plain', sampling: sampleSampling });
    const id = (await h.waitFor('summary.done', jobId)).payload.record.id;
    const target = path.join(h.dataDir, 'summary.md');
    const handle = await chooseToSave(target);
    const written = await h.backend.handle('history.export', { ids: [id], format: 'md', path: handle });
    expect(written.path).toBe(target);
    expect(await fs.readFile(target, 'utf8')).toContain(sampleArticle.title);
    await fs.rm(target);
    expect((await failure(h.backend.handle('history.export', { ids: [id], format: 'md', path: handle }))).code).toBe('path.not-granted');
    await expect(fs.access(target)).rejects.toThrow();
  });

  it('imports a chosen article once; a second import needs a new choice', async () => {
    await open();
    const file = path.join(h.dataDir, 'river.txt');
    await fs.writeFile(file, 'River levels rose overnight.\n\nResidents were warned.\n');
    const handle = await chooseToOpen(file);
    expect((await h.backend.handle('articles.importPath', { path: handle })).text).toContain('Residents were warned.');
    expect((await failure(h.backend.handle('articles.importPath', { path: handle }))).code).toBe('path.not-granted');
  });

  it('loads a chosen model with the real path behind its handle', async () => {
    await open();
    const handle = await chooseToOpen('/models/tiny.gguf', 'model');
    await h.backend.handle('models.load', { path: handle });
    expect(h.engine.loads.map((load) => load.path)).toEqual(['/models/tiny.gguf']);
  });

  it('round-trips a library through an export and an import handle', async () => {
    await open();
    const target = path.join(h.dataDir, 'builtin-copy.json');
    await h.backend.handle('libraries.export', { id: 'builtin', path: await chooseToSave(target) });
    const imported = await h.backend.handle('libraries.import', { path: await chooseToOpen(target, 'library') });
    expect(imported.library.styles.length).toBeGreaterThan(0);
  });

  it('keeps a vector handle for repeated use, until it expires', async () => {
    await open();
    const handle = await chooseToOpen(path.join(h.dataDir, 'style.gguf'), 'vector');
    for (let i = 0; i < 2; i++) {
      expect((await failure(h.backend.handle('vectors.inspect', { path: handle }))).code).not.toMatch(/^path\./);
    }
    clock += 13 * 60 * 60_000;
    expect((await failure(h.backend.handle('vectors.inspect', { path: handle }))).code).toBe('path.expired');
  });

  it('lets an unused one-time handle expire', async () => {
    await open();
    // An article handle is one-time (a model's serves its load and then its link, so it is kept).
    const handle = await chooseToOpen('/articles/late.txt', 'article');
    clock += 61_000;
    expect((await failure(h.backend.handle('articles.importPath', { path: handle }))).code).toBe('path.expired');
  });

  it("needs no handle for the app's own vector folder, but a name cannot climb out of it", async () => {
    await open();
    const folder = vectorFolder(h.dataDir);
    const own = await failure(h.backend.handle('vectors.inspect', { path: path.join(folder, 'made-here.gguf') }));
    expect(own.code).not.toMatch(/^path\./);
    const climbing = await failure(h.backend.handle('vectors.inspect', { path: path.join(folder, '..', 'victim.gguf') }));
    expect(climbing.code).toBe('path.not-granted');
    for (const name of ['../victim.gguf', 'sub/victim.gguf', '..']) {
      const build = await failure(h.backend.handle('vectors.build', { style: 'noir', layerStart: 1, layerEnd: 1, path: name }));
      expect(build.code).toBe('path.not-granted');
    }
    // A bare name goes into the vector folder: past the path check (no model is loaded here).
    const bare = await failure(h.backend.handle('vectors.build', { style: 'noir', layerStart: 1, layerEnd: 1, path: 'mine' }));
    expect(bare.code).toBe('engine.no-model');
  });

  it('refuses a handle from another grant list and one with a guessed token', async () => {
    await open();
    const other = new PathGrants().grant('/models/tiny.gguf', 'read');
    expect((await failure(h.backend.handle('models.load', { path: other }))).code).toBe('path.not-granted');
    expect((await failure(h.backend.handle('models.load', { path: 'file-grant:AAAAAAAAAAAAAAAAAAAAAAAA/tiny.gguf' }))).code).toBe('path.not-granted');
  });
});

describe('path grants: coverage', () => {
  /** Field names anywhere in a request schema (through optionals, arrays and nested objects). */
  function fieldNames(schema: unknown, into = new Set<string>()): Set<string> {
    const def = (schema as { def?: { type?: string; shape?: Record<string, unknown>; innerType?: unknown; element?: unknown; options?: unknown[] } }).def;
    if (!def) return into;
    if (def.shape) {
      for (const [name, field] of Object.entries(def.shape)) {
        into.add(name);
        fieldNames(field, into);
      }
    }
    for (const inner of [def.innerType, def.element, ...(def.options ?? [])]) if (inner) fieldNames(inner, into);
    return into;
  }

  it('checks every request channel that carries a file path', () => {
    const fileFields = ['path', 'vectorPath', 'files', 'folder'];
    const carrying = Object.entries(requestSchemas)
      .filter(([, schema]) => fileFields.some((field) => fieldNames(schema).has(field)))
      .map(([channel]) => channel);
    expect(carrying.length).toBeGreaterThan(10);
    expect(carrying.filter((channel) => !(channel in PATH_RULES))).toEqual([]);
  });
});
