import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppEvent, EventPayloads } from '../../../src-main/ipc/contract';
import { HistoryStore } from '../../../src-main/core/history';
import { historyFile } from '../../../src-main/core/paths';
import { createHarness, sampleSampling, type Harness } from './backend-harness';
import { aborted, SCRIPTED_STATS, type Script } from './scripted-engine';

let harness: Harness;
afterEach(() => harness?.cleanup());

type ItemEvent = EventPayloads['batch.item'];
const itemEvents = (events: AppEvent[], batchId: string): ItemEvent[] =>
  events.filter((e): e is Extract<AppEvent, { event: 'batch.item' }> => e.event === 'batch.item' && e.payload.batchId === batchId).map((e) => e.payload);
const statesOf = (events: ItemEvent[], name: string) => events.filter((e) => e.name === name).map((e) => e.state);

/** Writes article files into the harness's folder; `bad.pdf` is a broken PDF. */
function articles(dir: string, names: string[]): string[] {
  return names.map((name) => {
    const file = path.join(dir, name);
    const body = name === 'bad.pdf' ? '%PDF-1.7\n1 0 obj << /Type /Catalog >> broken' : `${name.replace(/\..*$/, '')} reopened on Monday after repairs. Traffic was light.`;
    fs.writeFileSync(file, body);
    return file;
  });
}

describe('batch.start', () => {
  it('summarises each article in turn, saves each to the history, and goes on past a file that cannot be read', async () => {
    harness = await createHarness();
    const files = articles(harness.dataDir, ['bridge.txt', 'market.md', 'bad.pdf', 'school.txt', 'port.txt']);
    const started = await harness.backend.handle('batch.start', { files, mode: 'plain', sampling: sampleSampling });
    expect(started.items.map((item) => item.name)).toEqual(['bridge.txt', 'market.md', 'bad.pdf', 'school.txt', 'port.txt']);

    const done = await harness.waitFor('batch.done');
    expect(done.payload).toEqual({ batchId: started.batchId, done: 4, failed: 1, cancelled: 0 });
    const events = itemEvents(harness.events, started.batchId);
    expect(statesOf(events, 'bridge.txt')).toEqual(['waiting', 'summarising', 'done']);
    expect(statesOf(events, 'bad.pdf')).toEqual(['waiting', 'summarising', 'failed']);
    const failed = events.find((e) => e.name === 'bad.pdf' && e.state === 'failed')!;
    expect(failed.code).toBe('articles.corrupt');
    expect(failed.message).toContain("bad.pdf");

    // Each finished item is a history record, with its progress and text under the item's id.
    const history = await harness.backend.handle('history.list', {});
    expect(history.total).toBe(4);
    const bridge = started.items[0];
    const bridgeDone = events.find((e) => e.itemId === bridge.itemId && e.state === 'done')!;
    expect(history.items.map((item) => item.id)).toContain(bridgeDone.recordId);
    expect(harness.events.some((e) => e.event === 'summary.progress' && e.payload.jobId === bridge.itemId)).toBe(true);
    const summaryDone = harness.events.find((e) => e.event === 'summary.done' && e.payload.jobId === bridge.itemId);
    expect(summaryDone?.payload).toMatchObject({ record: { id: bridgeDone.recordId, article: { title: bridgeDone.title } } });
    // One mode and one set of settings for all.
    expect(harness.engine.requests).toHaveLength(4);
    expect(new Set(harness.engine.requests.map((r) => JSON.stringify([r.mode, r.sampling])))).toEqual(new Set([JSON.stringify(['plain', sampleSampling])]));
  });

  it('cancels one waiting item, then the rest; what was written before the stop is saved as stopped', async () => {
    // Each summary writes a little, then waits for its stop.
    const waitingForStop: Script = async function* (_request, signal) {
      yield { type: 'text', text: 'Partly written.' };
      await aborted(signal);
      yield { type: 'done', output: 'Partly written.', stats: SCRIPTED_STATS, cancelled: true };
    };
    harness = await createHarness();
    harness.engine.script = waitingForStop;
    const files = articles(harness.dataDir, ['one.txt', 'two.txt', 'three.txt']);
    const started = await harness.backend.handle('batch.start', { files, mode: 'plain', sampling: sampleSampling });
    const [one, two, three] = started.items;

    expect(await harness.backend.handle('batch.cancel', { batchId: started.batchId, itemId: two.itemId })).toEqual({ cancelled: 1 });
    await harness.waitFor('summary.text', one.itemId);
    expect(await harness.backend.handle('batch.cancel', { batchId: started.batchId })).toEqual({ cancelled: 2 });
    const done = await harness.waitFor('batch.done');
    expect(done.payload).toMatchObject({ done: 0, failed: 0, cancelled: 3 });

    const events = itemEvents(harness.events, started.batchId);
    expect(statesOf(events, 'one.txt')).toEqual(['waiting', 'summarising', 'cancelled']);
    expect(statesOf(events, 'two.txt')).toEqual(['waiting', 'cancelled']);
    expect(statesOf(events, 'three.txt')).toEqual(['waiting', 'cancelled']);
    expect(harness.engine.requests).toHaveLength(1);
    const history = await harness.backend.handle('history.get', { id: events.find((e) => e.itemId === one.itemId && e.state === 'cancelled')!.recordId! });
    expect(history).toMatchObject({ output: 'Partly written.', cancelled: true });
    expect(three.name).toBe('three.txt');
    expect(await harness.backend.handle('batch.cancel', { batchId: started.batchId })).toEqual({ cancelled: 0 });
  });

  it('closing the app stops the batch and keeps what finished and what was being written', async () => {
    const firstFinishesSecondWaits: Script = async function* (request, signal) {
      yield { type: 'text', text: `Summary of ${request.article.title}.` };
      if (request.article.title.startsWith('two')) await aborted(signal);
      yield { type: 'done', output: `Summary of ${request.article.title}.`, stats: SCRIPTED_STATS, cancelled: signal?.aborted ?? false };
    };
    harness = await createHarness();
    harness.engine.script = firstFinishesSecondWaits;
    const files = articles(harness.dataDir, ['one.txt', 'two.txt', 'three.txt']);
    const started = await harness.backend.handle('batch.start', { files, mode: 'plain', sampling: sampleSampling });
    await harness.waitFor('summary.text', started.items[1].itemId);

    await harness.backend.dispose();
    const store = HistoryStore.open(historyFile(harness.dataDir));
    try {
      const kept = store.list({}).items.map((item) => [item.title, store.get(item.id)?.cancelled]);
      expect(kept.sort()).toEqual([
        ['one reopened on Monday after repairs. Traffic was light.', false],
        ['two reopened on Monday after repairs. Traffic was light.', true],
      ].sort());
    } finally {
      store.close();
    }
    expect(harness.engine.requests).toHaveLength(2);
  });

  it('refuses a prompted batch without a style before queuing anything', async () => {
    harness = await createHarness();
    const files = articles(harness.dataDir, ['one.txt']);
    await expect(harness.backend.handle('batch.start', { files, mode: 'prompted', sampling: sampleSampling })).rejects.toMatchObject({
      code: 'ipc.invalid-args',
    });
    await expect(harness.backend.handle('batch.start', { files: [], mode: 'plain', sampling: sampleSampling })).rejects.toMatchObject({
      code: 'ipc.invalid-args',
    });
    expect(harness.events.filter((e) => e.event.startsWith('batch.'))).toEqual([]);
  });

  it('exports the finished summaries to a folder, one file each, and as one Markdown document', async () => {
    harness = await createHarness();
    const files = articles(harness.dataDir, ['bridge.txt', 'market.txt']);
    await harness.backend.handle('batch.start', { files, mode: 'plain', sampling: sampleSampling });
    await harness.waitFor('batch.done');
    const ids = (await harness.backend.handle('history.list', {})).items.map((item) => item.id);
    const dir = path.join(harness.dataDir, 'out');
    const folder = await harness.backend.handle('history.exportFolder', { ids, format: 'md', path: dir });
    expect(fs.readdirSync(dir).sort()).toEqual(folder.files.map((file) => path.basename(file.path)).sort());
    expect(folder.files).toHaveLength(2);
    const again = await harness.backend.handle('history.exportFolder', { ids, format: 'md', path: dir });
    expect(again.files.every((file) => / \(2\)\.md$/.test(file.path))).toBe(true);
    const combined = await harness.backend.handle('history.export', { ids, format: 'md', path: path.join(harness.dataDir, 'all.md') });
    expect(fs.readFileSync(combined.path, 'utf8').match(/^# /gm)).toHaveLength(2);
  });
});
