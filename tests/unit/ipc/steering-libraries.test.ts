/**
 * The libraries.* channels over a real library folder: create, edit, delete, import and export,
 * with the built-in library read-only and every bad input answered by a message that says what
 * is wrong, leaving the files on disk as they were.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toIpcErrorPayload } from '../../../src-main/ipc/ipc-error';
import { createHarness, type Harness } from './backend-harness';

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return toIpcErrorPayload(error);
  }
  throw new Error('expected the call to fail');
}

const olde = { id: 'olde', name: 'Olde', pairs: [{ id: 'thou', positive: 'thou art', negative: 'you are' }] };

describe('libraries channels', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.cleanup();
  });

  it('lists the built-in library first, read-only, and the user folder inside the data folder', async () => {
    h = await createHarness();
    const list = await h.backend.handle('libraries.list', {});
    expect(list.folder).toBe(path.join(h.dataDir, 'libraries'));
    expect(list.libraries[0]).toMatchObject({ id: 'builtin', builtin: true });
    expect(list.libraries[0].styles.find((s) => s.id === 'shakespearean')?.pairs.length).toBeGreaterThan(1);
    expect(list.unreadable).toEqual([]);
  });

  it('creates a library from a name, edits it, and deletes it', async () => {
    h = await createHarness();
    const created = await h.backend.handle('libraries.save', { library: { name: 'My Styles!', styles: [olde] } });
    expect(created).toMatchObject({ id: 'my-styles', name: 'My Styles!', builtin: false, format: 'steerling-pair-library', version: 1 });
    const file = path.join(h.dataDir, 'libraries', 'my-styles.json');
    expect(JSON.parse(await fs.readFile(file, 'utf8')).styles[0].pairs[0]).toEqual(olde.pairs[0]);

    const edited = await h.backend.handle('libraries.save', {
      library: { ...created, styles: [{ ...olde, pairs: [...olde.pairs, { id: 'hath', positive: 'he hath', negative: 'he has' }] }] },
    });
    expect(edited.styles[0].pairs.map((p) => p.id)).toEqual(['thou', 'hath']);
    expect((await h.backend.handle('libraries.get', { id: 'my-styles' })).styles[0].pairs).toHaveLength(2);

    expect(await h.backend.handle('libraries.delete', { id: 'my-styles' })).toEqual({ id: 'my-styles' });
    await expect(fs.stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
    const gone = await failure(h.backend.handle('libraries.get', { id: 'my-styles' }));
    expect(gone).toMatchObject({ code: 'steering.invalid-library', message: 'There is no pair library "my-styles".' });
  });

  it('refuses an identical pair, a missing name and duplicate ids, naming the field, and keeps the saved file', async () => {
    h = await createHarness();
    const created = await h.backend.handle('libraries.save', { library: { name: 'Mine', styles: [olde] } });
    const file = path.join(h.dataDir, 'libraries', 'mine.json');
    const before = await fs.readFile(file, 'utf8');

    const same = await failure(
      h.backend.handle('libraries.save', { library: { ...created, styles: [{ ...olde, pairs: [{ id: 'x', positive: 'thou', negative: ' thou ' }] }] } }),
    );
    expect(same.code).toBe('steering.invalid-library');
    expect(same.message).toContain('Style 1 (“Olde”), pair 1, the plain-English side: it says exactly what the side in the style says');

    const noName = await failure(h.backend.handle('libraries.save', { library: { styles: [] } }));
    expect(noName.code).toBe('steering.invalid-library');
    expect(noName.message).toMatch(/name/);

    const twice = await failure(h.backend.handle('libraries.save', { library: { ...created, styles: [olde, olde] } }));
    expect(twice.message).toContain('Style 2 (“Olde”), its id: another style already has the id "olde"');
    expect(await fs.readFile(file, 'utf8')).toBe(before);
  });

  it('keeps the built-in library read-only', async () => {
    h = await createHarness();
    const builtin = await h.backend.handle('libraries.get', { id: 'builtin' });
    const save = await failure(h.backend.handle('libraries.save', { library: { ...builtin, name: 'Changed' } }));
    expect(save).toMatchObject({ code: 'steering.invalid-library', message: expect.stringMatching(/built-in library cannot be changed/) });
    const remove = await failure(h.backend.handle('libraries.delete', { id: 'builtin' }));
    expect(remove.message).toMatch(/built-in library cannot be changed/);
    // Duplicating it is a save without an id.
    const copy = await h.backend.handle('libraries.save', { library: { name: 'Copy of built-in styles', styles: builtin.styles } });
    expect(copy).toMatchObject({ id: 'copy-of-built-in-styles', builtin: false });
    expect(copy.styles).toEqual(builtin.styles);
  });

  it('exports a library to JSON; importing it back adds nothing, an edited copy gets a new id', async () => {
    h = await createHarness();
    await h.backend.handle('libraries.save', { library: { name: 'Mine', description: 'mine', styles: [olde] } });
    const out = path.join(h.dataDir, 'out', 'mine.json');
    const written = await h.backend.handle('libraries.export', { id: 'mine', path: out });
    const text = await fs.readFile(out, 'utf8');
    expect(written).toEqual({ path: out, bytes: Buffer.byteLength(text) });
    expect(JSON.parse(text)).toMatchObject({ format: 'steerling-pair-library', version: 1, id: 'mine', styles: [olde] });

    const again = await h.backend.handle('libraries.import', { path: out });
    expect(again).toMatchObject({ alreadyImported: true, renamedFrom: null, library: { id: 'mine', name: 'Mine' } });
    expect((await h.backend.handle('libraries.list', {})).libraries.map((l) => l.id)).toEqual(['builtin', 'mine']);

    await fs.writeFile(out, JSON.stringify({ ...JSON.parse(text), description: 'mine, edited' }));
    const imported = await h.backend.handle('libraries.import', { path: out });
    expect(imported.renamedFrom).toBe('mine');
    expect(imported.alreadyImported).toBe(false);
    expect(imported.library).toMatchObject({ id: 'mine-2', name: 'Mine', styles: [olde], builtin: false });
    expect((await h.backend.handle('libraries.list', {})).libraries.map((l) => l.id)).toEqual(['builtin', 'mine', 'mine-2']);

    const builtinOut = path.join(h.dataDir, 'out', 'builtin.json');
    await h.backend.handle('libraries.export', { id: 'builtin', path: builtinOut });
    const builtinCopy = await h.backend.handle('libraries.import', { path: builtinOut });
    expect(builtinCopy).toMatchObject({ renamedFrom: 'builtin', library: { id: 'builtin-2', builtin: false } });
  });

  it('answers a malformed, invalid, missing or oversized import with what is wrong, and imports nothing', async () => {
    h = await createHarness();
    const dir = path.join(h.dataDir, 'incoming');
    await fs.mkdir(dir);
    const broken = path.join(dir, 'broken.json');
    await fs.writeFile(broken, '{ "format": "steerling-pair-library", ');
    const notJson = await failure(h.backend.handle('libraries.import', { path: broken }));
    expect(notJson.code).toBe('steering.invalid-library');
    expect(notJson.message).toMatch(/^"broken\.json" is not valid JSON/);

    const wrong = path.join(dir, 'wrong.json');
    await fs.writeFile(wrong, JSON.stringify({ format: 'steerling-pair-library', version: 2, id: 'x', name: 'X', styles: [] }));
    expect((await failure(h.backend.handle('libraries.import', { path: wrong }))).message).toContain('version: only version 1 libraries are supported');

    const missing = await failure(h.backend.handle('libraries.import', { path: path.join(dir, 'nope.json') }));
    expect(missing.message).toMatch(/nope\.json" could not be found/);

    const huge = path.join(dir, 'huge.json');
    await fs.writeFile(huge, Buffer.alloc(3 * 1024 * 1024, 32));
    expect((await failure(h.backend.handle('libraries.import', { path: huge }))).message).toMatch(/huge\.json" is 3\.0 MB/);

    expect((await h.backend.handle('libraries.list', {})).libraries.map((l) => l.id)).toEqual(['builtin']);
  });

  it('reports a library file that no longer validates, and leaves it on disk', async () => {
    h = await createHarness();
    const folder = path.join(h.dataDir, 'libraries');
    await fs.mkdir(folder, { recursive: true });
    await fs.writeFile(path.join(folder, 'hand-edited.json'), '{"format":"steerling-pair-library","version":1,"id":"hand-edited","name":"","styles":[]}');
    const list = await h.backend.handle('libraries.list', {});
    expect(list.libraries.map((l) => l.id)).toEqual(['builtin']);
    expect(list.unreadable).toEqual([{ file: 'hand-edited.json', message: expect.stringContaining('name: must not be empty') }]);
    expect(await fs.readdir(folder)).toEqual(['hand-edited.json']);
  });
});
