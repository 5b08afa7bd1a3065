import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SteeringError } from '../../../src-main/core/steering/errors';
import {
  builtinLibrary,
  parsePairLibrary,
  parsePairLibraryJson,
  resolvePairReference,
  type PairLibrary,
} from '../../../src-main/core/steering/pair-library';
import { PairLibraryStore } from '../../../src-main/core/steering/pair-library-store';

const user: PairLibrary = {
  format: 'steerling-pair-library',
  version: 1,
  id: 'mine',
  name: 'My styles',
  styles: [{ id: 'gothic', name: 'Gothic', pairs: [{ id: 'crypt', positive: 'the crypt groaned', negative: 'the cellar creaked' }] }],
};

async function code(run: () => Promise<unknown> | unknown): Promise<string | undefined> {
  try {
    await run();
  } catch (error) {
    return error instanceof SteeringError ? error.code : `other: ${(error as Error).message}`;
  }
  return undefined;
}

describe('built-in pair library', () => {
  it('validates and starts with Shakespearean English, with several aligned pairs per style', () => {
    const library = builtinLibrary();
    expect(library.styles[0].id).toBe('shakespearean');
    expect(library.styles.map((s) => s.id)).toEqual(['shakespearean', 'king-james', 'formal', 'victorian', 'noir', 'upbeat', 'pirate']);
    for (const style of library.styles) {
      expect(style.pairs.length).toBeGreaterThanOrEqual(3);
      for (const pair of style.pairs) {
        // Contrast pairs, not negations: neither side is the other plus "do not …".
        const positive = pair.positive.toLowerCase();
        const negative = pair.negative.toLowerCase();
        expect(negative.includes(positive) || positive.includes(negative)).toBe(false);
        expect(negative).not.toMatch(/\b(do not|don't) (write|use|speak)\b/);
        expect(pair.positive.trim()).not.toBe(pair.negative.trim());
      }
    }
  });
});

describe('pair references', () => {
  const libraries = [builtinLibrary(), user];

  it('resolves a single pair, a whole style, and other libraries', () => {
    const single = resolvePairReference('shakespearean/thou-you', libraries);
    expect(single.single).toBe(true);
    expect(single.pairs).toEqual([{ positive: 'thou', negative: 'you' }]);
    const style = resolvePairReference('shakespearean', libraries);
    expect(style.single).toBe(false);
    expect(style.pairs.length).toBe(builtinLibrary().styles[0].pairs.length);
    expect(resolvePairReference('mine:gothic/crypt', libraries).pairs[0].positive).toBe('the crypt groaned');
  });

  it('explains unknown libraries, styles, pairs and malformed references', async () => {
    expect(await code(() => resolvePairReference('nope:gothic', libraries))).toBe('invalid-pair');
    await expect(async () => resolvePairReference('klingon', libraries)).rejects.toThrow(/no style "klingon"/);
    await expect(async () => resolvePairReference('shakespearean/nope', libraries)).rejects.toThrow(/no pair "nope"/);
    await expect(async () => resolvePairReference('Shakespearean English', libraries)).rejects.toThrow(/not a pair reference/);
  });
});

describe('library validation', () => {
  it('lists what is wrong, with paths', () => {
    const broken = {
      ...user,
      styles: [
        { id: 'gothic', name: 'Gothic', pairs: [{ id: 'same', positive: 'x', negative: ' x ' }] },
        { id: 'gothic', name: '', pairs: [] },
      ],
    };
    let message = '';
    try {
      parsePairLibrary(broken, '"broken.json"');
    } catch (error) {
      expect((error as SteeringError).code).toBe('invalid-library');
      message = (error as Error).message;
    }
    expect(message).toMatch(/"broken.json" is not a valid pair library/);
    expect(message).toContain('Style 1 (“Gothic”), pair 1, the plain-English side: it says exactly what the side in the style says');
    expect(message).toContain('Style 2, its id: another style already has the id "gothic"');
    expect(message).toContain('Style 2, its name: must not be empty');
    expect(message).toMatch(/a style needs at least one pair/);
  });

  it('rejects non-JSON and foreign JSON', async () => {
    expect(await code(() => parsePairLibraryJson('{ not json', 'x'))).toBe('invalid-library');
    await expect(async () => parsePairLibraryJson('{"format":"other"}', 'x')).rejects.toThrow(/"format" must be "steerling-pair-library"/);
  });
});

describe('PairLibraryStore', () => {
  it('creates, edits, lists, exports, imports and deletes user libraries on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'steerling-libs-'));
    const store = new PairLibraryStore(join(dir, 'libraries'));
    expect((await store.list()).libraries.map((l) => l.id)).toEqual(['builtin']);

    const created = await store.create({ name: 'Gothic Horror!' });
    expect(created.id).toBe('gothic-horror');
    const edited = await store.save({ ...created, styles: user.styles });
    expect(JSON.parse(readFileSync(join(dir, 'libraries', 'gothic-horror.json'), 'utf8')).styles[0].id).toBe('gothic');
    expect((await store.get('gothic-horror')).styles).toEqual(edited.styles);

    const exported = await store.exportJson('gothic-horror');
    const imported = await store.importJson(exported);
    expect(imported.id).toBe('gothic-horror-2'); // id taken: a fresh one, nothing overwritten
    expect((await store.list()).libraries.map((l) => l.id)).toEqual(['builtin', 'gothic-horror', 'gothic-horror-2']);

    await store.delete('gothic-horror');
    expect(readdirSync(join(dir, 'libraries')).sort()).toEqual(['gothic-horror-2.json']);
  });

  it('refuses to change the built-in library and to save invalid or unknown libraries, keeping files intact', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'steerling-libs-'));
    const store = new PairLibraryStore(dir);
    const created = await store.create({ name: 'Keep me', styles: user.styles });
    const before = readFileSync(join(dir, 'keep-me.json'), 'utf8');
    expect(await code(() => store.save({ ...builtinLibrary() }))).toBe('invalid-library');
    expect(await code(() => store.delete('builtin'))).toBe('invalid-library');
    expect(await code(() => store.save({ ...created, styles: [{ id: 'x', name: 'X', pairs: [] }] }))).toBe('invalid-library');
    expect(await code(() => store.save({ ...created, id: 'never-created' }))).toBe('invalid-library');
    expect(await code(() => store.importJson('{"format":"steerling-pair-library"'))).toBe('invalid-library');
    expect(await code(() => store.delete('../escape'))).toBe('invalid-library');
    expect(readFileSync(join(dir, 'keep-me.json'), 'utf8')).toBe(before);
    const importedBuiltin = await store.importJson(await store.exportJson('builtin'));
    expect(importedBuiltin.id).toBe('builtin-2');
  });

  it('reports unreadable files and leaves them on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'steerling-libs-'));
    writeFileSync(join(dir, 'broken.json'), '{ "format": "steerling-pair-library", ');
    writeFileSync(join(dir, 'misnamed.json'), JSON.stringify(user));
    const listing = await new PairLibraryStore(dir).list();
    expect(listing.libraries.map((l) => l.id)).toEqual(['builtin']);
    expect(listing.unreadable.map((u) => u.file)).toEqual(['broken.json', 'misnamed.json']);
    expect(listing.unreadable[1].message).toMatch(/must be mine\.json/);
    expect(readdirSync(dir).sort()).toEqual(['broken.json', 'misnamed.json']);
  });
});
