import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryStore, type HistoryRecord } from '../../../src-main/core/history';
import { makeRecord, tempFolder } from './fixtures';

// Correctness at the size the brief names; speed for the same size is in bench/history.ts.
const COUNT = 10_000;
const ARTICLES = 50;

let folder: ReturnType<typeof tempFolder>;
let store: HistoryStore;
let file: string;
let saved: HistoryRecord[];

function articleText(a: number): string {
  return `Article number ${a} about topic${a}. ${'The council discussed the harbour and the weather at length. '.repeat(30)}`;
}

beforeAll(() => {
  folder = tempFolder();
  file = join(folder.dir, 'history.db');
  store = HistoryStore.open(file);
  const records = Array.from({ length: COUNT }, (_, i) =>
    makeRecord({
      title: `Result ${i}${i % 100 === 0 ? ' centurion' : ''}`,
      text: articleText(i % ARTICLES),
      output: `Summary ${i} with marker${i} and ${i % 2 === 0 ? 'even' : 'odd'} words.`,
      mode: (['plain', 'prompted', 'steered'] as const)[i % 3],
      style: i % 3 === 0 ? null : 'shakespearean',
      seed: i,
    }),
  );
  saved = store.addMany(records);
}, 60_000);

afterAll(() => {
  store.close();
  folder.cleanup();
});

describe(`history with ${COUNT} results`, () => {
  it('saves them all, each article text once', () => {
    expect(saved).toHaveLength(COUNT);
    expect(new Set(saved.map((record) => record.id)).size).toBe(COUNT);
    expect(store.count()).toBe(COUNT);
    const db = new DatabaseSync(file, { readOnly: true });
    expect(db.prepare('SELECT count(*) AS n FROM articles').get()).toEqual({ n: ARTICLES });
    db.close();
  });

  it('lists the first and the last page newest first', () => {
    const newestFirst = [...saved].reverse().map((record) => record.id);
    const first = store.list({ limit: 50 });
    expect(first.total).toBe(COUNT);
    expect(first.items.map((item) => item.id)).toEqual(newestFirst.slice(0, 50));
    const last = store.list({ limit: 50, offset: COUNT - 10 });
    expect(last.items.map((item) => item.id)).toEqual(newestFirst.slice(COUNT - 10));
    expect(last.items.at(-1)?.title).toBe('Result 0 centurion');
  });

  it('finds the one result with a unique word', () => {
    const page = store.list({ query: 'marker7345' });
    expect(page.total).toBe(1);
    expect(page.items[0].id).toBe(saved[7345].id);
  });

  it('finds every result with a title word, and pages through them', () => {
    const all = [0, 40, 80].flatMap((offset) => store.list({ query: 'centurion', limit: 40, offset }).items);
    expect(store.list({ query: 'centurion' }).total).toBe(COUNT / 100);
    expect(all.map((item) => item.id).sort()).toEqual(saved.filter((_, i) => i % 100 === 0).map((r) => r.id).sort());
  });

  it('combines an article word with a summary word', () => {
    // topic7 is in article 7's text only (200 results); the prefix marker1 is in the summaries of
    // results 1, 10–19, 100–199 and 1000–1999.
    const page = store.list({ query: 'topic7 marker1', limit: 500 });
    const expected = saved.filter((_, i) => i % ARTICLES === 7 && String(i).startsWith('1')).map((r) => r.id);
    expect(expected.length).toBe(22);
    expect(page.total).toBe(expected.length);
    expect(page.items.map((item) => item.id).sort()).toEqual(expected.sort());
  });

  it('reads back any result whole', () => {
    for (const i of [0, 1, 4999, COUNT - 1]) {
      expect(store.get(saved[i].id)).toEqual(saved[i]);
    }
  });
});
