/**
 * History at 10 000 results: how long opening, listing pages and searching take. Prints a table;
 * asserts nothing (tests check correctness, this shows speed). Run: npx tsx bench/history.ts
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hashText, HistoryStore, type NewHistoryRecord } from '../src-main/core/history';

const WORDS = (
  'storm council river budget election school harbour minister festival hospital railway summer ' +
  'winter market theatre museum police bridge weather energy farmers village coast science report ' +
  'orchestra library football tenants climate housing ferry airport vaccine teachers protest'
).split(' ');

/** Deterministic pseudo-random words, so every run measures the same data. */
function makeWords(seed: number, count: number): string {
  let state = seed >>> 0 || 1;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const pick = state >>> 16; // the high bits of an LCG are the random ones
    out.push(WORDS[pick % WORDS.length] + (pick % 7 === 0 ? 's' : ''));
  }
  return out.join(' ');
}

function makeRecord(i: number): NewHistoryRecord {
  const articleNo = Math.floor(i / 3); // three summaries per article, as when comparing modes
  const text = `${makeWords(articleNo + 1, 700)} article${articleNo}`;
  const mode = (['plain', 'prompted', 'steered'] as const)[i % 3];
  return {
    article: { title: `${makeWords(articleNo + 7, 6)} ${articleNo}`, source: `article-${articleNo}.txt`, textHash: hashText(text), text, wordCount: 701 },
    mode,
    style: mode === 'plain' ? null : 'shakespearean',
    sampling: { temperature: 0.7, topP: 0.9, seed: i, maxTokens: 400, repeatPenalty: 1.1 },
    steering: mode === 'steered' ? { method: 'caa', pairId: 'shakespearean/thou-you', layerStart: 12, layerEnd: 16, coefficient: 4 } : null,
    modelId: 'mistral-7b-instruct-v0.2.Q4_K_M',
    output: `${makeWords(i + 99, 150)} summary${i}`,
    stats: { promptTokens: 900, outputTokens: 200, timeToFirstTokenMs: 300, totalMs: 9000, chunks: 1 },
    cancelled: false,
  };
}

function time<T>(work: () => T, repeat = 5): { ms: number; result: T } {
  let result = work(); // warm the statement cache and the page cache
  const start = performance.now();
  for (let i = 0; i < repeat; i++) result = work();
  return { ms: (performance.now() - start) / repeat, result };
}

export async function benchHistory(count = 10_000): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'steerling-bench-history-'));
  const file = join(folder, 'history.db');
  try {
    const records = Array.from({ length: count }, (_, i) => makeRecord(i));
    let store = HistoryStore.open(file);
    const insertStart = performance.now();
    store.addMany(records);
    const insertMs = performance.now() - insertStart;
    const addStart = performance.now();
    store.add(records[0]);
    const oneAdd = performance.now() - addStart;
    store.close();
    const open = time(() => {
      store.close();
      store = HistoryStore.open(file);
      return store;
    }, 3);
    const rows: [string, number, string][] = [
      [`addMany(${count}) in one transaction`, insertMs, `${Math.round(statSync(file).size / 1024 / 1024)} MiB file`],
      ['add(1) with fsync', oneAdd, ''],
      ['open (incl. quick_check)', open.ms, ''],
    ];
    const cases: [string, Parameters<HistoryStore['list']>[0]][] = [
      ['list first page (50)', {}],
      ['list last page (offset 9950)', { offset: count - 50 }],
      ['search rare word "article123"', { query: 'article123' }],
      ['search common word "storm"', { query: 'storm' }],
      ['search two words "storm ferry"', { query: 'storm ferry' }],
      ['search prefix "s"', { query: 's' }],
      ['search phrase "council river"', { query: '"council river"' }],
      ['search odd input \'AND ( "x -\'', { query: 'AND ( "x -' }],
    ];
    for (const [label, options] of cases) {
      const { ms, result } = time(() => store.list(options));
      rows.push([label, ms, `${result.total} hits`]);
    }
    const first = store.list({ limit: 1 }).items[0];
    rows.push(['get one (with article text)', time(() => store.get(first.id), 50).ms, '']);
    store.close();
    console.log(`History at ${count} results (node ${process.version}):`);
    for (const [label, ms, note] of rows) console.log(`  ${label.padEnd(40)} ${ms.toFixed(2).padStart(9)} ms  ${note}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchHistory();
}
