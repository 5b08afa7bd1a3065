import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashText, HistoryError, HistoryStore, type HistoryRecord } from '../../../src-main/core/history';
import { makeRecord, tempFolder } from './fixtures';

let folder: ReturnType<typeof tempFolder>;
let store: HistoryStore;
let file: string;

beforeEach(() => {
  folder = tempFolder();
  file = join(folder.dir, 'nested', 'deeper', 'history.db');
  store = HistoryStore.open(file);
});
afterEach(() => {
  store.close();
  folder.cleanup();
});

const steering = { method: 'caa', pairId: 'shakespearean/thou-you', layerStart: 12, layerEnd: 16, coefficient: -3.5 } as const;

describe('HistoryStore round trip', () => {
  it('creates missing folders and a WAL database at the given path', () => {
    expect(existsSync(file)).toBe(true);
    const db = new DatabaseSync(file, { readOnly: true });
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBeGreaterThanOrEqual(1);
    db.close();
  });

  it('gives back every field exactly, with null steering and style', () => {
    const input = makeRecord({ cancelled: true });
    const saved = store.add(input);
    expect(saved.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Date(saved.createdAt).toISOString()).toBe(saved.createdAt);
    const loaded = store.get(saved.id);
    expect(loaded).toEqual({ ...input, id: saved.id, createdAt: saved.createdAt });
    expect(loaded).toEqual(saved);
    expect(loaded?.steering).toBeNull();
    expect(loaded?.style).toBeNull();
    expect(loaded?.cancelled).toBe(true);
  });

  it('gives back steering settings, with a pair or with a vector file', () => {
    const withPair = store.add(makeRecord({ mode: 'steered', style: 'shakespearean', steering }));
    const vector = { method: 'all', vectorPath: 'C:\\vectors\\bard.gguf', layerStart: 3, layerEnd: 3, coefficient: 0.25 } as const;
    const withVector = store.add(makeRecord({ mode: 'steered', style: 'shakespearean', steering: vector }));
    expect(store.get(withPair.id)?.steering).toEqual(steering);
    expect(store.get(withVector.id)?.steering).toEqual(vector);
    expect(Object.keys(store.get(withVector.id)!.steering!)).not.toContain('pairId');
  });

  it('keeps unicode, newlines and long texts intact', () => {
    const text = `Zürich — «naïve» café 東京 🙂\r\nSecond line\n\n${'long '.repeat(20_000)}`;
    const saved = store.add(makeRecord({ title: 'Ünïcode "title"\n2nd', text, output: 'Ϙ output\twith tab' }));
    const loaded = store.get(saved.id)!;
    expect(loaded.article.text).toBe(text);
    expect(loaded.article.textHash).toBe(hashText(text));
    expect(loaded.article.title).toBe('Ünïcode "title"\n2nd');
    expect(loaded.output).toBe('Ϙ output\twith tab');
  });

  it('returns null for an unknown id', () => {
    store.add(makeRecord());
    expect(store.get('no-such-id')).toBeNull();
  });

  it('keeps results after closing and reopening', () => {
    const saved = store.add(makeRecord({ mode: 'prompted', style: 'pirate' }));
    store.close();
    store = HistoryStore.open(file);
    expect(store.get(saved.id)).toEqual(saved);
    expect(store.count()).toBe(1);
  });
});

describe('HistoryStore list', () => {
  it('lists newest first with a one-line preview and no article text', () => {
    const older = store.add(makeRecord({ title: 'Older', output: 'First.\n\nSecond   paragraph.' }));
    const newer = store.add(makeRecord({ title: 'Newer', mode: 'prompted', style: 'pirate', modelId: 'm2' }));
    const page = store.list();
    expect(page.total).toBe(2);
    expect(page.items).toEqual([
      { id: newer.id, createdAt: newer.createdAt, title: 'Newer', mode: 'prompted', style: 'pirate', modelId: 'm2', preview: 'The council approved a new harbour wall.' },
      { id: older.id, createdAt: older.createdAt, title: 'Older', mode: 'plain', style: null, modelId: older.modelId, preview: 'First. Second paragraph.' },
    ]);
  });

  it('cuts long previews between words, near 200 characters, with an ellipsis', () => {
    const output = `${'word '.repeat(100)}end`;
    store.add(makeRecord({ output }));
    const { preview } = store.list().items[0];
    expect(preview.endsWith('…')).toBe(true);
    expect(preview.length).toBeLessThanOrEqual(201);
    expect(preview.length).toBeGreaterThan(150);
    expect(preview.slice(0, -1)).toMatch(/^(word )*word$/);
  });

  it('pages with limit and offset and reports the total', () => {
    const ids = Array.from({ length: 7 }, (_, i) => store.add(makeRecord({ title: `Item ${i}` })).id).reverse();
    const pages = [0, 3, 6].map((offset) => store.list({ limit: 3, offset }));
    expect(pages.map((page) => page.total)).toEqual([7, 7, 7]);
    expect(pages.flatMap((page) => page.items.map((item) => item.id))).toEqual(ids);
    expect(store.list({ limit: 3, offset: 7 })).toEqual({ items: [], total: 7, capped: false });
  });

  it('rejects a bad page size or offset with a clear error', () => {
    for (const options of [{ limit: 0 }, { limit: 1.5 }, { limit: 5000 }, { offset: -1 }, { offset: Number.NaN }]) {
      expect(() => store.list(options)).toThrow(HistoryError);
    }
    try {
      store.list({ limit: 0 });
    } catch (error) {
      expect((error as HistoryError).code).toBe('invalid-request');
      expect((error as HistoryError).message).toContain('page size');
    }
  });
});

describe('HistoryStore delete and article sharing', () => {
  function articleRows(): number {
    store.close();
    const db = new DatabaseSync(file, { readOnly: true });
    const { n } = db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number };
    db.close();
    store = HistoryStore.open(file);
    return n;
  }

  it('stores an article text once however many summaries use it', () => {
    const text = `Shared article. ${'words '.repeat(5000)}`;
    const saved: HistoryRecord[] = [];
    for (let i = 0; i < 100; i++) saved.push(store.add(makeRecord({ text, seed: i })));
    store.add(makeRecord({ text: 'Another article entirely.' }));
    expect(articleRows()).toBe(2);
    expect(store.get(saved[57].id)?.article.text).toBe(text);
    // The text is stored once, so the file is far smaller than 100 copies of it.
    expect(readFileSync(file).length + readFileSync(`${file}-wal`).length).toBeLessThan(text.length * 10);
  });

  it('deletes by id, counts only what existed, and frees articles nobody uses', () => {
    const a = store.add(makeRecord({ text: 'Article A text.' }));
    const a2 = store.add(makeRecord({ text: 'Article A text.' }));
    const b = store.add(makeRecord({ text: 'Article B text.' }));
    expect(store.delete([a.id, 'unknown', a.id])).toBe(1);
    expect(store.get(a.id)).toBeNull();
    expect(store.get(a2.id)?.article.text).toBe('Article A text.');
    expect(articleRows()).toBe(2);
    expect(store.delete([a2.id, b.id])).toBe(2);
    expect(store.count()).toBe(0);
    expect(articleRows()).toBe(0);
    expect(store.list({ query: 'article' })).toEqual({ items: [], total: 0, capped: false });
    expect(store.delete([])).toBe(0);
  });
});

describe('HistoryStore bad input', () => {
  it('refuses a record whose textHash does not match its text, and saves nothing', () => {
    const record = makeRecord();
    record.article.textHash = hashText('something else');
    expect(() => store.add(record)).toThrow(expect.objectContaining({ code: 'invalid-record', message: expect.stringContaining('textHash') }));
    expect(store.count()).toBe(0);
  });

  it('refuses malformed records with the field named', () => {
    const badMode = { ...makeRecord(), mode: 'loud' } as unknown as ReturnType<typeof makeRecord>;
    expect(() => store.add(badMode)).toThrow(expect.objectContaining({ code: 'invalid-record', message: expect.stringContaining('mode') }));
    const badSeed = makeRecord();
    badSeed.sampling.seed = Number.POSITIVE_INFINITY;
    expect(() => store.add(badSeed)).toThrow(expect.objectContaining({ message: expect.stringContaining('sampling.seed') }));
  });

  it('saves all of a batch or none of it', () => {
    const bad = makeRecord();
    bad.article.text = '';
    bad.article.textHash = hashText('');
    expect(() => store.addMany([makeRecord(), makeRecord(), bad])).toThrow(HistoryError);
    expect(store.count()).toBe(0);
  });

  it('says the history is closed when used after close()', () => {
    store.close();
    expect(() => store.count()).toThrow(expect.objectContaining({ code: 'closed' }));
    expect(() => store.add(makeRecord())).toThrow(expect.objectContaining({ code: 'closed' }));
    store.close(); // twice is fine
  });
});
