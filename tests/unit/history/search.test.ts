import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../src-main/core/history';
import { MIGRATIONS } from '../../../src-main/core/history/schema';
import { ARTICLE_RUNS, articleRuns, SEARCH_CAP } from '../../../src-main/core/history/search';
import { MAX_SEARCH_TERMS, toFtsTerms } from '../../../src-main/core/history/search-query';
import { makeRecord, tempFolder } from './fixtures';

let folder: ReturnType<typeof tempFolder>;
let store: HistoryStore;

beforeEach(() => {
  folder = tempFolder();
  store = HistoryStore.open(join(folder.dir, 'history.db'));
});
afterEach(() => {
  store.close();
  folder.cleanup();
});

function titles(query: string): string[] {
  return store.list({ query, limit: 100 }).items.map((item) => item.title);
}

describe('toFtsTerms', () => {
  it('quotes every word and makes it a prefix', () => {
    expect(toFtsTerms('storm   harbour')).toEqual(['"storm"*', '"harbour"*']);
    expect(toFtsTerms("don't e-mail")).toEqual(['"don\'t"*', '"e-mail"*']);
  });

  it('keeps quoted phrases together, even when the quote is never closed', () => {
    expect(toFtsTerms('"harbour wall" council')).toEqual(['"harbour wall"*', '"council"*']);
    expect(toFtsTerms('council "harbour   wall')).toEqual(['"council"*', '"harbour wall"*']);
    expect(toFtsTerms('a"b')).toEqual(['"a"*', '"b"*']);
  });

  it('drops pieces with no letters or digits and treats operators as words', () => {
    expect(toFtsTerms('AND ( * - ) "" ^ :')).toEqual(['"AND"*']);
    expect(toFtsTerms('  \t\n ')).toEqual([]);
    expect(toFtsTerms('NEAR(a b)')).toEqual(['"NEAR(a"*', '"b)"*']);
  });

  it('caps the number of terms', () => {
    expect(toFtsTerms(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' '))).toHaveLength(MAX_SEARCH_TERMS);
  });
});

describe('HistoryStore search: matching and ranking', () => {
  beforeEach(() => {
    // Added so that newest-first order is the reverse of the expected ranking.
    store.add(makeRecord({ title: 'Quiet week', text: 'Boats, the lighthouse keeper and the storm of the century.', output: 'A quiet week.' }));
    store.add(makeRecord({ title: 'Coast news', text: 'An ordinary article about ferries.', output: 'The old lighthouse was repainted.' }));
    store.add(makeRecord({ title: 'Lighthouse reopens', text: 'Ferries resumed in Zürich harbour.', output: 'It reopened.' }));
  });

  it('ranks a title match above a summary match above an article-only match', () => {
    expect(titles('lighthouse')).toEqual(['Lighthouse reopens', 'Coast news', 'Quiet week']);
    expect(store.list({ query: 'lighthouse' }).total).toBe(3);
  });

  it('matches prefixes, ignores case and accents, and searches the style', () => {
    expect(titles('LIGHTHO')).toHaveLength(3);
    expect(titles('zurich')).toEqual(['Lighthouse reopens']);
    expect(titles('ZÜRICH')).toEqual(['Lighthouse reopens']);
    store.add(makeRecord({ title: 'Pirate take', mode: 'prompted', style: 'pirate', output: 'Arr.' }));
    expect(titles('pirat')).toEqual(['Pirate take']);
  });

  it('needs every word, but each may be in the result or in its article', () => {
    expect(titles('storm lighthouse')).toEqual(['Quiet week']);
    expect(titles('quiet storm')).toEqual(['Quiet week']); // title + article text
    expect(titles('lighthouse zebra')).toEqual([]);
    expect(store.list({ query: 'lighthouse zebra' }).total).toBe(0);
  });

  it('treats quoted words as a phrase', () => {
    expect(titles('"old lighthouse"')).toEqual(['Coast news']);
    expect(titles('"lighthouse old"')).toEqual([]);
    expect(titles('lighthouse old')).toEqual(['Coast news']);
  });

  it('no longer finds deleted results', () => {
    const id = store.list({ query: 'zurich' }).items[0].id;
    store.delete([id]);
    expect(titles('zurich')).toEqual([]);
    expect(titles('lighthouse')).toEqual(['Coast news', 'Quiet week']);
  });
});

describe('HistoryStore search: what a writer may type', () => {
  it('reads operators and symbols as plain words, never as syntax', () => {
    store.add(makeRecord({ title: 'Salt', output: 'Salt and pepper.' }));
    store.add(makeRecord({ title: 'Nothing', output: 'Nothing but pepper.' }));
    store.add(makeRecord({ title: 'Pepper only', output: 'Pepper.' }));
    expect(titles('AND')).toEqual(['Salt']);
    expect(titles('NOT pepper')).toEqual(['Nothing']);
    expect(titles('-pepper').sort()).toEqual(['Nothing', 'Pepper only', 'Salt']);
    expect(titles('pepper OR salt')).toEqual([]); // "OR" is a word nobody wrote
    expect(titles('salt*')).toEqual(['Salt']);
  });

  it('answers odd input without an error and leaves the history intact', () => {
    store.add(makeRecord({ title: 'Plain one', output: 'Something (in brackets) with "quotes".' }));
    store.add(makeRecord({ title: 'Plain two', output: 'Other words.' }));
    const odd = [
      '"', '""', '"""', "'", '(', ')', '((brackets', 'brackets))', '*', '**', '-', '--', '^', ':', 'title:plain',
      'NEAR(', 'NEAR(something other, 2)', 'AND', 'OR', 'NOT', 'a AND', 'OR b', '"quotes', 'quotes"',
      "'; DROP TABLE results; --", '\\', '\u0000', '\u0007bell', '🙂', '🙂 something', '東京', 'x'.repeat(5000),
      Array.from({ length: 50 }, () => 'some').join(' '), '{}', '[]', '%', '_', '$1', '?', '@x', '#x', '+something',
    ];
    for (const query of odd) {
      const page = store.list({ query, limit: 100 });
      expect(page.total, query).toBe(page.items.length);
    }
    expect(titles('(brackets)')).toEqual(['Plain one']);
    expect(titles('"quotes')).toEqual(['Plain one']);
    expect(titles('🙂 something')).toEqual(['Plain one']);
    expect(store.count()).toBe(2);
  });

  it('lists everything, newest first, for an empty or unsearchable query', () => {
    store.add(makeRecord({ title: 'First' }));
    store.add(makeRecord({ title: 'Second' }));
    for (const query of ['', '   ', '"', '*', '-', '()']) {
      expect(titles(query)).toEqual(['Second', 'First']);
      expect(store.list({ query }).total).toBe(2);
    }
  });

  it('finds non-Latin scripts', () => {
    store.add(makeRecord({ title: '東京都の天気', output: 'Погода в Москве. Ελληνικά κείμενα.' }));
    store.add(makeRecord({ title: 'Other' }));
    expect(titles('東京')).toEqual(['東京都の天気']);
    expect(titles('москв')).toEqual(['東京都の天気']);
    expect(titles('ΕΛΛΗΝΙΚ')).toEqual(['東京都の天気']); // unicode61 folds Greek case (not its accents)
  });

  it('pages through search results with a stable total', () => {
    for (let i = 0; i < 12; i++) store.add(makeRecord({ title: `Match ${i}`, output: 'kestrel sighting' }));
    for (let i = 0; i < 5; i++) store.add(makeRecord({ title: `Miss ${i}` }));
    const pages = [0, 5, 10].map((offset) => store.list({ query: 'kestrel', limit: 5, offset }));
    expect(pages.map((page) => page.total)).toEqual([12, 12, 12]);
    expect(pages.map((page) => page.items.length)).toEqual([5, 5, 2]);
    const seen = pages.flatMap((page) => page.items.map((item) => item.title));
    expect(new Set(seen).size).toBe(12);
    expect(seen.every((title) => title.startsWith('Match'))).toBe(true);
    // Equal scores fall back to newest first.
    expect(seen[0]).toBe('Match 11');
  });
});

describe('HistoryStore search: broad searches', () => {
  it('counts and ranks only the newest hits past the cap, and says so', () => {
    // The best match overall is the oldest, so it falls outside the newest SEARCH_CAP hits.
    store.add(makeRecord({ title: 'Kestrel kestrel', output: 'kestrel' }));
    store.addMany(Array.from({ length: SEARCH_CAP }, (_, i) => makeRecord({ title: `Plain ${i}`, output: 'a kestrel sighting', seed: i })));
    store.add(makeRecord({ title: 'Kestrel nest', output: 'kestrel' }));
    const page = store.list({ query: 'kestrel', limit: 3 });
    expect(page).toMatchObject({ total: SEARCH_CAP, capped: true });
    expect(page.items.map((item) => item.title)).toEqual(['Kestrel nest', `Plain ${SEARCH_CAP - 1}`, `Plain ${SEARCH_CAP - 2}`]);
    // The last page ends at the cap: "Plain 0" and the oldest result are not reached.
    expect(store.list({ query: 'kestrel', limit: 5, offset: SEARCH_CAP - 2 }).items.map((item) => item.title)).toEqual(['Plain 2', 'Plain 1']);
    expect(store.list({ query: 'kestrel nest' })).toMatchObject({ total: 1, capped: false });
  });
});

describe('HistoryStore search: the articles a window reads', () => {
  it('splits the articles a window uses into a few runs at the largest gaps', () => {
    expect(articleRuns([])).toEqual([]);
    expect(articleRuns([7])).toEqual([[7, 7]]);
    expect(articleRuns([3, 4, 5, 6])).toEqual([[3, 6]]);
    expect(articleRuns([1, 500, 501, 502, 503])).toEqual([[1, 1], [500, 503]]);
    const ids = [1, 2, 40, 41, 100, 200, 201, 900, 901];
    const runs = articleRuns(ids);
    expect(runs).toHaveLength(ARTICLE_RUNS);
    expect(runs).toEqual([[1, 41], [100, 100], [200, 201], [900, 901]]);
    for (const id of ids) expect(runs.some(([first, last]) => id >= first && id <= last)).toBe(true);
  });

  it('finds words in an old article summarised again among the newest results, and in every article of the history', () => {
    // Article-only matches spread over the whole history, then enough newer results that a
    // window of the newest ones holds an old article again (as "Summarise again" makes).
    const old = (i: number) => makeRecord({ title: `Old ${i}`, text: `Report ${i} on the osprey nest number ${i}.`, output: 'A report.' });
    store.addMany(Array.from({ length: 40 }, (_, i) => old(i)));
    store.addMany(Array.from({ length: 3 * SEARCH_CAP }, (_, i) => makeRecord({ title: `New ${i}`, text: `Market day ${i}: a kestrel was seen near the nest.`, output: 'A market.' })));
    store.add({ ...old(3), output: 'A second report.' });

    const osprey = store.list({ query: 'osprey', limit: 100 });
    expect(osprey).toMatchObject({ total: 41, capped: false });
    expect(osprey.items.filter((item) => item.title === 'Old 3')).toHaveLength(2);
    expect(new Set(osprey.items.map((item) => item.title))).toEqual(new Set(Array.from({ length: 40 }, (_, i) => `Old ${i}`)));
    // A word in every article: only the newest hits count, the old article summarised again among
    // them, found and ranked through its article (shorter, so bm25 puts it first).
    const nest = store.list({ query: 'nest', limit: SEARCH_CAP });
    expect(nest).toMatchObject({ total: SEARCH_CAP, capped: true });
    expect(nest.items[0]).toMatchObject({ title: 'Old 3' });
    expect(nest.items.filter((item) => item.title.startsWith('Old'))).toHaveLength(1);
    expect(store.list({ query: 'kestrel market', limit: 1 })).toMatchObject({ total: SEARCH_CAP, capped: true });
  });
});

describe('history format 3: prefix indexes', () => {
  it('an older history is reindexed on open and finds the same results, by prefix too', () => {
    store.close();
    const file = join(folder.dir, 'format-2.sqlite');
    const old = new DatabaseSync(file);
    old.exec(MIGRATIONS[0]);
    old.exec(MIGRATIONS[1]);
    old.exec('PRAGMA user_version = 2');
    const insert = old.prepare(
      `INSERT INTO results (id, created_at, article_id, title, source, word_count, mode, style, model_id, sampling, steering, stats, cancelled, preview, output)
       VALUES (?, ?, ?, ?, 'a.txt', 3, 'plain', NULL, 'tiny', '{}', NULL, '{}', 0, ?, ?)`,
    );
    old.exec("INSERT INTO articles (text_hash, text) VALUES ('h1', 'Ferries resumed in Zürich harbour.'), ('h2', 'A storm closed the pier.')");
    insert.run('old-1', '2024-01-01T10:00:00.000Z', 1, 'Lighthouse reopens', 'It reopened.', 'It reopened.');
    insert.run('old-2', '2024-01-02T10:00:00.000Z', 2, 'Pier shut', 'The pier shut.', 'The pier shut.');
    old.close();

    store = HistoryStore.open(file);
    expect(titles('z')).toEqual(['Lighthouse reopens']);
    expect(titles('st')).toEqual(['Pier shut']);
    expect(titles('p')).toEqual(['Pier shut']);
    expect(titles('"pier shut"')).toEqual(['Pier shut']);
    expect(titles('reopen zurich')).toEqual(['Lighthouse reopens']);
    store.delete(['old-2']);
    expect(titles('pier')).toEqual([]);
    store.close();
    const db = new DatabaseSync(file);
    const ddl = db.prepare("SELECT sql FROM sqlite_schema WHERE name IN ('results_fts', 'articles_fts')").all() as { sql: string }[];
    db.close();
    expect(ddl.map((row) => row.sql.includes("prefix = '1 2'"))).toEqual([true, true]);
    store = HistoryStore.open(file); // afterEach closes it
  });
});
