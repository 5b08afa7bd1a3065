/**
 * Comparisons in the history: an old (format 1) history file gains the comparisons table without
 * losing or changing a result; comparisons save, list, search, update on resume and delete, and
 * bad ones save nothing.
 */
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ComparisonResult } from '../../../src-main/core/eval/compare/compare';
import { hashText, HistoryError, HistoryStore, type NewComparisonRecord } from '../../../src-main/core/history';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src-main/core/history/schema';
import { makeRecord, tempFolder } from './fixtures';

let folder: ReturnType<typeof tempFolder>;
beforeEach(() => {
  folder = tempFolder();
});
afterEach(() => folder.cleanup());

const TEXT = 'The lantern festival drew twelve thousand people to the river on Saturday.';

function comparison(parts: { title?: string; outputs?: string[]; complete?: boolean; text?: string } = {}): NewComparisonRecord {
  const text = parts.text ?? TEXT;
  const outputs = parts.outputs ?? ['Crowds came to the river.', 'Hark, the crowds didst come unto the river.'];
  const configs = [
    { id: 'plain', mode: 'plain' as const },
    { id: 'prompted', label: 'Prompted Shakespeare', mode: 'prompted' as const, style: 'shakespearean' },
  ];
  const result: ComparisonResult = {
    version: 1,
    article: { title: parts.title ?? 'Lantern festival', sha256: hashText(text) },
    sampling: { temperature: 0.7, topP: 0.9, seed: 3, maxTokens: 64, repeatPenalty: 1.1 },
    target: { styleLabel: 'Shakespearean English' },
    judge: false,
    configs,
    rows: outputs.map((output, i) => ({ config: configs[i], output, stats: null, scores: null, generationMs: 10 })),
    complete: parts.complete ?? outputs.length === configs.length,
  };
  return {
    article: { title: parts.title ?? 'Lantern festival', source: '/news/lanterns.txt', textHash: hashText(text), text, wordCount: 12 },
    modelId: 'tiny',
    result,
  };
}

/** A history file exactly as format 1 left it, holding the given results. */
function formatOneFile(file: string, records: ReturnType<typeof makeRecord>[]): void {
  const db = new DatabaseSync(file);
  db.exec(MIGRATIONS[0]);
  db.exec('PRAGMA user_version = 1');
  records.forEach((record, i) => {
    db.prepare('INSERT INTO articles (text_hash, text) VALUES (?, ?) ON CONFLICT (text_hash) DO NOTHING').run(record.article.textHash, record.article.text);
    const { id: articleId } = db.prepare('SELECT id FROM articles WHERE text_hash = ?').get(record.article.textHash) as { id: number };
    db.prepare(
      `INSERT INTO results (id, created_at, article_id, title, source, word_count, mode, style, model_id, sampling, steering, stats, cancelled, preview, output)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      `old-${i}`, `2024-01-0${i + 1}T10:00:00.000Z`, articleId, record.article.title, record.article.source, record.article.wordCount, record.mode,
      record.style, record.modelId, JSON.stringify(record.sampling), null, JSON.stringify(record.stats), 0, record.output, record.output,
    );
  });
  db.close();
}

describe('history format 2: comparisons', () => {
  it('an old history gains comparisons and keeps every result, searchable as before', () => {
    const file = join(folder.dir, 'history.sqlite');
    const old = [makeRecord({ title: 'Harbour wall approved', output: 'The wall was approved.' }), makeRecord({ title: 'Storm closes pier', text: 'A storm closed the pier in Brighton.', output: 'The pier closed.' })];
    formatOneFile(file, old);

    const store = HistoryStore.open(file);
    try {
      expect(store.count()).toBe(2);
      const first = store.get('old-0');
      expect(first).toMatchObject({ article: { title: 'Harbour wall approved', text: old[0].article.text }, output: 'The wall was approved.', sampling: old[0].sampling });
      expect(store.list({ query: 'brighton' }).items.map((item) => item.id)).toEqual(['old-1']);

      const saved = store.comparisons.add(comparison());
      expect(store.comparisons.get(saved.id)).toEqual(saved);
      expect(store.count()).toBe(2); // comparisons are their own items
    } finally {
      store.close();
    }
    const db = new DatabaseSync(file);
    expect((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('lists newest first with labels and finished rows, searches titles, labels and outputs, and deletes', async () => {
    const store = HistoryStore.open(join(folder.dir, 'history.sqlite'));
    try {
      const lanterns = store.comparisons.add(comparison());
      await new Promise((resolve) => setTimeout(resolve, 5));
      const storm = store.comparisons.add(comparison({ title: 'Storm closes pier', text: 'A storm closed the pier.', outputs: ['The pier shut.'], complete: false }));
      const page = store.comparisons.list();
      expect(page.total).toBe(2);
      expect(page.items.map((item) => item.id)).toEqual([storm.id, lanterns.id]);
      expect(page.items[0]).toMatchObject({ title: 'Storm closes pier', complete: false, rows: 1, configs: ['plain', 'Prompted Shakespeare'], modelId: 'tiny' });
      expect(page.items[1]).toMatchObject({ complete: true, rows: 2 });

      expect(store.comparisons.list({ query: 'didst' }).items.map((i) => i.id)).toEqual([lanterns.id]); // an output
      expect(store.comparisons.list({ query: 'pier' }).items.map((i) => i.id)).toEqual([storm.id]); // a title
      expect(store.comparisons.list({ query: 'shakespeare' }).total).toBe(2); // a label
      expect(store.comparisons.list({ query: 'nothing-like-this' })).toEqual({ items: [], total: 0 });
      expect(store.list().total).toBe(0); // summaries are unaffected

      expect(store.comparisons.delete([storm.id, 'unknown'])).toBe(1);
      expect(store.comparisons.get(storm.id)).toBeNull();
      expect(store.comparisons.list({ query: 'pier' }).total).toBe(0);
    } finally {
      store.close();
    }
  });

  it('a resumed comparison replaces its partial result in place and becomes findable by its new outputs', () => {
    const store = HistoryStore.open(join(folder.dir, 'history.sqlite'));
    try {
      const partial = store.comparisons.add(comparison({ outputs: ['Crowds came.'], complete: false }));
      const full = comparison({ outputs: ['Crowds came.', 'Verily a multitude.'] });
      const updated = store.comparisons.update(partial.id, full.result);
      expect(updated.id).toBe(partial.id);
      expect(updated.createdAt).toBe(partial.createdAt);
      expect(store.comparisons.get(partial.id)?.result).toEqual(full.result);
      expect(store.comparisons.list({ query: 'multitude' }).items.map((i) => i.id)).toEqual([partial.id]);
      expect(store.comparisons.list().items[0]).toMatchObject({ complete: true, rows: 2 });
      // Another article's result cannot replace it.
      expect(() => store.comparisons.update(partial.id, comparison({ text: 'Other text.' }).result)).toThrow(/made for another article/);
    } finally {
      store.close();
    }
  });

  it('refuses a comparison that breaks the shape or whose hash is wrong, saving nothing', () => {
    const store = HistoryStore.open(join(folder.dir, 'history.sqlite'));
    try {
      const noConfigs = comparison();
      noConfigs.result = { ...noConfigs.result, configs: [] };
      const wrongHash = comparison();
      wrongHash.article = { ...wrongHash.article, textHash: hashText('something else') };
      for (const bad of [noConfigs, wrongHash]) {
        const error = (() => {
          try {
            store.comparisons.add(bad);
          } catch (caught) {
            return caught;
          }
        })();
        expect(error).toBeInstanceOf(HistoryError);
        expect((error as HistoryError).code).toBe('invalid-record');
        expect((error as HistoryError).message).toMatch(/^This comparison cannot be saved: /);
      }
      expect(store.comparisons.list().total).toBe(0);
      expect(() => store.comparisons.list({ limit: 0 })).toThrow(/page size/);
    } finally {
      store.close();
    }
  });
});
