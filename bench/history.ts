/**
 * History at 10 000 results: how long opening, listing pages and searching take. Prints a table;
 * asserts nothing (tests check correctness, this shows speed). Run: npx tsx bench/history.ts
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DatabaseSync } from 'node:sqlite';
import { hashText, HistoryStore, type NewHistoryRecord } from '../src-main/core/history';
import { MIGRATIONS } from '../src-main/core/history/schema';

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

/**
 * Median wall and CPU time of `repeat` runs after one warm-up run (statement cache, page cache).
 * CPU time is this process's user + system time: on a shared machine it moves far less with other
 * people's load than wall time does, and SQLite runs on this thread, so it is the figure to read.
 */
function time<T>(work: () => T, repeat = 9): { ms: number; cpuMs: number; result: T } {
  let result = work();
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    result = work();
    walls.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
  }
  return { ms: median(walls), cpuMs: median(cpus), result };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
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
    type Row = [label: string, wallMs: number, cpuMs: number | null, note: string];
    const rows: Row[] = [
      [`addMany(${count}) in one transaction`, insertMs, null, `${Math.round(statSync(file).size / 1024 / 1024)} MiB file`],
      ['add(1) with fsync', oneAdd, null, ''],
      ['open (incl. quick_check)', open.ms, open.cpuMs, ''],
    ];
    const cases: [string, Parameters<HistoryStore['list']>[0], goal: boolean][] = [
      ['list first page (50)', {}, false],
      ['list last page (offset 9950)', { offset: count - 50 }, false],
      ['search rare word "article123"', { query: 'article123' }, true],
      ['search common word "storm"', { query: 'storm' }, true],
      ['search two words "storm ferry"', { query: 'storm ferry' }, true],
      ['search prefix "s"', { query: 's' }, true],
      ['search prefix "counc"', { query: 'counc' }, true],
      ['search phrase "council river"', { query: '"council river"' }, true],
      ['search odd input \'AND ( "x -\'', { query: 'AND ( "x -' }, true],
    ];
    let worstSearch = 0;
    for (const [label, options, goal] of cases) {
      const { ms, cpuMs, result } = time(() => store.list(options));
      if (goal) worstSearch = Math.max(worstSearch, cpuMs);
      rows.push([label, ms, cpuMs, `${result.total}${result.capped ? '+' : ''} hits`]);
    }
    const first = store.list({ limit: 1 }).items[0];
    const get = time(() => store.get(first.id), 49);
    rows.push(['get one (with article text)', get.ms, get.cpuMs, '']);
    store.close();
    // What a history from before the prefix indexes pays once, on its first open.
    const db = new DatabaseSync(file);
    const reindexStart = performance.now();
    db.exec(`BEGIN; ${MIGRATIONS[2]}; ROLLBACK`);
    rows.push(['reindex for prefix indexes (format 2→3)', performance.now() - reindexStart, null, 'once, on first open']);
    db.close();
    console.log(`History at ${count} results (node ${process.version}; medians of 9 runs; CPU = this process's user+system time):`);
    console.log(`  ${''.padEnd(40)} ${'wall'.padStart(9)}     ${'CPU'.padStart(9)}`);
    for (const [label, ms, cpuMs, note] of rows) {
      const cpu = cpuMs === null ? ''.padStart(12) : `${cpuMs.toFixed(2).padStart(9)} ms`;
      console.log(`  ${label.padEnd(40)} ${ms.toFixed(2).padStart(9)} ms  ${cpu}  ${note}`);
    }
    console.log(`  Slowest search: ${worstSearch.toFixed(1)} ms CPU (median of 9; goal < 20 ms) — ${worstSearch < 20 ? 'met' : 'NOT met'}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchHistory();
}
